package racecorpus;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/** A guarded wait on a Condition: await gives up the lock and takes it back: no race. */
@Expect(races = 0, category = "locks")
public class ConditionHandOff {
    int data;
    boolean ready;

    public static void main(String[] args) throws Exception {
        ConditionHandOff p = new ConditionHandOff();
        ReentrantLock lock = new ReentrantLock();
        Condition filled = lock.newCondition();
        Thread t = new Thread(() -> {
            lock.lock();
            try {
                while (!p.ready) {
                    filled.awaitUninterruptibly();
                }
                System.out.println(p.data);
            } finally {
                lock.unlock();
            }
        });
        t.start();
        lock.lock();
        try {
            p.data = 3;
            p.ready = true;
            filled.signalAll();
        } finally {
            lock.unlock();
        }
        t.join();
    }
}
