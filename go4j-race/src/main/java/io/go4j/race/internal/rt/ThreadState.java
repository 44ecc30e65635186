package io.go4j.race.internal.rt;

import java.lang.ref.WeakReference;

/**
 * ThreadState is the detector's view of one thread (a goroutine, in Go's words): its slot, its
 * vector clock and what a report says about it.
 *
 * <p>Invariants: while attached ({@code slot >= 0}), {@code vc[slot]} is the thread's own clock
 * and only the thread itself advances it, except while it is parked in a go4j primitive whose
 * peer reports events on its behalf (the primitive's wake-up orders those writes before the
 * thread's next read). {@code vc} is never shrunk; a component beyond its length is 0.
 * Non-invariant: a detached state ({@code slot < 0}) keeps its last clock, which a later
 * {@code join} still acquires; an attached state's slot may have been preempted ({@code
 * preempted}): it is the thread's own until its next event (Slots' note 4).
 */
final class ThreadState extends RtLock {
    final long goid;                       // Thread.threadId(): go4j-debug's goroutine id
    final boolean main;                    // the thread that ran premain: "main goroutine"
    final WeakReference<Thread> thread;    // for liveness (slots of dead threads are reclaimed)
    final Reporter.Creation createdAt;     // where it was created (Creation.NONE: not known)
    final boolean managed;                 // its end is reported (goExit, a wrapped task), not swept

    int slot = -1;                         // written under Slots' lock
    volatile boolean preempted;            // its slot was taken (Slots): re-attach at the next event
    int[] vc = new int[0];                 // written by the thread itself (class comment)
    private int[] snapshot;                // shared(): vc as of its last change but its own clock's ticks; null: none yet
    volatile boolean finished;             // set when it ends, or when its dead thread is swept
    CallNode node = CallNode.ROOT;         // the calls it is inside, maybe of an older generation; by the thread itself
    int overflow;                          // calls below CallNode.MAX_DEPTH; written by the thread itself
    private VarState.Access[] accesses;    // access(): the last record handed out per site slot; by the thread itself

    /** Slots of the access cache (a power of two); empirical: a loop's accesses are a handful of sites. */
    private static final int ACCESS_CACHE = 16;

    ThreadState(Thread t, boolean main, Reporter.Creation createdAt, boolean managed) {
        this.goid = t == null ? 0 : t.threadId();
        this.main = main;
        this.thread = new WeakReference<>(t);
        this.createdAt = createdAt;
        this.managed = managed;
    }

    /**
     * Returns the record of an access by this thread at {@code site} with {@code history}: the
     * one it handed out last for that site if the history and the slot are the same, else a new one (a small
     * cache by site, made on first use: a goroutine that accesses nothing pays nothing). Called
     * by the thread itself.
     */
    VarState.Access access(int site, long history) {
        VarState.Access[] cache = accesses;
        if (cache == null) {
            cache = accesses = new VarState.Access[ACCESS_CACHE];
        }
        int i = site & (ACCESS_CACHE - 1);
        VarState.Access a = cache[i];
        if (a == null || a.site() != site || a.history() != history || a.slot() != slot) {
            a = cache[i] = new VarState.Access(site, slot, this, history);
        }
        return a;
    }

    /**
     * Returns whether the access at {@code clock} of {@code slot} (FastTrack's epoch, an access by
     * any thread) happens-before now in this thread.
     */
    boolean knows(int clock, int slot) {
        return clock <= (slot < vc.length ? vc[slot] : 0);
    }

    /** Joins {@code clock} into this thread's clock (an acquire). */
    void join(int[] clock) {
        if (clock.length > vc.length) {
            vc = java.util.Arrays.copyOf(vc, clock.length);
        }
        int[] v = vc;
        int n = clock.length;
        int behind = 0;
        for (int i = 0; i < n; i++) {
            behind |= v[i] - clock[i];         // negative once a component of clock is ahead
            v[i] = Math.max(v[i], clock[i]);   // branch-free: C2 vectorises it (SyncVar's note)
        }
        if (behind < 0) {
            snapshot = null;
        }
    }

    /** Joins component {@code s} of another clock, {@code c}, into this thread's clock. */
    void join(int s, int c) {
        if (s >= vc.length) {
            vc = java.util.Arrays.copyOf(vc, s + 1);
        }
        if (vc[s] < c) {
            vc[s] = c;
            snapshot = null;
        }
    }

    /**
     * Returns this thread's clock as an array no one writes, to be shared by the synchronisation
     * points it releases into (SyncVar's note 2): equal to the clock but perhaps in the thread's
     * own component, which a release records beside it. Made again only after the clock changed
     * otherwise than by {@link #tick}.
     */
    int[] shared() {
        int[] s = snapshot;
        return s != null ? s : (snapshot = vc.clone());
    }

    /** Returns whether this thread has a shared clock now (one made and still equal to its clock). */
    boolean hasShared() {
        return snapshot != null;
    }

    /** Returns whether {@code c} is this thread's shared clock now. */
    boolean shares(int[] c) {
        return snapshot == c && c != null;
    }

    /** Forgets the shared clock: {@code vc} changed in a component other than this thread's own. */
    void clockChanged() {
        snapshot = null;
    }

    /** Advances this thread's own clock: accesses after a release are not covered by it. */
    void tick() {
        vc[slot]++;
    }

    /** Returns whether the thread has ended (a report's "(finished)"). */
    boolean isFinished() {
        Thread t = thread.get();
        return finished || t == null || !t.isAlive();
    }

    /** Returns how a report names this goroutine: "goroutine 7" or "main goroutine". */
    String name() {
        return main ? "main goroutine" : "goroutine " + goid;
    }
}
