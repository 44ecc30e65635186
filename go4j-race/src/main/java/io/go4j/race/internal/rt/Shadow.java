package io.go4j.race.internal.rt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * Shadow holds the detector's state about one object: the {@link VarState} of each instrumented
 * field accessed so far and the {@link SyncVar} of each volatile field, or, for an array, the
 * state of each element; and the object's own synchronisation points (its monitor, the edges of
 * the {@code java.util.concurrent} or go4j API it implements).
 *
 * <p>Invariants: guarded by its own RtLock, which the detector holds while it checks and updates
 * one of the object's locations (one lock per object: two threads racing on the same object
 * serialise in the detector, as the check-and-update must be atomic). A location's state, once
 * made, is never replaced, and is published safely ({@code cells} is copy-on-write through a
 * volatile field, an element by a release store): the lock-free same-epoch check
 * ({@link #peek}, {@link #peekElement}) may read them without the lock.
 */
final class Shadow extends RtLock {
    private static final Object[] NONE = new Object[0];

    private volatile Object[] cells = NONE;     // FieldKey, cell, FieldKey, cell...: copy-on-write under this
    private volatile VarState[] elements;       // an array's elements, made on first access; slots set with release
    private Syncs syncs;                        // the object's synchronisation points, made on first use; guarded by this

    /**
     * Slots below this are kept in an array indexed by slot (Syncs): a go4j channel's buffer slots are
     * 0 to its capacity - 1, and a search through 64 of them on every send and receive showed in
     * the profile of MpmcBenchmark under the agent. Larger and negative slots (the JVM's and API
     * points, Rt.MONITOR...) are searched. Empirical bound: a channel of more than 4096 buffered
     * values uses the search beyond it.
     */
    private static final int DENSE_SLOTS = 4096;

    /** Returns the state of {@code f} in this object, or null if it has none yet (no lock needed). */
    Object peek(FieldKey f) {
        Object[] c = cells;
        for (int i = 0; i < c.length; i += 2) {
            if (c[i] == f) {
                return c[i + 1];
            }
        }
        return null;
    }

    /** Returns the state of {@code f} in this object, making it on first access (under the lock). */
    Object cell(FieldKey f) {
        Object found = peek(f);
        if (found != null) {
            return found;
        }
        Object c = f.isVolatile ? new SyncVar() : new VarState();
        Object[] old = cells;
        Object[] grown = java.util.Arrays.copyOf(old, old.length + 2);
        grown[old.length] = f;
        grown[old.length + 1] = c;
        cells = grown;
        return c;
    }

    /** Returns the state of element {@code i}, or null if it has none yet (no lock needed). */
    VarState peekElement(int i) {
        VarState[] e = elements;
        return e == null || i >= e.length ? null : (VarState) ELEMENT.getAcquire(e, i);
    }

    /** Returns the state of element {@code i} of an array of {@code length} (under the lock). */
    VarState element(int i, int length) {
        VarState[] e = elements;
        if (e == null) {
            e = new VarState[length];
            elements = e;
        }
        VarState v = e[i];
        if (v == null) {
            v = new VarState();
            ELEMENT.setRelease(e, i, v);
        }
        return v;
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
    private static final VarHandle ELEMENT = MethodHandles.arrayElementVarHandle(VarState[].class);
}
