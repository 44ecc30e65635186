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
     * Checks a read of the location at words {@code b} and {@code b + 1} of {@code epochs} and
     * {@code ats} (VarState's layout) and records it.
     */
    static void read(ThreadState t, long[] epochs, Object[] ats, int b, int site, Object where, int index) {
        long e = t.epoch();
        long r = epochs[b + 1];
        if (r == e) {
            return;
        }
        int s = t.slot;
        int c = Epochs.clock(e);
        if (r == VarState.SHARED) {
            VarState.Reads rs = (VarState.Reads) ats[b + 1];
            if (s < rs.clocks.length && rs.clocks[s] == c) {
                return;
            }
        }
        long w = epochs[b];
        if (w != Epochs.NONE && !t.knows(w)) {
            race("Read", where, index, site, t, "write", (VarState.Access) ats[b]);
        }
        VarState.Access at = t.access(site, CallNode.record(t));
        if (r == VarState.SHARED) {
            share((VarState.Reads) ats[b + 1], s, c, at);
        } else if (r == Epochs.NONE || t.knows(r)) {
            VarState.setEpoch(epochs, b + 1, e);
            ats[b + 1] = at;
        } else {
            VarState.Reads rs = new VarState.Reads();
            share(rs, Epochs.slot(r), Epochs.clock(r), (VarState.Access) ats[b + 1]);
            share(rs, s, c, at);
            ats[b + 1] = rs;
            VarState.setEpoch(epochs, b + 1, VarState.SHARED);
        }
    }

    /**
     * Checks a write of the location at words {@code b} and {@code b + 1} of {@code epochs} and
     * {@code ats} (VarState's layout) and records it.
     */
    static void write(ThreadState t, long[] epochs, Object[] ats, int b, int site, Object where, int index) {
        long e = t.epoch();
        long w = epochs[b];
        if (w == e) {
            return;
        }
        if (w != Epochs.NONE && !t.knows(w)) {
            race("Write", where, index, site, t, "write", (VarState.Access) ats[b]);
        }
        long r = epochs[b + 1];
        if (r == VarState.SHARED) {
            VarState.Reads rs = (VarState.Reads) ats[b + 1];
            int[] rvc = rs.clocks;
            for (int s = 0; s < rvc.length; s++) {
                if (rvc[s] != 0 && !t.knows(Epochs.of(rvc[s], s))) {
                    race("Write", where, index, site, t, "read", rs.ats[s]);
                }
            }
            VarState.setEpoch(epochs, b + 1, Epochs.NONE);
            ats[b + 1] = null;
        } else if (r != Epochs.NONE && !t.knows(r)) {
            race("Write", where, index, site, t, "read", (VarState.Access) ats[b + 1]);
        }
        VarState.setEpoch(epochs, b, e);
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
