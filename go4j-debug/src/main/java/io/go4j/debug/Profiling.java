package io.go4j.debug;

import io.go4j.debug.internal.pprof.BlockProfiler;
import io.go4j.debug.internal.pprof.CpuProfiler;
import io.go4j.debug.internal.pprof.MutexProfiler;
import io.go4j.debug.internal.pprof.ProfileWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.Objects;

/**
 * Profiling holds the profiles' settings, as Go's {@code runtime} does
 * ({@code SetBlockProfileRate}, {@code SetMutexProfileFraction}), and takes CPU profiles.
 *
 * <p>Both the block and the mutex profile are off by default and cost the go4j primitives
 * nothing while off: their listeners are attached only while their rate is positive.
 *
 * <p>Example: record every blocking event, then write the block profile for
 * {@code go tool pprof -top block.pb.gz}:
 *
 * <pre>{@code
 * Profiling.setBlockProfileRate(1);
 * work.run();
 * try (OutputStream out = Files.newOutputStream(dir.resolve("block.pb.gz"))) {
 *     Profile.lookup("block").writeTo(out, 0);
 * }
 * Profiling.setBlockProfileRate(0);
 * }</pre>
 *
 * <p>Thread safety: every method may be called from any thread.
 */
public final class Profiling {
    private Profiling() {}

    /**
     * Sets the block profile's rate (Go's {@code runtime.SetBlockProfileRate}): one blocking
     * event per {@code rate} nanoseconds blocked is sampled; 1 samples every event; 0 or less
     * turns the block profile off.
     *
     * <p>As in Go, a wait of at least {@code rate} ns is always recorded, and a shorter one of
     * {@code d} ns with probability about {@code d/rate}, counted as {@code rate/d} events, so
     * that the profile estimates all events. The blocking events are go4j's channel operations,
     * selects, Mutex and RWMutex locks, WaitGroup and Cond waits, recorded with the blocked
     * goroutine's stack. Turning the profile off keeps what it recorded.
     *
     * @param rate nanoseconds per sample
     */
    public static void setBlockProfileRate(int rate) {
        BlockProfiler.setRate(rate);
    }

    /**
     * Returns the block profile's rate, as last set by {@link #setBlockProfileRate} (Go has no
     * such getter; its runtime keeps the rate private).
     *
     * @return nanoseconds per sample; 0 if the block profile is off
     */
    public static int blockProfileRate() {
        return (int) BlockProfiler.rate();
    }

    /**
     * Sets the mutex profile's fraction (Go's {@code runtime.SetMutexProfileFraction}): on
     * average 1 in {@code rate} contention events is reported; 0 turns it off; a negative rate
     * only reads the current one.
     *
     * <p>A contention event is a go4j Mutex or RWMutex handing the lock to a goroutine that
     * waited for it; it is charged to the stack of the goroutine that unlocked, as in Go. Each
     * sampled event counts as {@code rate} events with {@code rate} times its delay.
     *
     * @param rate the fraction's denominator
     * @return the previous rate
     */
    public static int setMutexProfileFraction(int rate) {
        return MutexProfiler.setFraction(rate);
    }

    /**
     * Profiles the CPU for {@code duration} and writes the profile as gzip {@code profile.proto}
     * (Go's {@code /debug/pprof/profile?seconds=N}).
     *
     * <p>The samples are JFR's execution samples ({@code jdk.ExecutionSample} every 10 ms), each
     * charged 10 ms of CPU, with the goroutine's labels when the sampled thread is a goroutine.
     * JFR samples only a few threads per period, so when more threads than that run at once the
     * totals underestimate CPU time; the proportions between stacks stay right.
     *
     * @param out      where to write
     * @param duration how long to sample; positive
     * @throws IOException          if {@code out} throws
     * @throws InterruptedException if interrupted while sampling (nothing is written)
     * @throws IllegalStateException if a CPU profile is already being taken
     *         ("cpu profiling already in use", as Go)
     * @throws IllegalArgumentException if {@code duration} is not positive
     * @throws NullPointerException if {@code out} or {@code duration} is null
     */
    public static void writeCpuProfile(OutputStream out, Duration duration) throws IOException, InterruptedException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(duration, "duration");
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("invalid duration " + duration + " - must be positive");
        }
        ProfileWriter.write(CpuProfiler.profile(duration), out);
    }
}
