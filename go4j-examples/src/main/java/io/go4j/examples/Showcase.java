package io.go4j.examples;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.context.Context;
import io.go4j.sync.WaitGroup;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Showcase runs go4j's tour of Go's concurrency model on the JVM and prints what it found: the
 * concurrent prime sieve, a fan-out/fan-in pipeline over 100,000 goroutines, {@code select}
 * with a timeout, an errgroup worker pool and a pipeline stopped by a context deadline, Go's
 * statements the Java way (for-select, {@code chan struct{}}, goexit), go4j-debug (a goroutine
 * dump, pprof profiles, {@code /debug/pprof}, a lock cycle caught), go4j-test's virtual time,
 * go4j-trace (a trace in Go's format and a lock convoy found in it) and go4j-http (request
 * contexts, Go's TimeoutHandler), then how many goroutines ran and how many are still alive.
 *
 * <pre>{@code
 * ./go4j showcase
 * // or, from code:
 * Showcase.Report r = Showcase.run(System.out);
 * r.ok();   // true when every result checked out and every goroutine exited
 * }</pre>
 *
 * <p>{@code main} exits with status 1 if a result is wrong or a goroutine is still alive after
 * {@link #EXIT_TIMEOUT}.
 */
public final class Showcase {

    /** How many primes the sieve finds. */
    public static final int PRIMES = 100;
    /** How many numbers the pipeline squares, one worker goroutine each. */
    public static final int SQUARES = 100_000;
    /** How many goroutines the go4j-debug demo parks and dumps. */
    public static final int DIAGNOSED = 1_000;
    /** How long {@link #run} waits at most for the demos' goroutines to exit. */
    public static final Duration EXIT_TIMEOUT = Duration.ofSeconds(5);

    private Showcase() {}

    /**
     * What a run of the showcase found, beyond what it printed.
     *
     * @param goroutinesStarted how many goroutines the demos started, counted by the demos
     * @param allExited         whether they all exited within {@link #EXIT_TIMEOUT}
     * @param numGoroutineAfter {@link Go#numGoroutine()} once they had (0 unless something else runs)
     * @param resultsCorrect    whether every demo's result matched an independent computation
     */
    public record Report(int goroutinesStarted, boolean allExited, int numGoroutineAfter, boolean resultsCorrect) {
        /** Returns whether the results are right and no goroutine was left behind. */
        public boolean ok() {
            return resultsCorrect && allExited && numGoroutineAfter == 0;
        }
    }

    /** Runs the showcase on standard output; exits with status 1 unless {@link Report#ok()}. */
    public static void main(String[] args) throws InterruptedException {
        if (!run(System.out).ok()) {
            System.exit(1);
        }
    }

    /**
     * Runs every demo, printing results to {@code out}, then waits (at most
     * {@link #EXIT_TIMEOUT}) for all their goroutines to exit.
     *
     * @throws InterruptedException if interrupted while waiting for the goroutines to exit
     */
    public static Report run(PrintStream out) throws InterruptedException {
        long start = System.nanoTime();
        printf(out, "go4j showcase: goroutines are virtual threads (Java %s, %d CPUs, GOMAXPROCS %d)%n",
                Runtime.version().feature(), Runtime.getRuntime().availableProcessors(), Go.maxProcs());
        printf(out, "scheduler: %s%n", scheduler());

        Goroutines sieve = new Goroutines();
        Goroutines pipeline = new Goroutines();
        Goroutines select = new Goroutines();
        boolean correct = primeSieve(out, sieve) & fanOutFanIn(out, pipeline) & selectTimeout(out, select)
                & poolAndDeadline(out) & statements(out) & diagnostics(out) & virtualTime(out)
                & trace(out) & http(out);

        int started = sieve.started() + pipeline.started() + select.started();
        long waitStart = System.nanoTime();
        long deadline = waitStart + EXIT_TIMEOUT.toNanos();
        boolean exited = sieve.awaitExit(until(deadline))
                & pipeline.awaitExit(until(deadline))
                & select.awaitExit(until(deadline));
        int live = Go.numGoroutine();
        out.println();
        printf(out, "goroutines started: %,d (sieve %,d + pipeline %,d + select %,d)%n",
                started, sieve.started(), pipeline.started(), select.started());
        printf(out, "Go.numGoroutine() after they exited: %d%s (waited %d ms)%n",
                live, exited ? "" : " (some had not exited after " + EXIT_TIMEOUT.toSeconds() + " s)",
                millisSince(waitStart));
        Report report = new Report(started, exited, live, correct);
        printf(out, "%s in %d ms%n", report.ok() ? "all good" : "FAILED", millisSince(start));
        return report;
    }

    /** Demo 1: the first {@link #PRIMES} primes from the daisy chain of filter goroutines. */
    private static boolean primeSieve(PrintStream out, Goroutines goroutines) {
        out.println();
        printf(out, "1. Concurrent prime sieve: a generator and one filter goroutine per prime, unbuffered channels%n");
        long t0 = System.nanoTime();
        List<Integer> primes = PrimeSieve.firstPrimes(PRIMES, goroutines);
        long ms = millisSince(t0);
        printf(out, "   first %d primes:%n", primes.size());
        for (int i = 0; i < primes.size(); i += 20) {
            StringBuilder line = new StringBuilder("  ");
            for (int p : primes.subList(i, Math.min(i + 20, primes.size()))) {
                line.append(' ').append(p);
            }
            out.println(line);
        }
        boolean ok = primes.equals(trialDivisionPrimes(PRIMES));
        printf(out, "   %s (checked by trial division); %,d goroutines, %d ms%n",
                ok ? "ok" : "WRONG", goroutines.started(), ms);
        return ok;
    }

    /** Demo 2: sum the squares of 1..{@link #SQUARES} on as many worker goroutines. */
    private static boolean fanOutFanIn(PrintStream out, Goroutines goroutines) {
        out.println();
        printf(out, "2. Fan-out/fan-in: %,d worker goroutines square 1..%,d from one jobs channel into one results channel%n",
                SQUARES, SQUARES);
        long t0 = System.nanoTime();
        FanOutFanIn.Result r = FanOutFanIn.sumOfSquares(SQUARES, SQUARES, goroutines);
        long ms = millisSince(t0);
        boolean ok = r.sum() == r.expected() && r.jobsDone() == SQUARES;
        printf(out, "   sum of squares = %d, closed form n(n+1)(2n+1)/6 = %d: %s%n",
                r.sum(), r.expected(), r.sum() == r.expected() ? "ok" : "WRONG");
        printf(out, "   jobs done by the workers: %,d; %,d goroutines, %d ms%n", r.jobsDone(), goroutines.started(), ms);
        return ok;
    }

    /** Demo 3: a select between a producer and a timeout, once with each winning. */
    private static boolean selectTimeout(PrintStream out, Goroutines goroutines) {
        out.println();
        printf(out, "3. select with a timeout: a producer's answer vs a timer goroutine's channel%n");
        boolean slowOk = race(out, goroutines, "slow producer", Duration.ofMillis(1000), Duration.ofMillis(100),
                SelectTimeout.Winner.TIMEOUT);
        boolean fastOk = race(out, goroutines, "fast producer", Duration.ofMillis(10), Duration.ofMillis(1000),
                SelectTimeout.Winner.ANSWER);
        printf(out, "   %,d goroutines%n", goroutines.started());
        return slowOk && fastOk;
    }

    private static boolean poolAndDeadline(PrintStream out) {
        out.println();
        printf(out, "4. errgroup and context: a bounded worker pool, a pipeline stopped by a deadline%n");
        int before = Go.numGoroutine();
        long t0 = System.nanoTime();
        WorkerPool.Report pool = WorkerPool.run(10_000, 8, -1);
        boolean poolOk = pool.error() == null && pool.jobsRun() == 10_000 && pool.maxRunning() <= 8
                && pool.sum() == 10_000L * 10_001 * 20_001 / 6;
        printf(out, "   worker pool: 10,000 jobs, at most %d running at once (limit 8), sum of squares %,d: %s (%d ms)%n",
                pool.maxRunning(), pool.sum(), poolOk ? "ok" : "WRONG", millisSince(t0));
        t0 = System.nanoTime();
        DeadlinePipeline.Outcome piped = DeadlinePipeline.run(Duration.ofMillis(100));
        boolean pipeOk = piped.received() > 0 && "context deadline exceeded".equals(piped.error());
        printf(out, "   pipeline: %,d squares before the 100 ms deadline, then \"%s\": %s (%d ms)%n",
                piped.received(), piped.error(), pipeOk ? "ok" : "WRONG", millisSince(t0));
        boolean drained = awaitGoroutinesBelowOrAt(before, EXIT_TIMEOUT);
        printf(out, "   their goroutines exited: %s%n", drained ? "yes" : "NO");
        return poolOk && pipeOk && drained;
    }

    /** Demo 5: Go's statements the Java way: for-select with choose, chan struct{}, goexit. */
    private static boolean statements(PrintStream out) {
        out.println();
        printf(out, "5. Go's statements in Java: a for-select loop with break and continue, a Chan<Empty> quit signal, goexit%n");
        int before = Go.numGoroutine();
        ForSelect.Result r = ForSelect.sumUntilQuit(10);
        boolean loopOk = r.sum() == 55 && r.odd() == 5 && r.quit();
        printf(out, "   Select.choose: sum %d of 1..10, %d odd (continue skipped the even), left with break on quit: %s%n",
                r.sum(), r.odd(), loopOk ? "ok" : "WRONG");
        boolean exitOk = ForSelect.goexitRunsDeferredWork();
        printf(out, "   Go.goexit(): the goroutine stopped mid-call, its finally ran, no panic reported: %s%n",
                exitOk ? "ok" : "WRONG");
        boolean drained = awaitGoroutinesBelowOrAt(before, EXIT_TIMEOUT);
        return loopOk && exitOk && drained;
    }

    /** Demo 6: go4j-debug: a grouped dump, profiles, /debug/pprof, a lock cycle caught. */
    private static boolean diagnostics(PrintStream out) throws InterruptedException {
        out.println();
        printf(out, "6. go4j-debug: Go's goroutine dump and pprof profiles, /debug/pprof, a partial deadlock caught%n");
        int before = Go.numGoroutine();
        long t0 = System.nanoTime();
        Diagnostics.Report r = Diagnostics.run(DIAGNOSED);
        printf(out, "   %,d workers parked on a jobs channel, labelled pool=workers; GoroutineDump, pprof debug=1:%n",
                r.workers());
        for (String line : r.dump()) {
            printf(out, "     %s%n", line);
        }
        printf(out, "   the workers are one group of %,d: %s%n", r.workers(), r.workerGroup() ? "ok" : "WRONG");
        printf(out, "   goroutine profile: %,d bytes of gzip profile.proto (go tool pprof reads it): %s%n",
                r.profileBytes(), r.gzipOk() ? "ok" : "WRONG");
        printf(out, "   block profile at rate 1: %,d blocking events recorded: %s%n",
                r.blockEvents(), r.blockEvents() > 0 ? "ok" : "WRONG");
        printf(out, "   PprofServer on 127.0.0.1: GET /debug/pprof/goroutine?debug=1 -> %d \"%s\"%n",
                r.httpStatus(), r.httpFirst());
        if (r.cycle() == null) {
            printf(out, "   lock cycle: NOT FOUND%n");
        } else {
            printf(out, "   Deadlocks.lockCycles() while the program runs on:%n");
            for (String line : r.cycle().lines().toList()) {
                printf(out, "     %s%n", line);
            }
            printf(out, "   interrupting the two goroutines broke the cycle (Mutex.lock honours interrupts)%n");
        }
        boolean drained = awaitGoroutinesBelowOrAt(before, EXIT_TIMEOUT);
        printf(out, "   %s (%d ms)%n", r.ok() && drained ? "ok" : "WRONG", millisSince(t0));
        return r.ok() && drained;
    }

    private static boolean virtualTime(PrintStream out) {
        out.println();
        printf(out, "7. go4j-test's Synctest (Go 1.25's testing/synctest): minutes of timers in virtual time%n");
        VirtualTime.Report r = VirtualTime.run();
        printf(out, "   the bubble's clock starts at %s%n", r.start());
        printf(out, "   retry with exponential backoff from 10 s: attempts at +%s%n",
                String.join(", +", r.attempts().stream().map(VirtualTime::goDuration).toList()));
        printf(out, "   a worker on a 3-minute ticker, stopped by a 10-minute context timeout: %d ticks, then \"%s\" at +%s%n",
                r.ticks(), r.error(), VirtualTime.goDuration(r.stoppedAfter()));
        printf(out, "   %s of virtual time in %d ms of real time: %s%n",
                VirtualTime.goDuration(r.attempts().get(r.attempts().size() - 1).plus(r.stoppedAfter())),
                r.real().toMillis(), r.ok() ? "ok" : "WRONG");
        return r.ok();
    }

    /** Demo 8: go4j-trace: a trace in Go's format, and a root cause found in it. */
    private static boolean trace(PrintStream out) {
        out.println();
        printf(out, "8. go4j-trace: an execution trace in Go's format (go tool trace opens it), and a root cause found in it%n");
        int before = Go.numGoroutine();
        long t0 = System.nanoTime();
        Path dir;
        try {
            dir = Files.createTempDirectory("go4j-showcase");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        printf(out, "   %d goroutines x %d cache lookups, the cache's Mutex held across a %d µs lookup:%n",
                TracedCache.GOROUTINES, TracedCache.LOOKUPS, TracedCache.LOOKUP.toNanos() / 1000);
        TracedCache.Run convoy = TracedCache.run(dir.resolve("convoy.trace"), true);
        printf(out, "     %,d events, %,d bytes: %s%n", convoy.report().events(), convoy.bytes(), convoy.file());
        var latency = convoy.report().latency();
        printf(out, "     scheduling latency (wake-up to running) p50 %.1f µs, p99 %.1f µs, max %.1f µs%n",
                latency.p50() / 1e3, latency.p99() / 1e3, latency.max() / 1e3);
        printf(out, "     rule lock-convoy: %d matches, \"%s\"%n", convoy.convoys(), convoy.convoyDescription());
        TracedCache.Run fixed = TracedCache.run(dir.resolve("fixed.trace"), false);
        printf(out, "   the same with the lookup outside the lock: lock-convoy %d matches%n", fixed.convoys());
        boolean ok = convoy.served() == TracedCache.GOROUTINES * TracedCache.LOOKUPS
                && fixed.served() == convoy.served() && convoy.convoys() > 0 && fixed.convoys() == 0;
        boolean drained = awaitGoroutinesBelowOrAt(before, EXIT_TIMEOUT);
        printf(out, "   %s (%d ms; go4j's `go4j trace` command and go tool trace read these files)%n",
                ok && drained ? "ok" : "WRONG", millisSince(t0));
        return ok && drained;
    }

    /** Demo 9: go4j-http: each request a goroutine with a Context; Go's TimeoutHandler. */
    private static boolean http(PrintStream out) {
        out.println();
        printf(out, "9. go4j-http: each request in a goroutine with a Context cancelled when it ends; Go's TimeoutHandler%n");
        int before = Go.numGoroutine();
        long t0 = System.nanoTime();
        Duration wait = Duration.ofSeconds(30);
        HttpServerExample server;
        try {
            server = HttpServerExample.start(Context.background());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        boolean ok;
        try (HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(wait).build()) {
            String base = "http://127.0.0.1:" + server.port();
            int fast = 20;
            Chan<Integer> statuses = Chan.make(fast + 2);
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < fast; i++) {
                wg.go(() -> statuses.send(status(client, base + "/work?ms=5", wait)));
            }
            wg.go(() -> statuses.send(status(client, base + "/work?ms=60000", wait)));
            wg.go(() -> statuses.send(status(client, base + "/work?ms=soon", wait)));
            wg.go(() -> {
                try {
                    HttpServerExample.hangUp(server.port(), "/stream", wait);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            wg.await();
            statuses.close();
            Map<Integer, Integer> byStatus = new TreeMap<>();
            for (int st : statuses) {
                byStatus.merge(st, 1, Integer::sum);
            }
            long deadline = System.nanoTime() + wait.toNanos();
            // the stream's handler counts once it sees the hang-up, a timed-out handler once its
            // backends have given up: both may come after the client has its answer
            while ((server.stats().clientGone() < 1 || server.stats().deadlineSeen() < 1)
                    && System.nanoTime() - deadline < 0) {
                Thread.onSpinWait();
            }
            HttpServerExample.Stats st = server.stats();
            printf(out, "   %d requests of 5 ms, one of 60 s, one with ms=soon, one client hanging up mid-stream: statuses %s%n",
                    fast, byStatus);
            printf(out, "   the server saw: %d served, %d timed out (503 after %d ms), clients gone: %d;"
                            + " handlers whose backends the deadline cancelled: %d%n",
                    st.served(), st.timedOut(), HttpServerExample.TIMEOUT.toMillis(), st.clientGone(), st.deadlineSeen());
            // On a loaded machine a 5 ms request may miss its 100 ms deadline too: count either way.
            int ok200 = byStatus.getOrDefault(200, 0);
            int late = byStatus.getOrDefault(503, 0);
            ok = ok200 + late == fast + 1 && late >= 1 && byStatus.getOrDefault(400, 0) == 1
                    && st.served() == ok200 && st.clientGone() == 1
                    && st.deadlineSeen() >= 1 && st.deadlineSeen() <= st.timedOut();
        } finally {
            server.stop();
        }
        boolean drained = awaitGoroutinesBelowOrAt(before, EXIT_TIMEOUT);
        printf(out, "   no request goroutine left after: %s%n", drained ? "yes" : "NO");
        printf(out, "   %s (%d ms)%n", ok && drained ? "ok" : "WRONG", millisSince(t0));
        return ok && drained;
    }

    private static int status(HttpClient client, String uri, Duration wait) {
        try {
            HttpRequest req = HttpRequest.newBuilder(URI.create(uri)).timeout(wait).build();
            return client.send(req, HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** Waits, boundedly, until no more than {@code n} goroutines are live. */
    private static boolean awaitGoroutinesBelowOrAt(int n, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (Go.numGoroutine() > n) {
            if (System.nanoTime() - deadline > 0) {
                return false;
            }
            Thread.onSpinWait();
        }
        return true;
    }

    private static boolean race(PrintStream out, Goroutines goroutines, String what, Duration work, Duration timeout,
                                SelectTimeout.Winner expected) {
        long t0 = System.nanoTime();
        SelectTimeout.Outcome o = SelectTimeout.race(work, timeout, goroutines);
        printf(out, "   %s (%d ms) vs timeout (%d ms): %s won, \"%s\", after %d ms%n",
                what, work.toMillis(), timeout.toMillis(), o.winner().name().toLowerCase(Locale.ROOT), o.message(),
                millisSince(t0));
        return o.winner() == expected;
    }

    /** The first {@code n} primes by trial division: no goroutines, to check the sieve against. */
    static List<Integer> trialDivisionPrimes(int n) {
        List<Integer> primes = new ArrayList<>(n);
        for (int c = 2; primes.size() < n; c++) {
            boolean prime = true;
            for (int p : primes) {
                if (p * p > c) {
                    break;
                }
                if (c % p == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                primes.add(c);
            }
        }
        return primes;
    }

    private static void printf(PrintStream out, String format, Object... args) {
        out.print(String.format(Locale.ROOT, format, args));
    }

    private static Duration until(long deadlineNanoTime) {
        return Duration.ofNanos(deadlineNanoTime - System.nanoTime());
    }

    private static long millisSince(long nanoTime) {
        return (System.nanoTime() - nanoTime) / 1_000_000;
    }

    /**
     * Names the scheduler goroutines run on, from a goroutine's own thread: a virtual thread's
     * {@code toString()} names the carrier it is mounted on ({@code VirtualThread[#21]/runnable@carrier}).
     * The JDK's carriers are {@code ForkJoinPool-1-worker-N}; go4j-sched's {@code go4j-sched-PN}
     * ({@code -Dgo4j.scheduler=go}, see go4j-sched's README).
     */
    static String scheduler() throws InterruptedException {
        String[] self = new String[1];
        Go.go(() -> self[0] = Thread.currentThread().toString()).join();
        String carrier = self[0].substring(self[0].lastIndexOf('@') + 1);
        return (carrier.startsWith("go4j-sched-") ? "go4j-sched, Go's run queues and runnext" : "the JDK's")
                + " (a goroutine ran on carrier " + carrier + ")";
    }
}
