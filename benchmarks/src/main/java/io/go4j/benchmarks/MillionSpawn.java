package io.go4j.benchmarks;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * MillionSpawn times issue 13's "a million blocked goroutines": start N goroutines that each
 * block until all have started, then release them and wait for every one to end. Not a JMH
 * benchmark (a round holds a million parked threads): run it once per implementation, each in a
 * fresh JVM with the same heap, alternating, e.g.
 * {@code java -Xms4g -Xmx4g -cp benchmarks.jar io.go4j.benchmarks.MillionSpawn go4j}.
 *
 * <p>Both sides block on the same {@code CountDownLatch}, so the difference is the start: go4j's
 * {@code Go.go} (a virtual thread, registered as a goroutine) against a raw
 * {@code Thread.ofVirtual().start} ({@code vthread}). Each round is timed in three parts: start
 * (until the last goroutine is started), park (until every one has reached the latch) and
 * release (count down, then join all). Rounds after the first are the warm figures.
 *
 * <p>Output, one line per round:
 * {@code spawn impl=go4j goroutines=1000000 round=2 start_ms=812 park_ms=95 release_ms=640 total_ms=1547}.
 */
public final class MillionSpawn {

    static final int DEFAULT_GOROUTINES = 1_000_000;
    static final int DEFAULT_ROUNDS = 4;
    /** Longest wait for one phase. Empirical: a million start and end in a few seconds on 2 cores. */
    static final long PHASE_TIMEOUT_SECONDS = 300;

    private MillionSpawn() {}

    public static void main(String[] args) throws InterruptedException {
        if (args.length < 1 || !(args[0].equals(Pipes.GO4J) || args[0].equals("vthread"))) {
            System.err.println("usage: MillionSpawn go4j|vthread [goroutines] [rounds]");
            System.exit(2);
        }
        String impl = args[0];
        int n = args.length > 1 ? Integer.parseInt(args[1]) : DEFAULT_GOROUTINES;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : DEFAULT_ROUNDS;
        for (int round = 1; round <= rounds; round++) {
            round(impl, n, round);
        }
    }

    private static void round(String impl, int n, int round) throws InterruptedException {
        CountDownLatch parked = new CountDownLatch(n);
        CountDownLatch release = new CountDownLatch(1);
        Runnable body = () -> {
            parked.countDown();
            try {
                release.await();
            } catch (InterruptedException e) {
                throw new IllegalStateException("a goroutine was interrupted", e);
            }
        };
        Thread[] threads = new Thread[n];
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            threads[i] = Actors.spawn(impl, body);
        }
        long t1 = System.nanoTime();
        if (!parked.await(PHASE_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
            throw new IllegalStateException(parked.getCount() + " goroutines not started after " + PHASE_TIMEOUT_SECONDS + " s");
        }
        long t2 = System.nanoTime();
        release.countDown();
        long deadline = t2 + TimeUnit.SECONDS.toNanos(PHASE_TIMEOUT_SECONDS);
        for (Thread t : threads) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !t.join(java.time.Duration.ofNanos(left))) {
                throw new IllegalStateException("goroutines not ended after " + PHASE_TIMEOUT_SECONDS + " s");
            }
        }
        long t3 = System.nanoTime();
        System.out.printf(Locale.ROOT, "spawn impl=%s goroutines=%d round=%d start_ms=%d park_ms=%d release_ms=%d total_ms=%d%n",
                impl, n, round, ms(t1 - t0), ms(t2 - t1), ms(t3 - t2), ms(t3 - t0));
    }

    private static long ms(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
