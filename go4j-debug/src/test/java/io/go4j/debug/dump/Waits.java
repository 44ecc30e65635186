package io.go4j.debug.dump;

import io.go4j.debug.testing.Await;
import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.Registry;
import io.go4j.internal.runtime.WaitReason;

/** The dump tests' wait for a goroutine's record ({@link Await} bounds it). */
final class Waits {
    private Waits() {}

    /** Waits until {@code t}'s goroutine is parked for {@code reason}; returns its record. */
    static Goroutine parked(Thread t, WaitReason reason) {
        Await.parked(reason.goText(), t);
        return Registry.of(t);
    }
}
