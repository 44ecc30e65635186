package io.go4j.race.internal.rt;

/**
 * SyncVar is the clock of one synchronisation point (a monitor, a volatile field of one object,
 * a go4j channel's buffer slot, an atomic, a task's completion): a release stores or joins the
 * releaser's clock into it, an acquire joins it into the acquirer's.
 *
 * <p>Invariants: {@code clock} is read and written under this object's monitor. {@code also},
 * when set, is another point every acquire of this one acquires too (a Future and the task that
 * completes it).
 */
final class SyncVar {
    private int[] clock = new int[0];   // guarded by this
    private volatile SyncVar also;      // set once, by the call that links a future to its task

    /** Stores {@code t}'s clock here (a release by the only possible releaser: a lock's owner). */
    synchronized void release(ThreadState t) {
        clock = t.vc.clone();
    }

    /** Joins {@code t}'s clock into this one (a release among many releasers). */
    synchronized void releaseMerge(ThreadState t) {
        int[] c = t.vc;
        if (c.length > clock.length) {
            clock = java.util.Arrays.copyOf(clock, c.length);
        }
        for (int i = 0; i < c.length; i++) {
            if (c[i] > clock[i]) {
                clock[i] = c[i];
            }
        }
    }

    /** Joins this clock (and the linked point's) into {@code t}'s. */
    void acquireInto(ThreadState t) {
        synchronized (this) {
            t.join(clock);
        }
        SyncVar a = also;
        if (a != null) {
            a.acquireInto(t);
        }
    }

    /** Makes every acquire of this point acquire {@code other} too. */
    void link(SyncVar other) {
        also = other;
    }
}
