package io.go4j.race.internal.rt;

/**
 * SyncVar is the clock of one synchronisation point (a monitor, a volatile field of one object,
 * a go4j channel's buffer slot, an atomic, a task's completion): a release stores or joins the
 * releaser's clock into it, an acquire joins it into the acquirer's.
 *
 * <p>Invariants: {@code clock} is read and written under this object's monitor. {@code also},
 * lists other points every acquire of this one acquires too (a Future and the task or function
 * whose end completes it).
 */
final class SyncVar {
    private static final SyncVar[] NONE = new SyncVar[0];
    private int[] clock = new int[0];   // guarded by this
    private volatile SyncVar[] also = NONE;   // copy-on-write, appended under this

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
        for (SyncVar a : also) {
            a.acquireInto(t);
        }
    }

    /**
     * Makes every acquire of this point acquire {@code other} too (a future and the task or
     * function whose end completes it). Links form a DAG in practice (a later future links to
     * earlier ones); a cycle is refused rather than followed for ever.
     */
    synchronized void link(SyncVar other) {
        if (other == this) {
            return;
        }
        SyncVar[] a = java.util.Arrays.copyOf(also, also.length + 1);
        a[also.length] = other;
        also = a;
    }
}
