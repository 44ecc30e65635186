package racecorpus;

import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/** A writer under the write lock, a reader under the read lock of one ReentrantReadWriteLock: no race. */
@Expect(races = 0, category = "locks")
public class ReadWriteLocking {
    int data;

    public static void main(String[] args) throws Exception {
        ReadWriteLocking p = new ReadWriteLocking();
        ReentrantReadWriteLock rw = new ReentrantReadWriteLock();
        ReadWriteLock asInterface = rw;
        Thread t = new Thread(() -> {
            for (int i = 0; i < 50; i++) {
                asInterface.writeLock().lock();
                p.data++;
                asInterface.writeLock().unlock();
            }
        });
        t.start();
        int seen = 0;
        for (int i = 0; i < 50; i++) {
            rw.readLock().lock();
            seen = p.data;
            rw.readLock().unlock();
        }
        t.join();
        System.out.println(seen >= 0);
    }
}
