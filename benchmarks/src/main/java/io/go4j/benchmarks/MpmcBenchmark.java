package io.go4j.benchmarks;

import java.util.Arrays;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Mpmc measures 4 producers and 4 consumers sharing one buffered channel of capacity 64; each
 * producer sends, and each consumer receives, a quarter of the messages. Score: <b>ns per
 * message</b> (wall time over all actors, on 2 cores).
 *
 * <p>Peers: jox buffered channel; {@code ArrayBlockingQueue}; kotlinx.coroutines ({@link KotlinPeer}). Go twin: {@code BenchmarkMPMC}.
 */
@State(Scope.Benchmark)
public class MpmcBenchmark extends ActorBenchmark {

    static final int PRODUCERS = 4;
    static final int CONSUMERS = 4;
    static final int CAPACITY = 64;
    /** Messages per invocation, divisible by both PRODUCERS and CONSUMERS. */
    static final int MESSAGES = 100_000;

    @Param({"go4j", "jox", "juc-abq", "kotlin"})
    public String impl;

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void message() {
        if (Pipes.KOTLIN.equals(impl)) {
            KotlinPeer.transfer(CAPACITY, MESSAGES, PRODUCERS, CONSUMERS);
            return;
        }
        Pipe<Object> pipe = Pipes.make(impl, CAPACITY);
        Actors.Body producer = () -> {
            for (int i = 0; i < MESSAGES / PRODUCERS; i++) {
                pipe.send(MESSAGE);
            }
        };
        Actors.Body consumer = () -> {
            for (int i = 0; i < MESSAGES / CONSUMERS; i++) {
                pipe.recv();
            }
        };
        Actors.Body[] actors = new Actors.Body[PRODUCERS + CONSUMERS];
        Arrays.fill(actors, 0, PRODUCERS, producer);
        Arrays.fill(actors, PRODUCERS, actors.length, consumer);
        Actors.runBatch(impl, actors);
    }
}
