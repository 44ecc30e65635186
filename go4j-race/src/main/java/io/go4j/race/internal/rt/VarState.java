package io.go4j.race.internal.rt;

/**
 * VarState is the shadow of one memory location (a field of one object, a static field, an array
 * element): FastTrack's last-write epoch and last-read epoch, or read vector once reads are
 * concurrent, with the access sites, goroutines and call-site history ids a report names
 * ({@link Access}).
 *
 * <p>Invariants: all fields are read and written under the RtLock of the {@link Shadow} (or, for
 * a static field, the {@link FieldKey}) that holds this state. {@code reads} is non-null exactly
 * when the reads are shared ({@code r == SHARED}); then its arrays at {@code s} describe slot
 * {@code s}'s last read. (The shared reads are an object of their own so that a location whose
 * reads are not shared, most of them, costs 40 bytes.) A history id is a long, not the
 * {@link CallNode}: a shadow must not keep a node, and through it its generation, alive
 * (CallNode's note 2).
 */
final class VarState {
    static final long SHARED = -1;

    /*
     * The lock-free same-epoch check (Rt) reads w and r without the lock, with opaque reads:
     * every write of them goes through setW/setR (opaque stores), so a read never sees a torn
     * long. Why a stale value is harmless there: Rt's implementation notes.
     */

    long w;          // last write's epoch, or Epochs.NONE
    Access wAt;      // where and by whom
    long r;          // last read's epoch, Epochs.NONE, or SHARED
    Access rAt;
    Reads reads;     // shared reads (r == SHARED), else null; read without the lock: never

    /**
     * What a report says of an access besides its epoch: its site, its goroutine and its callers
     * (a CallNode.record id). Immutable and shared: a thread hands out the same one for every
     * access it makes at one site with one history ({@link ThreadState#access}), so a loop over a
     * million elements makes one, and a location's state is 40 bytes instead of 64 with the
     * three fields inline for each of the last write and read.
     */
    record Access(int site, ThreadState by, long history) {}

    /** The reads of a location since they became concurrent: by slot, their clock and access. */
    static final class Reads {
        int[] clocks = new int[0];
        Access[] ats = new Access[0];
    }

    void setW(long e) {
        W.setOpaque(this, e);
    }

    void setR(long e) {
        R.setOpaque(this, e);
    }

    /** Returns whether the last write was in epoch {@code e} (no lock needed). */
    boolean writtenIn(long e) {
        return (long) W.getOpaque(this) == e;
    }

    /** Returns whether the last read, exclusive, was in epoch {@code e} (no lock needed). */
    boolean readIn(long e) {
        return (long) R.getOpaque(this) == e;
    }

    // VarHandle mechanics
    private static final java.lang.invoke.VarHandle W;
    private static final java.lang.invoke.VarHandle R;

    static {
        try {
            java.lang.invoke.MethodHandles.Lookup l = java.lang.invoke.MethodHandles.lookup();
            W = l.findVarHandle(VarState.class, "w", long.class);
            R = l.findVarHandle(VarState.class, "r", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
