package io.go4j.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Spawn measures starting 100,000 goroutines that do nothing, then joining them all, from one
 * goroutine. Score: <b>ns per goroutine</b> (start + run + join).
 *
 * <p>{@code go4j} starts them with {@code Go.go} (which also registers each goroutine);
 * {@code vthread} with a raw {@code Thread.ofVirtual().start}, the floor go4j builds on. jox has
 * no thread API of its own; {@code kotlin} launches coroutines on two threads ({@link KotlinPeer}).
 * Go twin: {@code BenchmarkSpawn} (go + sync.WaitGroup).
 */
@State(Scope.Benchmark)
public class SpawnBenchmark extends ActorBenchmark {

    static final int GOROUTINES = 100_000;
    private static final Runnable NOTHING = () -> { };

    @Param({"go4j", "vthread", "kotlin"})
    public String impl;

    @Benchmark
    @OperationsPerInvocation(GOROUTINES)
    public void goroutine() {
        if (Pipes.KOTLIN.equals(impl)) {
            KotlinPeer.spawn(GOROUTINES);
            return;
        }
        Actors.runBatch(impl, () -> {
            Thread[] started = new Thread[GOROUTINES];
            for (int i = 0; i < GOROUTINES; i++) {
                started[i] = Actors.spawn(impl, NOTHING);
            }
            for (Thread t : started) {
                t.join();
            }
        });
    }
}
