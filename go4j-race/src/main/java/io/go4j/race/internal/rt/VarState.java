package io.go4j.race.internal.rt;

/**
 * VarState is the layout of the shadow of memory locations (a field of one object, a static
 * field, an array element), packed: no object per location. A location is two words of an
 * {@code int[]} of clocks and the same two of an {@code Object[]} of access records, at an even
 * index {@code b}:
 * <ul>
 *   <li>{@code ats[b]}: the last write's {@link Access}, or null before the first;
 *       {@code clocks[b]}: its clock (FastTrack's epoch is that clock at the record's slot);
 *   <li>{@code ats[b + 1]}: the last read's {@link Access}, null, or the {@link Reads} once reads
 *       are concurrent; {@code clocks[b + 1]}: that read's clock (0 when shared).
 * </ul>
 * A volatile field's location keeps its {@link SyncVar} in {@code ats[b]}.
 *
 * <p>Invariants: both arrays are written under the RtLock of the {@link Shadow} (or, for a static
 * field, the {@link FieldKey}) that holds them; a reader without the lock (the same-epoch check)
 * reads a clock and its record under that lock's stamp ({@link RtLock#validate}). A history id
 * is a long, not the {@link CallNode}: a shadow must not keep a node, and through it its
 * generation, alive (CallNode's note 2).
 */
final class VarState {
    /*
     * Implementation notes.
     *
     * Why packed. One object per location (the first layout: 64 bytes, then 40 with the access
     * records shared) was most of the detector's memory: raceload.HeapLoad kept 177 MB live
     * against the program's own 22. Two parallel arrays cost no header per location, and a
     * location's words are found by an index: a field's index in its class's Shadow.Layout, an
     * element's in its Shadow page. Epochs as longs in one array and the records in another cost
     * 24 bytes a location (122 MB live); the epoch's slot is in the record (every access of a
     * record is by one thread in one slot), so only its clock needs a word: 16 bytes (see the
     * README's "Overhead"). The price is that an epoch is now two words, which a reader without
     * the lock could read torn: it reads them under the lock's stamp instead.
     */

    /** Words per location in each array. */
    static final int WORDS = 2;

    private VarState() {}

    /**
     * What a report says of an access besides its clock: its site, its goroutine and its callers
     * (a CallNode.record id), and the slot the goroutine held. Immutable and shared: a thread hands
     * out the same one for every access it makes at one site with one history in one slot
     * ({@link ThreadState#access}), so a loop over a million elements makes one.
     */
    record Access(int site, int slot, ThreadState by, long history) {}

    /** The reads of a location since they became concurrent: by slot, their clock and access. */
    static final class Reads {
        int[] clocks = new int[0];
        Access[] ats = new Access[0];
    }

    /**
     * Returns whether the record {@code at} with clock {@code clock} is an access by {@code t} in
     * its current epoch (FastTrack's SAME EPOCH).
     */
    static boolean sameEpoch(ThreadState t, int clock, Object at) {
        return at instanceof Access a && a.slot() == t.slot && clock == t.vc[a.slot()];
    }
}
