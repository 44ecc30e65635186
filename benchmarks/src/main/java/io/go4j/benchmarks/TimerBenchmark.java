package io.go4j.benchmarks;

import io.go4j.RecvChan;
import io.go4j.time.Time;
import io.go4j.time.Timer;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Timer measures the shared timer mechanism with 1,000,000 timers in flight, from one thread.
 * Score: <b>ns per timer</b>.
 *
 * <p>{@code startStop}: start 1,000,000 one-hour timers (all pending at once), then stop them
 * all. {@code go4j} uses {@code Time.newTimer} and {@code Timer.stop}; {@code juc} is the JDK
 * baseline, a {@code ScheduledThreadPoolExecutor} with remove-on-cancel, scheduling a no-op and
 * cancelling it. {@code afterReceived}: create 1,000,000 {@code Time.after(1 ms)} channels, then
 * receive from each: creation, firing and delivery; its {@code juc} peer schedules a task
 * returning {@code Instant.now()} and waits on each future. Go twins (time_test.go):
 * {@code BenchmarkTimerStartStop}, {@code BenchmarkTimerAfterReceived}.
 */
@State(Scope.Benchmark)
public class TimerBenchmark extends ActorBenchmark {

    static final int TIMERS = 1_000_000;
    private static final Duration HOUR = Duration.ofHours(1);
    private static final Duration MILLI = Duration.ofMillis(1);
    private static final Runnable NOTHING = () -> { };
    private static final Callable<Instant> NOW = Instant::now;

    @Param({"go4j", "juc"})
    public String impl;

    private ScheduledThreadPoolExecutor executor;
    private final Timer[] timers = new Timer[TIMERS];
    private final ScheduledFuture<?>[] futures = new ScheduledFuture<?>[TIMERS];
    @SuppressWarnings("unchecked")
    private final RecvChan<Instant>[] afters = new RecvChan[TIMERS];

    @Setup
    public void setUp() {
        executor = new ScheduledThreadPoolExecutor(1);
        executor.setRemoveOnCancelPolicy(true);
    }

    @TearDown
    public void tearDown() {
        executor.shutdownNow();
    }

    @Benchmark
    @OperationsPerInvocation(TIMERS)
    public void startStop() {
        if (impl.equals("go4j")) {
            for (int i = 0; i < TIMERS; i++) {
                timers[i] = Time.newTimer(HOUR);
            }
            for (int i = 0; i < TIMERS; i++) {
                timers[i].stop();
                timers[i] = null;
            }
        } else {
            for (int i = 0; i < TIMERS; i++) {
                futures[i] = executor.schedule(NOTHING, 1, TimeUnit.HOURS);
            }
            for (int i = 0; i < TIMERS; i++) {
                futures[i].cancel(false);
                futures[i] = null;
            }
        }
    }

    @Benchmark
    @OperationsPerInvocation(TIMERS)
    public void afterReceived() throws Exception {
        if (impl.equals("go4j")) {
            for (int i = 0; i < TIMERS; i++) {
                afters[i] = Time.after(MILLI);
            }
            for (int i = 0; i < TIMERS; i++) {
                afters[i].recv();
                afters[i] = null;
            }
        } else {
            for (int i = 0; i < TIMERS; i++) {
                futures[i] = executor.schedule(NOW, 1, TimeUnit.MILLISECONDS);
            }
            for (int i = 0; i < TIMERS; i++) {
                futures[i].get();
                futures[i] = null;
            }
        }
    }
}
