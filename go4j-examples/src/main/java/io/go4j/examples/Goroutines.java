package io.go4j.examples;

import io.go4j.Go;

import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Goroutines starts goroutines with {@link Go#go(Runnable)} and remembers them, so a demo can
 * say how many it ran and wait, bounded, for all of them to exit.
 *
 * <pre>{@code
 * Goroutines goroutines = new Goroutines();
 * goroutines.go(() -> System.out.println("hello from goroutine " + Go.goid()));
 * goroutines.awaitExit(Duration.ofSeconds(1));   // true: it has finished
 * goroutines.started();                          // 1
 * }</pre>
 *
 * <p>A Go program would not count its goroutines; the showcase does, to print the number and to
 * check it against {@link Go#numGoroutine()}. Safe for use by many goroutines at once.
 */
public final class Goroutines {

    private final Queue<Thread> threads = new ConcurrentLinkedQueue<>(); // every goroutine started here
    private final AtomicInteger started = new AtomicInteger();           // threads.size(), without the O(n) walk

    /** Creates an empty counter. */
    public Goroutines() {}

    /**
     * Starts {@code task} in a new goroutine (Go's {@code go task()}) and counts it.
     *
     * @return the goroutine's thread
     */
    public Thread go(Runnable task) {
        Thread t = Go.go(task);
        threads.add(t);
        started.incrementAndGet();
        return t;
    }

    /** Returns how many goroutines {@link #go(Runnable)} has started. */
    public int started() {
        return started.get();
    }

    /**
     * Waits until every goroutine started so far has exited, or until {@code timeout} has passed.
     *
     * @return {@code true} if they all exited in time
     * @throws InterruptedException if the waiting thread is interrupted
     */
    public boolean awaitExit(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread t : threads) {
            // join(d) with d <= 0 does not wait: it only says whether t has terminated.
            if (!t.join(Duration.ofNanos(deadline - System.nanoTime()))) {
                return false;
            }
        }
        return true;
    }
}
