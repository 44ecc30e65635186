package io.go4j.race.internal.rt;

/**
 * Shadow holds the detector's state about one object: the words ({@link VarState}'s layout) of
 * each instrumented field accessed so far, at its index in the class's {@link Layout}, and the
 * {@link SyncVar} of each volatile field; or, for an array, the words of its elements, by pages;
 * and the object's own synchronisation points (its monitor, the edges of the
 * {@code java.util.concurrent} or go4j API it implements).
 *
 * <p>Invariants: guarded by its own RtLock, which the detector holds while it checks and updates
 * one of the object's locations (one lock per object: two threads racing on the same object
 * serialise in the detector, as the check-and-update must be atomic). The same-epoch check
 * without the lock ({@link #fieldSameEpoch}, {@link #elementSameEpoch}) reads under the lock's
 * stamp (RtLock), so it never acts on a clock and a record from different updates, nor on arrays
 * being grown. A field's arrays grow by copy; a page, once made, is never replaced.
 */
final class Shadow extends RtLock {
    private static final int[] NO_CLOCKS = new int[0];
    private static final Object[] NO_ATS = new Object[0];

    /** Elements per page of an array's shadow: a large array touched sparsely costs its pages only. */
    static final int PAGE_SHIFT = 9;
    private static final int PAGE = 1 << PAGE_SHIFT;

    private int[] clocks = NO_CLOCKS;   // the fields' clocks, VarState.WORDS per Layout index
    private Object[] ats = NO_ATS;      // and their records
    private Page[] pages;               // an array's elements, made on first access
    private Syncs syncs;                // the object's synchronisation points, made on first use

    /**
     * Slots below this are kept in an array indexed by slot (Syncs): a go4j channel's buffer slots are
     * 0 to its capacity - 1, and a search through 64 of them on every send and receive showed in
     * the profile of MpmcBenchmark under the agent. Larger and negative slots (the JVM's and API
     * points, Rt.MONITOR...) are searched. Empirical bound: a channel of more than 4096 buffered
     * values uses the search beyond it.
     */
    private static final int DENSE_SLOTS = 4096;

    /** The words of the elements {@code PAGE * k} to {@code PAGE * (k + 1) - 1} of an array. */
    static final class Page {
        final int[] clocks;
        final Object[] ats;

        Page(int elements) {
            clocks = new int[VarState.WORDS * elements];
            ats = new Object[VarState.WORDS * elements];
        }
    }

    /**
     * Returns whether word {@code i} of the fields (a field's write, or read at {@code i + 1}) was
     * last accessed by {@code t} in its current epoch (no lock needed: read under a stamp; false
     * when the lock is held).
     */
    boolean fieldSameEpoch(ThreadState t, int i) {
        int stamp = stamp();
        int[] c = clocks;
        Object[] a = ats;
        return i < c.length && i < a.length && VarState.sameEpoch(t, c[i], a[i]) && validate(stamp);
    }

    /**
     * Returns the fields' clocks, long enough for the field at {@code index} of a class whose
     * layout has {@code size} fields now (under the lock).
     */
    int[] fieldClocks(int index, int size) {
        int[] c = clocks;
        if (c.length >= VarState.WORDS * (index + 1)) {
            return c;
        }
        int n = VarState.WORDS * Math.max(index + 1, size);
        ats = java.util.Arrays.copyOf(ats, n);
        return clocks = java.util.Arrays.copyOf(c, n);
    }

    /** Returns the fields' records (under the lock, after {@link #fieldClocks(int, int)}). */
    Object[] fieldAts() {
        return ats;
    }

    /**
     * Returns whether word {@code i} of element {@code element}'s page was last accessed by
     * {@code t} in its current epoch (no lock needed, as {@link #fieldSameEpoch}).
     */
    boolean elementSameEpoch(ThreadState t, int element, int i) {
        int stamp = stamp();
        Page[] p = pages;
        int k = element >>> PAGE_SHIFT;
        if (p == null || k >= p.length) {
            return false;
        }
        Page pg = p[k];
        return pg != null && VarState.sameEpoch(t, pg.clocks[i], pg.ats[i]) && validate(stamp);
    }

    /** Returns the page of element {@code i} of an array of {@code length}, making it (under the lock). */
    Page page(int i, int length) {
        Page[] p = pages;
        if (p == null) {
            pages = p = new Page[(length + PAGE - 1) >>> PAGE_SHIFT];
        }
        int k = i >>> PAGE_SHIFT;
        Page pg = p[k];
        if (pg == null) {
            pg = p[k] = new Page(Math.min(PAGE, length - (k << PAGE_SHIFT)));
        }
        return pg;
    }

    /** Returns the index of element {@code i}'s first word in its page. */
    static int elementWord(int i) {
        return VarState.WORDS * (i & (PAGE - 1));
    }

    /**
     * Returns the clock of the volatile field whose words start at {@code b}, making it (under
     * the lock, after {@link #fieldClocks(int, int)}).
     */
    SyncVar fieldSync(int b) {
        Object v = ats[b];
        if (v == null) {
            ats[b] = v = new SyncVar();
        }
        return (SyncVar) v;
    }

    /**
     * The instrumented fields of one class (its own and inherited) that the detector has seen
     * accessed, each with its index in the shadows of the class's objects: found once per field
     * and class, shared by every object of the class, so that an object's shadow has no key per
     * field.
     *
     * <p>Invariants: keys only grow (copy-on-write, published volatile); an index never changes.
     */
    static final class Layout extends RtLock {
        private volatile FieldKey[] keys = new FieldKey[0];

        /** Returns the index of {@code f}, giving it the next one on its first access. */
        int index(FieldKey f) {
            FieldKey[] k = keys;
            for (int i = 0; i < k.length; i++) {
                if (k[i] == f) {
                    return i;
                }
            }
            return add(f);
        }

        /** Returns how many fields have an index now. */
        int size() {
            return keys.length;
        }

        private int add(FieldKey f) {
            lock();
            try {
                FieldKey[] k = keys;
                for (int i = 0; i < k.length; i++) {
                    if (k[i] == f) {
                        return i;
                    }
                }
                FieldKey[] grown = java.util.Arrays.copyOf(k, k.length + 1);
                grown[k.length] = f;
                keys = grown;
                return k.length;
            } finally {
                unlock();
            }
        }
    }

    /** Returns the synchronisation point {@code slot} of this object (under the lock). */
    SyncVar sync(long slot) {
        Syncs y = syncs;
        if (y == null) {
            y = syncs = new Syncs();
        }
        return y.get(slot);
    }

    /**
     * The synchronisation points of an object used as one (a monitor, a go4j primitive...): an
     * object of their own, so that the shadow of an object only accessed (most of them) has one
     * reference for them, not three.
     */
    private static final class Syncs {
        private static final long[] NO_SLOTS = new long[0];
        private static final SyncVar[] NO_VARS = new SyncVar[0];

        private SyncVar[] dense = NO_VARS;   // the points of slots 0 to DENSE_SLOTS - 1, by slot
        private long[] slots = NO_SLOTS;     // the other points: their slots...
        private SyncVar[] vars = NO_VARS;    // ...and clocks

        SyncVar get(long slot) {
            if (slot >= 0 && slot < DENSE_SLOTS) {   // a channel's buffer slots: indexed, not searched
                int i = (int) slot;
                if (i >= dense.length) {
                    dense = java.util.Arrays.copyOf(dense, Math.min(DENSE_SLOTS, Math.max(i + 1, 2 * dense.length)));
                }
                SyncVar v = dense[i];
                return v != null ? v : (dense[i] = new SyncVar());
            }
            int n = slots.length;
            for (int i = 0; i < n; i++) {
                if (slots[i] == slot) {
                    return vars[i];
                }
            }
            slots = java.util.Arrays.copyOf(slots, n + 1);
            vars = java.util.Arrays.copyOf(vars, n + 1);
            slots[n] = slot;
            return vars[n] = new SyncVar();
        }
    }
}
