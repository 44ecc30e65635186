package io.go4j.debug.internal.pprof;

import java.time.Instant;

/** Clock reads the wall clock in Unix nanoseconds, profile.proto's {@code time_nanos}. */
final class Clock {
    private Clock() {}

    /** Returns now, in nanoseconds since the Unix epoch. */
    static long unixNanos() {
        Instant now = Instant.now();
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
