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
            race("Read", where, index, site, t, "write", v.wAt);
        }
        VarState.Access at = t.access(site, CallNode.record(t));
        if (v.r == VarState.SHARED) {
            share(v, s, c, at);
        } else if (v.r == Epochs.NONE || t.knows(v.r)) {
            v.setR(e);
            v.rAt = at;
        } else {
            long old = v.r;
            v.reads = new VarState.Reads();
            v.setR(VarState.SHARED);
            share(v, Epochs.slot(old), Epochs.clock(old), v.rAt);
            v.rAt = null;
            share(v, s, c, at);
        }
    }

    static void write(ThreadState t, VarState v, int site, Object where, int index) {
        long e = t.epoch();
        if (v.w == e) {
            return;
        }
        if (v.w != Epochs.NONE && !t.knows(v.w)) {
            race("Write", where, index, site, t, "write", v.wAt);
        }
        if (v.r == VarState.SHARED) {
            VarState.Reads rs = v.reads;
            int[] rvc = rs.clocks;
            for (int s = 0; s < rvc.length; s++) {
                if (rvc[s] != 0 && !t.knows(Epochs.of(rvc[s], s))) {
                    race("Write", where, index, site, t, "read", rs.ats[s]);
                }
            }
            v.setR(Epochs.NONE);
            v.reads = null;
        } else if (v.r != Epochs.NONE && !t.knows(v.r)) {
            race("Write", where, index, site, t, "read", v.rAt);
        }
        v.setW(e);
        v.wAt = t.access(site, CallNode.record(t));
    }

    private static void race(String kind, Object where, int index, int site, ThreadState t, String before, VarState.Access prev) {
        Reporter.race(kind, describe(where, index), site, t, before, prev.site(), prev.by(), prev.history());
    }

    private static void share(VarState v, int s, int c, VarState.Access at) {
        VarState.Reads rs = v.reads;
        if (s >= rs.clocks.length) {
            int n = Math.max(s + 1, rs.clocks.length * 2);
            rs.clocks = java.util.Arrays.copyOf(rs.clocks, n);
            rs.ats = java.util.Arrays.copyOf(rs.ats, n);
        }
        rs.clocks[s] = c;
        rs.ats[s] = at;
    }

    /** What a report prints for Go's address: {@code pkg.Class.field}, or {@code int[][3]}. */
    private static String describe(Object where, int index) {
        if (where instanceof FieldKey f) {
            return f.display;
        }
        return where.getClass().getComponentType().getTypeName() + "[][" + index + "]";
    }
}
