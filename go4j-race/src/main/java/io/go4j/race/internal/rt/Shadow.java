package io.go4j.race.internal.rt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Shadow holds the detector's state about one object: the words ({@link VarState}'s layout) of
 * each instrumented field accessed so far, at its index in the class's {@link Layout}, and the
 * {@link SyncVar} of each volatile field; or, for an array, the words of its elements, by pages;
 * and the object's own synchronisation points (its monitor, the edges of the
 * {@code java.util.concurrent} or go4j API it implements).
 *
 * <p>Invariants: guarded by its own RtLock, which the detector holds while it checks and updates
 * one of the object's locations (one lock per object: two threads racing on the same object
 * serialise in the detector, as the check-and-update must be atomic). The lock-free same-epoch
 * check reads epochs only ({@link #fieldEpochs}, {@link #elementEpochs}): a field's arrays grow
 * by copy under the lock, the epochs published (volatile) after the records, so a reader that
 * finds a location's epoch in an array reads a value this object's detector wrote; a page, once
 * made, is never replaced and is published with a release store.
 */
final class Shadow extends RtLock {
    private static final long[] NO_EPOCHS = new long[0];
    private static final Object[] NO_ATS = new Object[0];

    /** Elements per page of an array's shadow: a large array touched sparsely costs its pages only. */
    static final int PAGE_SHIFT = 9;
    private static final int PAGE = 1 << PAGE_SHIFT;

    private volatile long[] epochs = NO_EPOCHS;  // the fields' epochs, VarState.WORDS per Layout index
    private Object[] ats = NO_ATS;               // and their records; guarded by this
    private volatile Page[] pages;               // an array's elements, made on first access
    private Syncs syncs;                         // the object's synchronisation points, made on first use; guarded by this

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
        final long[] epochs;
        final Object[] ats;

        Page(int elements) {
            epochs = new long[VarState.WORDS * elements];
            ats = new Object[VarState.WORDS * elements];
        }
    }

    /** Returns the fields' epochs as last published (no lock needed; may be shorter than a new index needs). */
    long[] fieldEpochs() {
        return epochs;
    }

    /**
     * Returns the fields' epochs, long enough for the field at {@code index} of a class whose
     * layout has {@code size} fields now (under the lock).
     */
    long[] fieldEpochs(int index, int size) {
        long[] e = epochs;
        int need = VarState.WORDS * (index + 1);
        if (e.length >= need) {
            return e;
        }
        int n = VarState.WORDS * Math.max(index + 1, size);
        ats = java.util.Arrays.copyOf(ats, n);
        long[] grown = java.util.Arrays.copyOf(e, n);
        epochs = grown;
        return grown;
    }

    /** Returns the fields' records (under the lock, after {@link #fieldEpochs(int, int)}). */
    Object[] fieldAts() {
        return ats;
    }

    /**
     * Returns the clock of the volatile field whose words start at {@code b}, making it (under
     * the lock, after {@link #fieldEpochs(int, int)}).
     */
    SyncVar fieldSync(int b) {
        Object v = ats[b];
        if (v == null) {
            ats[b] = v = new SyncVar();
        }
        return (SyncVar) v;
    }

    /** Returns the page of element {@code i}, or null if it has none yet (no lock needed). */
    Page peekPage(int i) {
        Page[] p = pages;
        return p == null ? null : (Page) PAGE_ELEMENT.getAcquire(p, i >>> PAGE_SHIFT);
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
            pg = new Page(Math.min(PAGE, length - (k << PAGE_SHIFT)));
            PAGE_ELEMENT.setRelease(p, k, pg);
        }
        return pg;
    }

    /** Returns the index of element {@code i}'s first word in its page. */
    static int elementWord(int i) {
        return VarState.WORDS * (i & (PAGE - 1));
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

    // VarHandle mechanics
    private static final VarHandle PAGE_ELEMENT = MethodHandles.arrayElementVarHandle(Page[].class);
}
