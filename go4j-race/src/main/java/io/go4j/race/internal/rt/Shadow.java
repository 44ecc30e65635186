package io.go4j.race.internal.rt;

/**
 * Shadow holds the detector's state about one object: the {@link VarState} of each instrumented
 * field accessed so far and the {@link SyncVar} of each volatile field, or, for an array, the
 * state of each element; and the object's own synchronisation points (its monitor, the edges of
 * the {@code java.util.concurrent} or go4j API it implements).
 *
 * <p>Invariants: guarded by its own RtLock, which the detector holds while it checks and updates
 * one of the object's locations (one lock per object: two threads racing on the same object
 * serialise in the detector, as the check-and-update must be atomic).
 */
final class Shadow extends RtLock {
    private FieldKey[] keys = new FieldKey[2];  // fields seen, in first-access order
    private Object[] cells = new Object[2];     // VarState, or SyncVar for a volatile field
    private int n;
    private VarState[] elements;                // an array's elements, made on first access
    private java.util.HashMap<Long, SyncVar> syncs; // the object's synchronisation points

    /** Returns the state of {@code f} in this object, making it on first access. */
    Object cell(FieldKey f) {
        for (int i = 0; i < n; i++) {
            if (keys[i] == f) {
                return cells[i];
            }
        }
        if (n == keys.length) {
            keys = java.util.Arrays.copyOf(keys, n * 2);
            cells = java.util.Arrays.copyOf(cells, n * 2);
        }
        Object c = f.isVolatile ? new SyncVar() : new VarState();
        keys[n] = f;
        cells[n] = c;
        n++;
        return c;
    }

    /** Returns the state of element {@code i} of an array of {@code length}. */
    VarState element(int i, int length) {
        if (elements == null) {
            elements = new VarState[length];
        }
        VarState v = elements[i];
        if (v == null) {
            v = elements[i] = new VarState();
        }
        return v;
    }

    /** Returns the synchronisation point {@code slot} of this object. */
    SyncVar sync(long slot) {
        if (syncs == null) {
            syncs = new java.util.HashMap<>(4);
        }
        return syncs.computeIfAbsent(slot, k -> new SyncVar());
    }
}
