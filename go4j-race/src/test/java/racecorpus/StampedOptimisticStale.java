package racecorpus;

import java.util.concurrent.locks.StampedLock;

/**
 * An optimistic read with a stamp taken before the writer ran: the read races with the write
 * (validate then fails: the value must be discarded, and the read still raced).
 */
@Expect(races = 1, category = "StampedLock")
public class StampedOptimisticStale {
    int data;

    public static void main(String[] args) throws Exception {
        StampedOptimisticStale p = new StampedOptimisticStale();
        StampedLock sl = new StampedLock();
        long stamp = sl.tryOptimisticRead();
        Thread w = new Thread(() -> {
            long s = sl.writeLock();
            p.data = 1; // RACE
            sl.unlockWrite(s);
        });
        w.start();
        while (w.getState() != Thread.State.TERMINATED) {   // no edge in the model
            Thread.onSpinWait();
        }
        int v = p.data; // RACE
        System.out.println(sl.validate(stamp) || v == 1);
    }
}
