package io.go4j.internal.runtime;

/**
 * AdaptiveWaits is a {@link SpinLock}-guarded object (a channel) whose blocked operations wait
 * with a spin budget and a yield score that adapt to how the object is used, within bounds set
 * by what a wake-up costs here (measured at run time); the rules are
 * {@link Scheduling#awaitAdaptive}'s. The fields are racy hints, read and written without the
 * lock: a lost update only delays adaptation.
 */
public abstract class AdaptiveWaits extends SpinLock {
    int spinNanos = Scheduling.PROBE_SPIN_NANOS;   // racy hint: spin budget (int: no torn reads)
    int yieldScore;                                // racy hint: >= 0 while yielding to a woken peer pays
    int waits;                                     // racy: counts waits, for probing
    int wakeNanos = Scheduling.INITIAL_WAKE_NANOS; // racy hint: moving average of a wake-up's cost here

    /** Creates the state of a new object: probing budget, yielding allowed. */
    protected AdaptiveWaits() {}
}
