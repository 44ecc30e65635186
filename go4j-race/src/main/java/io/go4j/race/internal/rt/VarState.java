package io.go4j.race.internal.rt;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * VarState is the layout of the shadow of memory locations (a field of one object, a static
 * field, an array element), packed: no object per location. A location is two words of a
 * {@code long[]} of epochs and the same two of an {@code Object[]} of access records, at an even
 * index {@code b}:
 * <ul>
 *   <li>{@code epochs[b]}: FastTrack's last-write epoch, or {@link Epochs#NONE};
 *       {@code ats[b]}: that write's {@link Access};
 *   <li>{@code epochs[b + 1]}: the last-read epoch, {@link Epochs#NONE}, or {@link #SHARED};
 *       {@code ats[b + 1]}: that read's {@link Access}, or the {@link Reads} when shared.
 * </ul>
 * A volatile field's location keeps its {@link SyncVar} in {@code ats[b]} and {@link Epochs#NONE}
 * in both epochs.
 *
 * <p>Invariants: both arrays are written under the RtLock of the {@link Shadow} (or, for a static
 * field, the {@link FieldKey}) that holds them; epochs are written with opaque stores
 * ({@link #setEpoch}) so that the lock-free same-epoch check ({@link #epoch}) never reads a torn
 * long. A history id is a long, not the {@link CallNode}: a shadow must not keep a node, and
 * through it its generation, alive (CallNode's note 2).
 */
final class VarState {
    /*
     * Implementation notes.
     *
     * Why packed. One object per location (the first layout: 64 bytes, then 40 with the access
     * records shared) was most of the detector's memory: raceload.HeapLoad kept 177 MB live
     * against the program's own 22. Two parallel arrays cost 24 bytes a location (two epochs, two
     * compressed references) and no header, and a location's words are found by an index: a
     * field's index in its class's Shadow.Layout, an element's in its Shadow page. The epochs stay
     * longs (clock and slot together) so that the same-epoch check reads one word: a clock and a
     * separate slot could be read torn.
     */

    /** The read epoch of a location whose reads are shared (a {@link Reads} in its read record). */
    static final long SHARED = -1;

    /** Words per location in each array. */
    static final int WORDS = 2;

    private VarState() {}

    /**
     * What a report says of an access besides its epoch: its site, its goroutine and its callers
     * (a CallNode.record id). Immutable and shared: a thread hands out the same one for every
     * access it makes at one site with one history ({@link ThreadState#access}), so a loop over a
     * million elements makes one.
     */
    record Access(int site, ThreadState by, long history) {}

    /** The reads of a location since they became concurrent: by slot, their clock and access. */
    static final class Reads {
        int[] clocks = new int[0];
        Access[] ats = new Access[0];
    }

    /** Returns word {@code i} of {@code epochs} (no lock needed: opaque). */
    static long epoch(long[] epochs, int i) {
        return (long) EPOCH.getOpaque(epochs, i);
    }

    /** Sets word {@code i} of {@code epochs} (under the lock; opaque for the lock-free readers). */
    static void setEpoch(long[] epochs, int i, long e) {
        EPOCH.setOpaque(epochs, i, e);
    }

    // VarHandle mechanics
    private static final VarHandle EPOCH = MethodHandles.arrayElementVarHandle(long[].class);
}
