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
     * reused (Slots explains why that is sound for precision); (2) the same-epoch cases are
     * checked first without the lock (Rt.getField/putField and the others: their notes), every
     * other case holds the shadow's lock; (3) each shadow
     * keeps the site, goroutine and call-site history id (CallNode.record) of the accesses it
     * remembers, so a report can name them.
     */

    private Detector() {}

    static void read(ThreadState t, VarState v, int site, Object where, int index) {
        long e = t.epoch();
        if (v.r == e) {
            return;
        }
        int s = t.slot;
        int c = Epochs.clock(e);
        if (v.r == VarState.SHARED && s < v.reads.clocks.length && v.reads.clocks[s] == c) {
            return;
        }
        if (v.w != Epochs.NONE && !t.knows(v.w)) {
            Reporter.race("Read", describe(where, index), site, t, "write", v.wSite, v.wBy, v.wHistory);
        }
        long history = CallNode.record(t);
        if (v.r == VarState.SHARED) {
            share(v, s, c, site, t, history);
        } else if (v.r == Epochs.NONE || t.knows(v.r)) {
            v.setR(e);
            v.rSite = site;
            v.rBy = t;
            v.rHistory = history;
        } else {
            long old = v.r;
            v.reads = new VarState.Reads();
            v.setR(VarState.SHARED);
            share(v, Epochs.slot(old), Epochs.clock(old), v.rSite, v.rBy, v.rHistory);
            share(v, s, c, site, t, history);
        }
    }

    static void write(ThreadState t, VarState v, int site, Object where, int index) {
        long e = t.epoch();
        if (v.w == e) {
            return;
        }
        if (v.w != Epochs.NONE && !t.knows(v.w)) {
            Reporter.race("Write", describe(where, index), site, t, "write", v.wSite, v.wBy, v.wHistory);
        }
        if (v.r == VarState.SHARED) {
            VarState.Reads rs = v.reads;
            int[] rvc = rs.clocks;
            for (int s = 0; s < rvc.length; s++) {
                if (rvc[s] != 0 && !t.knows(Epochs.of(rvc[s], s))) {
                    Reporter.race("Write", describe(where, index), site, t, "read", rs.sites[s], rs.bys[s], rs.histories[s]);
                }
            }
            v.setR(Epochs.NONE);
            v.reads = null;
        } else if (v.r != Epochs.NONE && !t.knows(v.r)) {
            Reporter.race("Write", describe(where, index), site, t, "read", v.rSite, v.rBy, v.rHistory);
        }
        v.setW(e);
        v.wSite = site;
        v.wBy = t;
        v.wHistory = CallNode.record(t);
    }

    private static void share(VarState v, int s, int c, int site, ThreadState by, long history) {
        VarState.Reads rs = v.reads;
        if (s >= rs.clocks.length) {
            int n = Math.max(s + 1, rs.clocks.length * 2);
            rs.clocks = java.util.Arrays.copyOf(rs.clocks, n);
            rs.sites = java.util.Arrays.copyOf(rs.sites, n);
            rs.bys = java.util.Arrays.copyOf(rs.bys, n);
            rs.histories = java.util.Arrays.copyOf(rs.histories, n);
        }
        rs.clocks[s] = c;
        rs.sites[s] = site;
        rs.bys[s] = by;
        rs.histories[s] = history;
    }

    /** What a report prints for Go's address: {@code pkg.Class.field}, or {@code int[][3]}. */
    private static String describe(Object where, int index) {
        if (where instanceof FieldKey f) {
            return f.display;
        }
        return where.getClass().getComponentType().getTypeName() + "[][" + index + "]";
    }
}
