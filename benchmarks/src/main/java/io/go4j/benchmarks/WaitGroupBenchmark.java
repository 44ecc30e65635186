package io.go4j.benchmarks;

import io.go4j.sync.WaitGroup;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Phaser;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * WaitGroup measures fan-out/fan-in: one batch goroutine starts 10,000 goroutines, each of which
 * does a trivial amount of work (a few multiplies into its own slot of an array) and signals
 * completion, then waits for all of them. Score: <b>ns per goroutine</b> (start + work + signal
 * + the waiter's share of the wait).
 *
 * <p>The count is set once, before the fan-out, in every implementation. {@code go4j}:
 * {@code io.go4j.sync.WaitGroup} ({@code add(10_000)}, {@code done()}, {@code await()}) with
 * goroutines started by {@code Go.go}. {@code latch}: a {@code CountDownLatch(10_000)}
 * ({@code countDown()}, {@code await()}); {@code phaser}: a {@code Phaser} of 10,001 parties
 * (each goroutine {@code arrive()}s, the waiter {@code arriveAndAwaitAdvance()}s); both on raw
 * {@code Thread.ofVirtual().start} threads, so the difference from {@code go4j} includes
 * go4j's goroutine registration (see {@code SpawnBenchmark}). Go twin: {@code BenchmarkWaitGroup}
 * in {@code bench-go/waitgroup_test.go}.
 */
@State(Scope.Benchmark)
public class WaitGroupBenchmark extends ActorBenchmark {

    static final int GOROUTINES = 10_000;

    @Param({"go4j", "latch", "phaser"})
    public String impl;

    /** Each goroutine's result, checked after the wait so the work cannot be dropped. */
    private final long[] out = new long[GOROUTINES];

    @Benchmark
    @OperationsPerInvocation(GOROUTINES)
    public long fanOutFanIn() {
        Actors.runBatch(impl, switch (impl) {
            case "go4j" -> () -> {
                WaitGroup wg = new WaitGroup();
                wg.add(GOROUTINES);
                for (int i = 0; i < GOROUTINES; i++) {
                    int n = i;
                    Actors.spawn(impl, () -> {
                        out[n] = work(n);
                        wg.done();
                    });
                }
                wg.await();
            };
            case "latch" -> () -> {
                CountDownLatch latch = new CountDownLatch(GOROUTINES);
                for (int i = 0; i < GOROUTINES; i++) {
                    int n = i;
                    Actors.spawn(impl, () -> {
                        out[n] = work(n);
                        latch.countDown();
                    });
                }
                latch.await();
            };
            case "phaser" -> () -> {
                Phaser phaser = new Phaser(GOROUTINES + 1);
                for (int i = 0; i < GOROUTINES; i++) {
                    int n = i;
                    Actors.spawn(impl, () -> {
                        out[n] = work(n);
                        phaser.arrive();
                    });
                }
                phaser.arriveAndAwaitAdvance();
            };
            default -> throw new IllegalArgumentException(impl);
        });
        return check();
    }

    /** The trivial work: a few multiplies and shifts (as the Go twin's {@code work}). */
    static long work(long n) {
        long x = n * 0x9E3779B97F4A7C15L;
        x ^= x >>> 29;
        x *= 0xBF58476D1CE4E5B9L;
        return x ^ (x >>> 32);
    }

    private long check() {
        long sum = 0;
        for (int i = 0; i < GOROUTINES; i++) {
            if (out[i] != work(i)) {
                throw new IllegalStateException("goroutine " + i + " did not run before the wait returned");
            }
            sum += out[i];
            out[i] = 0;
        }
        return sum;
    }
}
