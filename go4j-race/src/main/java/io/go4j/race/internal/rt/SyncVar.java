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
    /*
     * Implementation notes.
     *
     * Clocks are as long as the slots ever made (Slots: up to 256), and every go4j channel
     * operation or lock hand-off joins one, so the joins are written branch-free
     * (v[i] = Math.max(v[i], c[i])), which C2 turns into vector instructions: 256 components in
     * ~17 ns against ~85 ns for the compare-and-store loop (same JVM, same arrays). A release
     * stores into the clock it already has instead of cloning the releaser's: no 1 KB
     * allocation per Mutex unlock.
     */

    private static final SyncVar[] NONE = new SyncVar[0];
    private int[] clock = new int[0];   // guarded by this RtLock
    private volatile SyncVar[] also = NONE;   // copy-on-write, appended under this

    /** Stores {@code t}'s clock here (a release by the only possible releaser: a lock's owner). */
    void release(ThreadState t) {
        int[] c = t.vc;
        lock();
        try {
            int n = c.length;
            if (clock.length < n) {
                clock = new int[n];
            }
            System.arraycopy(c, 0, clock, 0, n);
            java.util.Arrays.fill(clock, n, clock.length, 0);   // a component beyond t's clock is 0 in it
        } finally {
            unlock();
        }
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
        int[] v = clock;
        int n = c.length;
        for (int i = 0; i < n; i++) {
            v[i] = Math.max(v[i], c[i]);   // branch-free: vectorised (implementation notes)
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
     * Acquires this point into {@code t}, then stores {@code t}'s clock here (Go's
     * {@code racenotify}: a value through a channel's buffer slot), in one pass under one lock:
     * both clocks become their join. The caller ticks {@code t}, as after any release.
     */
    void passThrough(ThreadState t) {
        if (also.length > 0) {
            acquireInto(t);
            release(t);
            return;
        }
        lock();
        try {
            int n = Math.max(clock.length, t.vc.length);
            if (t.vc.length < n) {
                t.vc = java.util.Arrays.copyOf(t.vc, n);
            }
            if (clock.length < n) {
                clock = java.util.Arrays.copyOf(clock, n);
            }
            int[] v = t.vc;
            int[] c = clock;
            for (int i = 0; i < n; i++) {
                int m = Math.max(v[i], c[i]);
                v[i] = m;
                c[i] = m;
            }
        } finally {
            unlock();
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
