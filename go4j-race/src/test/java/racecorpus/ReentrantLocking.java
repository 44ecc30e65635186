package racecorpus;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.ReentrantLock;

/** Writers under one ReentrantLock (through Lock and through the class): no race. */
@Expect(races = 0, category = "locks")
public class ReentrantLocking {
    int counter;

    public static void main(String[] args) throws Exception {
        ReentrantLocking p = new ReentrantLocking();
        ReentrantLock lock = new ReentrantLock();
        Lock asLock = lock;
        Thread t = new Thread(() -> {
            for (int i = 0; i < 100; i++) {
                asLock.lock();
                try {
                    p.counter++;
                } finally {
                    asLock.unlock();
                }
            }
        });
        t.start();
        for (int i = 0; i < 100; i++) {
            lock.lock();
            try {
                p.counter++;
            } finally {
                lock.unlock();
            }
        }
        t.join();
    }
}
