package io.go4j.race.internal.rt;

/**
 * Detector is FastTrack (Flanagan and Freund, PLDI 2009): the check of one read or write of one
 * location against the location's shadow, reporting each access that is not ordered by
 * happens-before with a previous conflicting one.
 *
 * <p>Invariants: the caller holds the lock guarding {@code v} (the object's {@link Shadow}, or
 * the static field's {@link FieldKey}); {@code t} is the current thread's attached state.
 */
final class Detector {
    /*
     * Implementation notes.
     *
     * The rules are the paper's, with its names: a read in the same epoch as the last read
     * (READ SAME EPOCH) or, with shared reads, as this slot's last read (READ SHARED SAME EPOCH)
     * is free; otherwise the last write must be ordered before the read (else a write-read race),
     * and the read replaces the last read if that one is ordered before it (READ EXCLUSIVE), or
     * the reads become a vector (READ SHARE / READ SHARED). A write in the last write's epoch is
     * free (WRITE SAME EPOCH); otherwise the last write and the last read(s) must be ordered
     * before it, and after a shared read vector is checked it is dropped (WRITE SHARED).
     *
     * Differences from the paper: (1) an epoch is a slot's clock, not a thread's, and slots are
     * reused (Slots explains why that is sound for precision); (2) all accesses hold the shadow's
     * lock, where the paper's tool relies on the fast paths being benign races; (3) each shadow
     * keeps the site and goroutine of the accesses it remembers, so a report can name them.
     */

    private Detector() {}

    static void read(ThreadState t, VarState v, int site, Object where, int index) {
        long e = t.epoch();
        if (v.r == e) {
            return;
        }
        int s = t.slot;
        int c = Epochs.clock(e);
        if (v.r == VarState.SHARED && s < v.rvc.length && v.rvc[s] == c) {
            return;
        }
        if (v.w != Epochs.NONE && !t.knows(v.w)) {
            Reporter.race("Read", describe(where, index), site, t, "write", v.wSite, v.wBy, v.wNode);
        }
        if (v.r == VarState.SHARED) {
            share(v, s, c, site, t, t.node);
        } else if (v.r == Epochs.NONE || t.knows(v.r)) {
            v.r = e;
            v.rSite = site;
            v.rBy = t;
            v.rNode = t.node;
        } else {
            long old = v.r;
            v.rvc = new int[0];
            v.rSites = new int[0];
            v.rBys = new ThreadState[0];
            v.rNodes = new CallNode[0];
            v.r = VarState.SHARED;
            share(v, Epochs.slot(old), Epochs.clock(old), v.rSite, v.rBy, v.rNode);
            share(v, s, c, site, t, t.node);
        }
    }

    static void write(ThreadState t, VarState v, int site, Object where, int index) {
        long e = t.epoch();
        if (v.w == e) {
            return;
        }
        if (v.w != Epochs.NONE && !t.knows(v.w)) {
            Reporter.race("Write", describe(where, index), site, t, "write", v.wSite, v.wBy, v.wNode);
        }
        if (v.r == VarState.SHARED) {
            int[] rvc = v.rvc;
            for (int s = 0; s < rvc.length; s++) {
                if (rvc[s] != 0 && !t.knows(Epochs.of(rvc[s], s))) {
                    Reporter.race("Write", describe(where, index), site, t, "read", v.rSites[s], v.rBys[s], v.rNodes[s]);
                }
            }
            v.r = Epochs.NONE;
            v.rvc = null;
            v.rSites = null;
            v.rBys = null;
            v.rNodes = null;
        } else if (v.r != Epochs.NONE && !t.knows(v.r)) {
            Reporter.race("Write", describe(where, index), site, t, "read", v.rSite, v.rBy, v.rNode);
        }
        v.w = e;
        v.wSite = site;
        v.wBy = t;
        v.wNode = t.node;
    }

    private static void share(VarState v, int s, int c, int site, ThreadState by, CallNode node) {
        if (s >= v.rvc.length) {
            int n = Math.max(s + 1, v.rvc.length * 2);
            v.rvc = java.util.Arrays.copyOf(v.rvc, n);
            v.rSites = java.util.Arrays.copyOf(v.rSites, n);
            v.rBys = java.util.Arrays.copyOf(v.rBys, n);
            v.rNodes = java.util.Arrays.copyOf(v.rNodes, n);
        }
        v.rvc[s] = c;
        v.rSites[s] = site;
        v.rBys[s] = by;
        v.rNodes[s] = node;
    }

    /** What a report prints for Go's address: {@code pkg.Class.field}, or {@code int[][3]}. */
    private static String describe(Object where, int index) {
        if (where instanceof FieldKey f) {
            return f.display;
        }
        return where.getClass().getComponentType().getTypeName() + "[][" + index + "]";
    }
}
