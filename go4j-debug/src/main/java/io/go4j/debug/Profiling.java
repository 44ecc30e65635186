package io.go4j.debug;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;

/**
 * Profiling holds the profiles' settings, as Go's {@code runtime} does
 * ({@code SetBlockProfileRate}, {@code SetMutexProfileFraction}), and takes CPU profiles.
 *
 * <p>CONTRACT STUB (to be implemented): the signatures below are fixed; the HTTP handler codes
 * against them.
 */
public final class Profiling {
    private Profiling() {}

    /**
     * Sets the block profile's rate (Go's {@code runtime.SetBlockProfileRate}): one blocking
     * event per {@code rate} nanoseconds blocked is sampled; 1 samples every event; 0 or less
     * turns the block profile off.
     *
     * @param rate nanoseconds per sample
     */
    public static void setBlockProfileRate(int rate) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Sets the mutex profile's fraction (Go's {@code runtime.SetMutexProfileFraction}): on
     * average 1 in {@code rate} contention events is reported; 0 turns it off; a negative rate
     * only reads the current one.
     *
     * @param rate the fraction's denominator
     * @return the previous rate
     */
    public static int setMutexProfileFraction(int rate) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Profiles the CPU for {@code duration} and writes the profile as gzip {@code profile.proto}
     * (Go's {@code /debug/pprof/profile?seconds=N}).
     *
     * @param out      where to write
     * @param duration how long to sample
     * @throws IOException          if {@code out} throws
     * @throws InterruptedException if interrupted while sampling
     * @throws IllegalStateException if a CPU profile is already being taken
     */
    public static void writeCpuProfile(OutputStream out, Duration duration) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
