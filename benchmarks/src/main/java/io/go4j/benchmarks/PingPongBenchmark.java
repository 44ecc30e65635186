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
 * PingPong measures a round trip between two actors over two unbuffered channels: the pinger
 * sends on {@code ping} and waits on {@code pong}; the echoer receives on {@code ping} and sends
 * back on {@code pong}. Score: <b>ns per round trip</b> (two hand-offs, two context switches).
 *
 * <p>Peers: jox rendezvous channels; {@code SynchronousQueue} put/take; {@code LinkedTransferQueue}
 * transfer/take; kotlinx.coroutines rendezvous channels ({@link KotlinPeer}). Go twin: {@code BenchmarkPingPong}.
 */
@State(Scope.Benchmark)
public class PingPongBenchmark extends ActorBenchmark {

    /** Round trips per invocation: enough (tens of ms) to amortise starting the pinger. */
    static final int ROUND_TRIPS = 10_000;

    @Param({"go4j", "jox", "juc-sq", "juc-ltq", "kotlin"})
    public String impl;

    private Pipe<Object> ping;
    private Pipe<Object> pong;
    private Actors actors;
    private KotlinPeer.PingPong kotlin;

    @Setup(Level.Iteration)
    public void startEchoer() {
        if (Pipes.KOTLIN.equals(impl)) {
            kotlin = new KotlinPeer.PingPong();
            return;
        }
        ping = Pipes.make(impl, 0);
        pong = Pipes.make(impl, 0);
        actors = new Actors(impl);
        actors.start(() -> {
            while (true) {
                pong.send(ping.recv());
            }
        });
    }

    @Benchmark
    @OperationsPerInvocation(ROUND_TRIPS)
    public void roundTrip() {
        if (kotlin != null) {
            kotlin.roundTrips(ROUND_TRIPS);
            return;
        }
        Actors.runBatch(impl, () -> {
            for (int i = 0; i < ROUND_TRIPS; i++) {
                ping.send(MESSAGE);
                pong.recv();
            }
        });
    }

    @TearDown(Level.Iteration)
    public void stopEchoer() {
        if (kotlin != null) {
            kotlin.close();
            kotlin = null;
            return;
        }
        actors.close();
    }
}
