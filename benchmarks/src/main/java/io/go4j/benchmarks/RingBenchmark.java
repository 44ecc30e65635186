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
 * Ring measures one token passed around 1,000 actors joined in a ring by unbuffered channels.
 * Only one actor is ever runnable, so each hop is a hand-off plus a switch to a parked thread.
 * Score: <b>ns per hop</b> (one actor receiving the token).
 *
 * <p>Peers: jox rendezvous channels; {@code SynchronousQueue}; kotlinx.coroutines ({@link KotlinPeer}). Go twin: {@code BenchmarkRing}.
 */
@State(Scope.Benchmark)
public class RingBenchmark extends ActorBenchmark {

    /** Actors (and channels) in the ring. */
    static final int ACTORS = 1_000;
    /** Hops per invocation (100 laps), tens of ms. */
    static final int HOPS = 100_000;

    /** The token counts its own remaining hops; each channel hand-off publishes the write. */
    static final class Token {
        int hopsLeft;

        Token(int hops) {
            hopsLeft = hops;
        }
    }

    @Param({"go4j", "jox", "juc-sq", "kotlin"})
    public String impl;

    private Pipe<Token>[] ring;
    private Pipe<Token> done;
    private Actors actors;
    private KotlinPeer.Ring kotlin;

    @Setup(Level.Iteration)
    public void startRing() {
        if (Pipes.KOTLIN.equals(impl)) {
            kotlin = new KotlinPeer.Ring(ACTORS);
            return;
        }
        ring = Pipes.make(impl, 0, ACTORS);
        done = Pipes.make(impl, 0);
        actors = new Actors(impl);
        for (int i = 0; i < ACTORS; i++) {
            Pipe<Token> in = ring[i];
            Pipe<Token> out = ring[(i + 1) % ACTORS];
            actors.start(() -> {
                while (true) {
                    Token t = in.recv();
                    if (--t.hopsLeft == 0) {
                        done.send(t);
                    } else {
                        out.send(t);
                    }
                }
            });
        }
    }

    @Benchmark
    @OperationsPerInvocation(HOPS)
    public void hop() {
        if (kotlin != null) {
            kotlin.hops(HOPS);
            return;
        }
        Actors.runBatch(impl, () -> {
            ring[0].send(new Token(HOPS));
            done.recv();
        });
    }

    @TearDown(Level.Iteration)
    public void stopRing() {
        if (kotlin != null) {
            kotlin.close();
            kotlin = null;
            return;
        }
        actors.close();
    }
}
