package racecorpus;

import java.util.concurrent.locks.ReentrantReadWriteLock;

/** Two writers under the *read* lock: readers exclude writers, not each other: a race. */
@Expect(races = 1, category = "locks")
public class ReadLockWrites {
    int data;

    public static void main(String[] args) throws Exception {
        ReadLockWrites p = new ReadLockWrites();
        ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        ReentrantReadWriteLock.ReadLock r = rw.readLock();
        Thread t = new Thread(() -> {
            r.lock();
            p.data = 1; // RACE
            r.unlock();
        });
        r.lock();   // held while the other thread starts and writes: both are inside at once
        t.start();
        p.data = 2; // RACE
        t.join();
        r.unlock();
    }
}
