package io.go4j.examples;

import io.go4j.Chan;
import io.go4j.Empty;
import io.go4j.Go;
import io.go4j.Select;
import io.go4j.context.CancelContext;
import io.go4j.context.Context;
import io.go4j.context.DeadlineExceeded;
import io.go4j.test.Synctest;
import io.go4j.time.Ticker;
import io.go4j.time.Time;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * VirtualTime runs time-dependent go4j code in go4j-test's virtual time ({@code Synctest}, Go
 * 1.25's {@code testing/synctest}): a retry loop that backs off for 2.5 minutes and a worker
 * with a 3-minute ticker stopped by a 10-minute context timeout, both in milliseconds of real time, with exact
 * timestamps on the bubble's clock.
 */
public final class VirtualTime {

    /**
     * What the demo saw.
     *
     * @param attempts       when each retry attempt ran, from the start, on the bubble's clock
     * @param start          the bubble's clock when the demo began (Go's: 2000-01-01T00:00:00Z)
     * @param stoppedAfter   when the worker saw its context's deadline, on the bubble's clock
     * @param error          the context's error then
     * @param ticks          how many ticks of a 3-minute ticker the worker saw before the deadline (3, 6 and 9 minutes)
     * @param real           how long it all took in real time
     */
    public record Report(List<Duration> attempts, Instant start, Duration stoppedAfter, String error, int ticks,
                         Duration real) {
        /** The exact offsets Go's synctest gives, and well under a second of real time. */
        public boolean ok() {
            return attempts.equals(List.of(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(30),
                    Duration.ofSeconds(70), Duration.ofSeconds(150)))
                    && start.equals(Instant.parse("2000-01-01T00:00:00Z"))
                    && stoppedAfter.equals(Duration.ofMinutes(10)) && "context deadline exceeded".equals(error)
                    && ticks == 3 && real.compareTo(Duration.ofSeconds(1)) < 0;
        }
    }

    private VirtualTime() {}

    /** Calls {@code fetch} until it succeeds, at most 5 times, doubling the pause between attempts. */
    static String fetchWithRetry(Duration firstPause, Callable<String> fetch) throws Exception {
        Duration pause = firstPause;
        for (int attempt = 1; ; attempt++) {
            try {
                return fetch.call();
            } catch (IOException e) {
                if (attempt == 5) {
                    throw e;
                }
                Time.sleep(pause);
                pause = pause.multipliedBy(2);
            }
        }
    }

    /** Runs both scenarios in one bubble. */
    public static Report run() {
        long realStart = System.nanoTime();
        List<Duration> attempts = new ArrayList<>();
        Instant[] start = new Instant[1];
        Duration[] stoppedAfter = new Duration[1];
        String[] error = new String[1];
        int[] ticks = new int[1];
        Synctest.test(() -> {
            start[0] = Time.now();
            fetchWithRetry(Duration.ofSeconds(10), () -> {
                attempts.add(Duration.between(start[0], Time.now()));
                if (attempts.size() < 5) {
                    throw new IOException("unavailable");
                }
                return "ok";
            });
            Instant workerStart = Time.now();
            try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMinutes(10));
                 Ticker ticker = Time.newTicker(Duration.ofMinutes(3))) {
                Chan<Empty> stopped = Chan.make();   // not Thread.join: only go4j's waits are durable
                Go.go(() -> {
                    while (true) {
                        int chosen = Select.choose(Select.recv(ctx.done()), Select.recv(ticker.c())).index();
                        if (chosen == 0) {
                            stoppedAfter[0] = Duration.between(workerStart, Time.now());
                            error[0] = ctx.err().getMessage();
                            stopped.close();
                            return;
                        }
                        ticks[0]++;
                    }
                });
                stopped.recv();
            }
        });
        return new Report(List.copyOf(attempts), start[0], stoppedAfter[0], error[0], ticks[0],
                Duration.ofNanos(System.nanoTime() - realStart));
    }

    /** Formats {@code d} as Go prints a time.Duration of whole seconds: {@code 2m30s}, {@code 10s}, {@code 0s}. */
    static String goDuration(Duration d) {
        long s = d.toSeconds();
        long h = s / 3600;
        long m = s / 60 % 60;
        long sec = s % 60;
        return (h > 0 ? h + "h" : "") + (h > 0 || m > 0 ? m + "m" : "") + sec + "s";
    }

    /**
     * README's virtual-time example: a 10-minute context timeout, looked at a nanosecond before
     * its deadline and at it, in milliseconds of real time. Throws AssertionError if either look
     * is wrong.
     */
    public static void contextTimeout() {
        // README-BEGIN
        Synctest.test(() -> {
            try (CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMinutes(10))) {
                Time.sleep(Duration.ofMinutes(10).minusNanos(1));
                Synctest.await();
                check(ctx.err() == null, "not done a nanosecond before its deadline");
                Time.sleep(Duration.ofNanos(1));
                Synctest.await();
                check(ctx.err() == DeadlineExceeded.INSTANCE, "done at its deadline");
            }
        });
        // README-END
    }

    private static void check(boolean holds, String what) {
        if (!holds) {
            throw new AssertionError(what);
        }
    }
}
