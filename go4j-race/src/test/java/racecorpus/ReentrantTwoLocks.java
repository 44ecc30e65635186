package racecorpus;

import java.util.concurrent.locks.ReentrantLock;

/** The writers take different locks: a race. */
@Expect(races = 1, category = "locks")
public class ReentrantTwoLocks {
    int x;

    public static void main(String[] args) throws Exception {
        ReentrantTwoLocks p = new ReentrantTwoLocks();
        ReentrantLock a = new ReentrantLock();
        ReentrantLock b = new ReentrantLock();
        Thread t = new Thread(() -> {
            a.lock();
            p.x = 1; // RACE
            a.unlock();
        });
        t.start();
        b.lock();
        p.x = 2; // RACE
        b.unlock();
        t.join();
    }
}
