package io.go4j.race.internal.rt;

/**
 * VarState is the shadow of one memory location (a field of one object, a static field, an array
 * element): FastTrack's last-write epoch and last-read epoch, or read vector once reads are
 * concurrent, with the access sites and goroutines a report names.
 *
 * <p>Invariants: all fields are read and written under the RtLock of the {@link Shadow} (or, for
 * a static field, the {@link FieldKey}) that holds this state. {@code rvc} is non-null exactly
 * when the reads are shared ({@code r == SHARED}); then {@code rvc[s]}, {@code rSites[s]} and
 * {@code rGoids[s]} describe slot {@code s}'s last read.
 */
final class VarState {
    static final long SHARED = -1;

    long w;          // last write's epoch, or Epochs.NONE
    int wSite;       // its access site
    ThreadState wBy; // its goroutine
    CallNode wNode;  // its callers

    long r;          // last read's epoch, Epochs.NONE, or SHARED
    int rSite;
    ThreadState rBy;
    CallNode rNode;

    int[] rvc;             // shared reads: clock by slot
    int[] rSites;          // shared reads: site by slot
    ThreadState[] rBys;    // shared reads: goroutine by slot
    CallNode[] rNodes;     // shared reads: callers by slot
}
