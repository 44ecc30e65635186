package io.go4j.benchmarks;

import com.softwaremill.jox.Channel;
import io.go4j.Chan;
import io.go4j.Select;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Select measures one receiver selecting over two unbuffered channels, each fed by its own
 * producer. Score: <b>ns per message</b> (one select that receives).
 *
 * <p>Peers: jox's {@code Select.select(a.receiveClause(), b.receiveClause())}; kotlinx.coroutines'
 * {@code select { a.onReceive; b.onReceive }} ({@link KotlinPeer}). java.util.concurrent
 * has no select over several queues; emulating one (polling, or merging both producers into one
 * queue) would measure something else, so there is no j.u.c. entry. Go twin:
 * {@code BenchmarkSelect}.
 */
@State(Scope.Benchmark)
public class SelectBenchmark extends ActorBenchmark {

    /** Messages per invocation, half from each producer. */
    static final int MESSAGES = 100_000;

    @Param({"go4j", "jox", "kotlin"})
    public String impl;

    @Benchmark
    @OperationsPerInvocation(MESSAGES)
    public void message() {
        switch (impl) {
            case Pipes.GO4J -> go4j();
            case Pipes.JOX -> jox();
            case Pipes.KOTLIN -> KotlinPeer.select(MESSAGES);
            default -> throw new IllegalArgumentException("unknown impl: " + impl);
        }
    }

    private void go4j() {
        Chan<Object> a = Chan.make();
        Chan<Object> b = Chan.make();
        Actors.runBatch(impl, producer(a), producer(b), () -> {
            for (int i = 0; i < MESSAGES; i++) {
                Select.select(Select.recv(a), Select.recv(b));
            }
        });
    }

    private void jox() {
        Channel<Object> a = Channel.newRendezvousChannel();
        Channel<Object> b = Channel.newRendezvousChannel();
        Actors.runBatch(impl, producer(a::send), producer(b::send), () -> {
            for (int i = 0; i < MESSAGES; i++) {
                com.softwaremill.jox.Select.select(a.receiveClause(), b.receiveClause());
            }
        });
    }

    private static Actors.Body producer(Chan<Object> ch) {
        return producer(ch::send);
    }

    /** A sending operation of either library. */
    @FunctionalInterface
    private interface Send {
        void send(Object value) throws InterruptedException;
    }

    private static Actors.Body producer(Send send) {
        return () -> {
            for (int i = 0; i < MESSAGES / 2; i++) {
                send.send(MESSAGE);
            }
        };
    }
}
