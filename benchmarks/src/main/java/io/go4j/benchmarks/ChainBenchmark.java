package io.go4j.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * Chain measures messages pipelined through 1,000 unbuffered channels: a feeder sends into the
 * first, 999 relay actors each pass values from one channel to the next, a sink drains the last.
 * Several messages are in flight at once. Score: <b>ns per hop</b> (one hand-off on one channel;
 * a message makes 1,000 hops).
 *
 * <p>Peers: jox rendezvous channels; {@code SynchronousQueue}; kotlinx.coroutines ({@link KotlinPeer}). Go twin: {@code BenchmarkChain}.
 */
@State(Scope.Benchmark)
public class ChainBenchmark extends ActorBenchmark {

    /** Channels in the chain, hence hops per message. */
    static final int STAGES = 1_000;
    /** Messages per invocation: 100,000 hops, tens of ms. */
    static final int MESSAGES = 100;

    @Param({"go4j", "jox", "juc-sq", "kotlin"})
    public String impl;

    private Pipe<Object>[] stages;
    private Actors actors;
    private KotlinPeer.Chain kotlin;

    @Setup(Level.Iteration)
    public void startRelays() {
        if (Pipes.KOTLIN.equals(impl)) {
            kotlin = new KotlinPeer.Chain(STAGES);
            return;
        }
        stages = Pipes.make(impl, 0, STAGES);
        actors = new Actors(impl);
        for (int i = 1; i < STAGES; i++) {
            Pipe<Object> in = stages[i - 1];
            Pipe<Object> out = stages[i];
            actors.start(() -> {
                while (true) {
                    out.send(in.recv());
                }
            });
        }
    }

    @Benchmark
    @OperationsPerInvocation(STAGES * MESSAGES)
    public void hop() {
        if (kotlin != null) {
            kotlin.hops(MESSAGES);
            return;
        }
        Pipe<Object> first = stages[0];
        Pipe<Object> last = stages[STAGES - 1];
        Actors.runBatch(impl,
                () -> {
                    for (int i = 0; i < MESSAGES; i++) {
                        first.send(MESSAGE);
                    }
                },
                () -> {
                    for (int i = 0; i < MESSAGES; i++) {
                        last.recv();
                    }
                });
    }

    @TearDown(Level.Iteration)
    public void stopRelays() {
        if (kotlin != null) {
            kotlin.close();
            kotlin = null;
            return;
        }
        actors.close();
    }
}
