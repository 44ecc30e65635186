package io.go4j.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Buffered measures one producer streaming to one consumer through a buffered channel of
 * capacity 16 or 1,024. Score: <b>ns per message</b>.
 *
 * <p>Peers: jox buffered channels; {@code ArrayBlockingQueue}; kotlinx.coroutines ({@link KotlinPeer}). Go twins:
 * {@code BenchmarkBuffered16}, {@code BenchmarkBuffered1024}.
 */
@State(Scope.Benchmark)
public class BufferedBenchmark extends ActorBenchmark {

    /** Messages per invocation: a few ms, so starting the two actors costs under 0.1%. */
    static final int MESSAGES = 100_000;

    @Param({"go4j", "jox", "juc-abq", "kotlin"})
    public String impl;

    @Param({"16", "1024"})
    public int capacity;

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void message() {
        if (Pipes.KOTLIN.equals(impl)) {
            KotlinPeer.transfer(capacity, MESSAGES, 1, 1);
            return;
        }
        Pipe<Object> pipe = Pipes.make(impl, capacity);
        Actors.runBatch(impl,
                () -> {
                    for (int i = 0; i < MESSAGES; i++) {
                        pipe.send(MESSAGE);
                    }
                },
                () -> {
                    for (int i = 0; i < MESSAGES; i++) {
                        pipe.recv();
                    }
                });
    }
}
