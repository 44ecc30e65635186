package io.go4j.benchmarks;

import io.go4j.Go;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Actors starts the benchmarks' actors on virtual threads and stops them within a bounded time.
 *
 * <p>Every actor is a virtual thread: for {@code impl} {@code go4j} it is started by
 * {@link Go#go(Runnable)} (so it is a goroutine in go4j's registry), for every other
 * implementation by {@code Thread.ofVirtual().start}. Long-lived actors ({@link #start}) run until
 * {@link #close()} interrupts them; batches ({@link #runBatch}) run to completion while the
 * calling (JMH) thread waits.
 */
final class Actors implements AutoCloseable {

    /**
     * Longest wait for a batch to finish or for stopped actors to end. Empirical: a batch is sized
     * to take about 10–200 ms on 2 cores, so a minute means a deadlock, not a slow machine.
     * Revisit if batches grow.
     */
    static final Duration TIMEOUT = Duration.ofSeconds(60);

    /** An actor's body; returning or throwing {@link InterruptedException} ends the actor. */
    @FunctionalInterface
    interface Body {
        void run() throws InterruptedException;
    }

    private final String impl;
    private final List<Thread> threads = new ArrayList<>();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();

    /** Creates an empty set of actors of implementation {@code impl}. */
    Actors(String impl) {
        this.impl = impl;
    }

    /** Starts a virtual thread (a goroutine for go4j) running {@code task}. */
    static Thread spawn(String impl, Runnable task) {
        return Pipes.GO4J.equals(impl) ? Go.go(task) : Thread.ofVirtual().start(task);
    }

    /** Starts a long-lived actor that runs {@code body} until {@link #close()} interrupts it. */
    void start(Body body) {
        threads.add(spawn(impl, () -> {
            try {
                body.run();
            } catch (InterruptedException stopped) {
                // close() asked us to stop
            } catch (Throwable t) {
                failure.compareAndSet(null, t);
            }
        }));
    }

    /** Interrupts every actor and waits, boundedly, for all of them to end; rethrows an actor's failure. */
    @Override
    public void close() {
        threads.forEach(Thread::interrupt);
        awaitAll(threads, "stopped actors");
        threads.clear();
        rethrow(failure.get());
    }

    /**
     * Runs each body on its own virtual thread and returns when all have returned.
     *
     * @throws IllegalStateException if a body throws, or if they have not all returned within
     *     {@link #TIMEOUT} (they are then interrupted)
     */
    static void runBatch(String impl, Body... bodies) {
        AtomicReference<Throwable> failure = new AtomicReference<>();
        List<Thread> batch = new ArrayList<>(bodies.length);
        for (Body body : bodies) {
            batch.add(spawn(impl, () -> {
                try {
                    body.run();
                } catch (Throwable t) {
                    failure.compareAndSet(null, t);
                }
            }));
        }
        awaitAll(batch, "batch");
        rethrow(failure.get());
    }

    private static void awaitAll(List<Thread> threads, String what) {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        try {
            for (Thread t : threads) {
                long left = deadline - System.nanoTime();
                if (left <= 0 || !t.join(Duration.ofNanos(left))) {
                    threads.forEach(Thread::interrupt);
                    throw new IllegalStateException(what + " did not finish within " + TIMEOUT);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for " + what, e);
        }
    }

    private static void rethrow(Throwable t) {
        if (t != null) {
            throw new IllegalStateException("an actor failed", t);
        }
    }
}
