package io.go4j.race.internal.rt;

/**
 * SyncVar is the clock of one synchronisation point (a monitor, a volatile field of one object,
 * a go4j channel's buffer slot, an atomic, a task's completion): a release stores or joins the
 * releaser's clock into it, an acquire joins it into the acquirer's.
 *
 * <p>Invariants: {@code clock} is read and written under this object's RtLock. {@code also},
 * lists other points every acquire of this one acquires too (a Future and the task or function
 * whose end completes it).
 */
final class SyncVar extends RtLock {
    private static final SyncVar[] NONE = new SyncVar[0];
    private int[] clock = new int[0];   // guarded by this RtLock
    private volatile SyncVar[] also = NONE;   // copy-on-write, appended under this

    /** Stores {@code t}'s clock here (a release by the only possible releaser: a lock's owner). */
    void release(ThreadState t) {
        int[] c = t.vc.clone();
        lock();
        clock = c;
        unlock();
    }

    /** Joins {@code t}'s clock into this one (a release among many releasers). */
    void releaseMerge(ThreadState t) {
        lock();
        try {
            merge(t.vc);
        } finally {
            unlock();
        }
    }

    private void merge(int[] c) {
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
        lock();
        try {
            t.join(clock);
        } finally {
            unlock();
        }
        for (SyncVar a : also) {
            a.acquireInto(t);
        }
    }

    /**
     * Makes every acquire of this point acquire {@code other} too (a future and the task or
     * function whose end completes it). Links form a DAG in practice (a later future links to
     * earlier ones); a cycle is refused rather than followed for ever.
     */
    void link(SyncVar other) {
        if (other == this) {
            return;
        }
        lock();
        try {
            SyncVar[] a = java.util.Arrays.copyOf(also, also.length + 1);
            a[also.length] = other;
            also = a;
        } finally {
            unlock();
        }
    }
}
