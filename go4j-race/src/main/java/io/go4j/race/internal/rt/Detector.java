package io.go4j.race.internal.rt;

/**
 * Detector is FastTrack (Flanagan and Freund, PLDI 2009): the check of one read or write of one
 * location against the location's shadow, reporting each access that is not ordered by
 * happens-before with a previous conflicting one.
 *
 * <p>Invariants: the caller holds the lock guarding the location's words (the object's
 * {@link Shadow}, or the static field's {@link FieldKey}); {@code t} is the current thread's
 * attached state.
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

    /**
     * Checks a read of the location at words {@code b} and {@code b + 1} of {@code clocks} and
     * {@code ats} (VarState's layout) and records it.
     */
    static void read(ThreadState t, int[] clocks, Object[] ats, int b, int site, Object where, int index) {
        int s = t.slot;
        int c = t.vc[s];
        Object last = ats[b + 1];
        if (VarState.sameEpoch(t, clocks[b + 1], last)) {
            return;
        }
        if (last instanceof VarState.Reads rs && s < rs.clocks.length && rs.clocks[s] == c) {
            return;
        }
        if (ats[b] instanceof VarState.Access w && !t.knows(clocks[b], w.slot())) {
            race("Read", where, index, site, t, "write", w);
        }
        VarState.Access at = t.access(site, CallNode.record(t));
        if (last instanceof VarState.Reads rs) {
            share(rs, s, c, at);
        } else if (last == null || t.knows(clocks[b + 1], ((VarState.Access) last).slot())) {
            clocks[b + 1] = c;
            ats[b + 1] = at;
        } else {
            VarState.Access r = (VarState.Access) last;
            VarState.Reads rs = new VarState.Reads();
            share(rs, r.slot(), clocks[b + 1], r);
            share(rs, s, c, at);
            clocks[b + 1] = 0;
            ats[b + 1] = rs;
        }
    }

    /**
     * Checks a write of the location at words {@code b} and {@code b + 1} of {@code clocks} and
     * {@code ats} (VarState's layout) and records it.
     */
    static void write(ThreadState t, int[] clocks, Object[] ats, int b, int site, Object where, int index) {
        if (VarState.sameEpoch(t, clocks[b], ats[b])) {
            return;
        }
        if (ats[b] instanceof VarState.Access w && !t.knows(clocks[b], w.slot())) {
            race("Write", where, index, site, t, "write", w);
        }
        Object last = ats[b + 1];
        if (last instanceof VarState.Reads rs) {
            int[] rvc = rs.clocks;
            for (int s = 0; s < rvc.length; s++) {
                if (rvc[s] != 0 && !t.knows(rvc[s], s)) {
                    race("Write", where, index, site, t, "read", rs.ats[s]);
                }
            }
            clocks[b + 1] = 0;
            ats[b + 1] = null;
        } else if (last instanceof VarState.Access r && !t.knows(clocks[b + 1], r.slot())) {
            race("Write", where, index, site, t, "read", r);
        }
        clocks[b] = t.vc[t.slot];
        ats[b] = t.access(site, CallNode.record(t));
    }

    private static void race(String kind, Object where, int index, int site, ThreadState t, String before, VarState.Access prev) {
        Reporter.race(kind, describe(where, index), site, t, before, prev.site(), prev.by(), prev.history());
    }

    private static void share(VarState.Reads rs, int s, int c, VarState.Access at) {
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
