package io.go4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * ParkedMemory prints the heap bytes each goroutine costs while it is parked in a receive, with
 * 1,000,000 goroutines parked. Not a JMH benchmark: run it once per implementation, each in a
 * fresh JVM, e.g. {@code java -Xms4g -Xmx4g -cp benchmarks.jar io.go4j.benchmarks.ParkedMemory go4j}.
 *
 * <p>Method: measure the used heap after full GCs, start N virtual threads that all block
 * receiving on one shared unbuffered channel, wait until every one is parked, measure again, and
 * divide the difference by N. A parked virtual thread's frames live in heap stack chunks, so the
 * figure covers the thread object, its stack and the channel's wait node. Implementations:
 * {@code go4j}, {@code jox}, {@code juc-sq} (a {@code SynchronousQueue} take), {@code juc-ltq},
 * and {@code vthread} (a bare {@code LockSupport.park()}: the floor). Go twin:
 * {@code bench-go/cmd/parked}.
 *
 * <p>Output, one line: {@code parked impl=go4j goroutines=1000000 bytes/goroutine=1234.5}.
 */
public final class ParkedMemory {

    static final int DEFAULT_GOROUTINES = 1_000_000;
    /** Longest wait for all goroutines to park. Empirical: 1M park in a few seconds on 2 cores. */
    static final long PARK_TIMEOUT_SECONDS = 120;

    private ParkedMemory() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1) {
            System.err.println("usage: ParkedMemory go4j|jox|juc-sq|juc-ltq|vthread [goroutines]");
            System.exit(2);
        }
        String impl = args[0];
        int n = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_GOROUTINES;
        Runnable body = parkedBody(impl);
        Thread[] threads = new Thread[n];

        long before = usedHeapAfterGc();
        for (int i = 0; i < n; i++) {
            threads[i] = Actors.spawn(impl, body);
        }
        awaitParked(threads);
        long after = usedHeapAfterGc();

        System.out.printf(Locale.ROOT, "parked impl=%s goroutines=%d bytes/goroutine=%.1f%n",
                impl, n, (after - before) / (double) n);
        // The parked threads are virtual, hence daemon: the JVM ends with main.
    }

    /** What each goroutine runs: a receive that never completes (nobody sends). */
    private static Runnable parkedBody(String impl) {
        if (impl.equals("vthread")) {
            return () -> {
                while (true) {
                    LockSupport.park();
                }
            };
        }
        Pipe<Object> shared = Pipes.make(impl, 0);
        return () -> {
            try {
                shared.recv();
            } catch (InterruptedException stopped) {
                // nobody interrupts; the JVM exits with the goroutines parked
            }
        };
    }

    private static void awaitParked(Thread[] threads) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(PARK_TIMEOUT_SECONDS);
        for (Thread t : threads) {
            while (!isParked(t.getState())) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("goroutines not parked after " + PARK_TIMEOUT_SECONDS + " s");
                }
                Thread.sleep(1);
            }
        }
    }

    private static boolean isParked(Thread.State s) {
        return s == Thread.State.WAITING || s == Thread.State.TIMED_WAITING;
    }

    /** Used heap after repeated full GCs, once two readings in a row agree within 1%. */
    private static long usedHeapAfterGc() throws InterruptedException {
        MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            System.gc();
            Thread.sleep(100);
            long used = memory.getHeapMemoryUsage().getUsed();
            if (Math.abs(used - previous) <= previous / 100) {
                return used;
            }
            previous = used;
        }
        return previous;
    }
}
