package io.go4j.race.internal.rt;

/**
 * SyncVar is the clock of one synchronisation point (a monitor, a volatile field of one object,
 * a go4j channel's buffer slot, an atomic, a task's completion): a release stores or joins the
 * releaser's clock into it, an acquire joins it into the acquirer's.
 *
 * <p>Invariants: {@code clock}, {@code slot} and {@code own} are read and written under this
 * object's RtLock. With {@code slot < 0} the clock is this point's own array; with
 * {@code slot >= 0} it is a releaser's shared clock ({@link ThreadState#shared}), never written,
 * and the point's clock is that one with component {@code slot} raised to {@code own}.
 * {@code also} lists other points every acquire of this one acquires too (a Future and the task
 * or function whose end completes it).
 */
final class SyncVar extends RtLock {
    /*
     * Implementation notes.
     *
     * 1. Clocks are as long as the slots ever made (Slots: up to 256), and every go4j channel
     *    operation or lock hand-off joins one, so the joins are written branch-free
     *    (v[i] = Math.max(v[i], c[i])), which C2 turns into vector instructions: 256 components
     *    in ~17 ns against ~85 ns for the compare-and-store loop (same JVM, same arrays). A point
     *    released again and again (a Mutex) stores into the array it already has instead of
     *    cloning the releaser's: no 1 KB allocation per unlock.
     * 2. A point released once or by one thread (a context's cancellation, a volatile field one
     *    thread writes, a future) shares the releaser's clock instead of copying it: the thread
     *    keeps an unwritten copy of its clock until the clock changes otherwise than by its own
     *    ticks (ThreadState.shared), and the point records the own component beside it. A
     *    thread that makes 100,000 contexts in a row holds one copy for all of them, not 100,000
     *    arrays of up to 1 KB (go4j-core's suite under the agent kept 225 MB live in its
     *    100,000-level context chain). The point takes an array of its own when a second
     *    releaser merges into it or a value passes through it.
     */

    private static final SyncVar[] NONE = new SyncVar[0];
    private int[] clock = new int[0];   // guarded by this RtLock; shared (read only) when slot >= 0
    private int slot = -1;              // shared: the releaser's slot...
    private int own;                    // ...and its clock there
    private volatile SyncVar[] also = NONE;   // copy-on-write, appended under this

    /** Stores {@code t}'s clock here (a release by the only possible releaser: a lock's owner). */
    void release(ThreadState t) {
        lock();
        try {
            if (clock.length == 0 || slot >= 0 && t.hasShared()) {
                share(t);   // the first release, or a point that shares and a copy that exists (note 2)
                return;
            }
            int[] c = t.vc;
            int n = c.length;
            if (slot >= 0 || clock.length < n) {
                clock = new int[n];   // never into a shared clock
                slot = -1;
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
            if (clock.length == 0) {
                share(t);
            } else if (slot >= 0 && slot == t.slot && t.shares(clock)) {
                own = Math.max(own, t.vc[slot]);   // the same releaser, its clock unchanged but for its ticks
            } else {
                merge(t.vc);
            }
        } finally {
            unlock();
        }
    }

    /** Makes this point's clock {@code t}'s, shared (note 2). */
    private void share(ThreadState t) {
        clock = t.shared();
        slot = t.slot;
        own = t.vc[slot];
    }

    /** Gives this point an array of its own with the clock it shares. */
    private void materialize() {
        if (slot >= 0) {
            int[] c = java.util.Arrays.copyOf(clock, Math.max(clock.length, slot + 1));
            c[slot] = Math.max(c[slot], own);
            clock = c;
            slot = -1;
        }
    }

    private void merge(int[] c) {
        materialize();
        if (c.length > clock.length) {
            clock = java.util.Arrays.copyOf(clock, c.length);
        }
        int[] v = clock;
        int n = c.length;
        for (int i = 0; i < n; i++) {
            v[i] = Math.max(v[i], c[i]);   // branch-free: vectorised (implementation note 1)
        }
    }

    /** Joins this clock (and the linked point's) into {@code t}'s. */
    void acquireInto(ThreadState t) {
        lock();
        try {
            t.join(clock);
            if (slot >= 0) {
                t.join(slot, own);
            }
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
            materialize();
            int n = Math.max(clock.length, t.vc.length);
            if (t.vc.length < n) {
                t.vc = java.util.Arrays.copyOf(t.vc, n);
            }
            if (clock.length < n) {
                clock = java.util.Arrays.copyOf(clock, n);
            }
            int[] v = t.vc;
            int[] c = clock;
            int behind = 0;
            for (int i = 0; i < n; i++) {
                int m = Math.max(v[i], c[i]);
                behind |= v[i] - c[i];
                v[i] = m;
                c[i] = m;
            }
            if (behind < 0) {
                t.clockChanged();
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
