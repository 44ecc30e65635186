package racecorpus;

import java.util.concurrent.locks.Lock;
import java.util.concurrent.locks.StampedLock;

/**
 * Writers under a StampedLock's write lock, its Lock view and a read-to-write conversion; the
 * main thread reads under the read lock and with a validated optimistic read: no race.
 */
@Expect(races = 0, category = "StampedLock")
public class StampedLocking {
    int data;

    public static void main(String[] args) throws Exception {
        StampedLocking p = new StampedLocking();
        StampedLock sl = new StampedLock();
        Lock view = sl.asWriteLock();
        Thread a = new Thread(() -> {
            long w = sl.writeLock();
            p.data++;
            sl.unlockWrite(w);
        });
        Thread b = new Thread(() -> {
            view.lock();
            p.data++;
            view.unlock();
        });
        Thread c = new Thread(() -> {
            long s = sl.readLock();
            long w = sl.tryConvertToWriteLock(s);
            if (w != 0) {
                p.data++;
                sl.unlockWrite(w);
            } else {
                sl.unlockRead(s);
                w = sl.writeLock();
                p.data++;
                sl.unlockWrite(w);
            }
        });
        a.start();
        b.start();
        c.start();
        int seen;
        do {
            long r = sl.readLock();
            seen = p.data;
            sl.unlockRead(r);
        } while (seen < 3);
        long stamp = sl.tryOptimisticRead();
        int optimistic = p.data;
        System.out.println(sl.validate(stamp) && optimistic == 3);
        a.join();
        b.join();
        c.join();
    }
}
