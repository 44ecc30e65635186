package io.go4j.examples;

import io.go4j.test.GoLeakCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Checks the showcase's demos against independent computations, and its printed output.
 *
 * <p>Every test waits (bounded, by joining) for the goroutines it started, so the count that
 * {@code Go.numGoroutine()} reports in the showcase test is not disturbed by the others.
 */
@GoLeakCheck
class ShowcaseTest {

    /** Generous: the demos need well under a second each; this only bounds a failure. */
    private static final Duration EXIT = Duration.ofSeconds(20);

    @Test
    @DisplayName("the sieve finds the first 100 primes, ending at 541, with one goroutine per prime plus the generator")
    void sieveFindsFirstHundredPrimes() throws InterruptedException {
        Goroutines goroutines = new Goroutines();
        List<Integer> primes = PrimeSieve.firstPrimes(100, goroutines);

        assertEquals(List.of(2, 3, 5, 7, 11, 13, 17, 19, 23, 29), primes.subList(0, 10));
        assertEquals(541, primes.get(99));
        assertEquals(Showcase.trialDivisionPrimes(100), primes);
        assertEquals(101, goroutines.started());
        assertTrue(goroutines.awaitExit(EXIT), "every filter and the generator exit once done is closed");
    }

    @Test
    @DisplayName("a for-select loop with choose sums 1..10, continues past the even values and breaks on quit")
    void forSelectWithChoose() {
        assertEquals(new ForSelect.Result(55, 5, true), ForSelect.sumUntilQuit(10));
        assertEquals(new ForSelect.Result(0, 0, true), ForSelect.sumUntilQuit(0));
    }

    @Test
    @DisplayName("a goroutine that calls goexit stops there, and its finally still runs")
    void goexitRunsDeferredWork() {
        assertTrue(ForSelect.goexitRunsDeferredWork());
    }

    @Test
    @DisplayName("the sieve asked for no primes starts only the generator, which then exits")
    void sieveOfNoPrimes() throws InterruptedException {
        Goroutines goroutines = new Goroutines();

        assertEquals(List.of(), PrimeSieve.firstPrimes(0, goroutines));
        assertEquals(1, goroutines.started());
        assertTrue(goroutines.awaitExit(EXIT));
    }

    @Test
    @DisplayName("100,000 workers' squares of 1..100,000 sum to n(n+1)(2n+1)/6, every job done exactly once")
    void fanOutFanInOverHundredThousandGoroutines() throws InterruptedException {
        Goroutines goroutines = new Goroutines();
        FanOutFanIn.Result r = FanOutFanIn.sumOfSquares(100_000, 100_000, goroutines);

        assertEquals(333_338_333_350_000L, r.expected());
        assertEquals(r.expected(), r.sum());
        assertEquals(100_000, r.jobsDone());
        assertEquals(100_002, goroutines.started());
        assertTrue(goroutines.awaitExit(EXIT));
    }

    @Test
    @DisplayName("fewer workers than jobs share them: 3 workers square 1..10 into 385")
    void fanOutFanInWithFewWorkers() throws InterruptedException {
        Goroutines goroutines = new Goroutines();
        FanOutFanIn.Result r = FanOutFanIn.sumOfSquares(10, 3, goroutines);

        assertEquals(new FanOutFanIn.Result(385, 385, 10), r);
        assertEquals(5, goroutines.started());
        assertTrue(goroutines.awaitExit(EXIT));
    }

    @Test
    @DisplayName("no jobs: the results channel still closes and the sum is 0")
    void fanOutFanInWithNoJobs() throws InterruptedException {
        Goroutines goroutines = new Goroutines();

        assertEquals(new FanOutFanIn.Result(0, 0, 0), FanOutFanIn.sumOfSquares(0, 4, goroutines));
        assertTrue(goroutines.awaitExit(EXIT));
    }

    @Test
    @DisplayName("select takes the timeout case when the producer is slower than the timeout")
    void selectTimesOutOnSlowProducer() throws InterruptedException {
        Goroutines goroutines = new Goroutines();
        SelectTimeout.Outcome o = SelectTimeout.race(Duration.ofSeconds(1), Duration.ofMillis(10), goroutines);

        assertEquals(new SelectTimeout.Outcome(SelectTimeout.Winner.TIMEOUT, "timed out after 10 ms"), o);
        assertEquals(2, goroutines.started());
        assertTrue(goroutines.awaitExit(EXIT), "the late producer's send lands in the buffer and it exits");
    }

    @Test
    @DisplayName("select takes the answer case when the producer is faster than the timeout")
    void selectTakesAnswerFromFastProducer() throws InterruptedException {
        Goroutines goroutines = new Goroutines();
        SelectTimeout.Outcome o = SelectTimeout.race(Duration.ZERO, Duration.ofSeconds(2), goroutines);

        assertEquals(new SelectTimeout.Outcome(SelectTimeout.Winner.ANSWER, "answer 42 after 0 ms"), o);
        assertTrue(goroutines.awaitExit(EXIT), "the timer's send lands in the buffer and it exits");
    }

    @Test
    @DisplayName("go4j-debug's demo groups the parked workers in the dump, writes gzip profiles, serves /debug/pprof and finds the lock cycle")
    void diagnosticsDemo() throws InterruptedException {
        Diagnostics.Report r = Diagnostics.run(200);

        assertEquals("goroutine profile: total " , r.dump().get(0).substring(0, "goroutine profile: total ".length()));
        assertTrue(r.workerGroup(), () -> String.join("\n", r.dump()));
        // the workers' labels: the demo's own, beside any the test runs with (@GoLeakCheck's go4j.test)
        assertTrue(r.dump().stream().anyMatch(l -> l.startsWith("# labels: {") && l.contains("\"pool\":\"workers\"")),
                () -> String.join("\n", r.dump()));
        assertTrue(r.gzipOk());
        assertTrue(r.blockEvents() > 0);
        assertEquals(200, r.httpStatus());
        assertTrue(r.cycle() != null && r.cycle().contains("waits for io.go4j.sync.Mutex@"), String.valueOf(r.cycle()));
        assertTrue(r.ok(), r::toString);
    }

    @Test
    @DisplayName("in virtual time the backoff's attempts come at exactly 0, 10, 30, 70 and 150 s and the 10-minute timeout stops the ticker's worker after 3 ticks")
    void virtualTimeDemo() {
        VirtualTime.Report r = VirtualTime.run();

        assertEquals(List.of(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofSeconds(70),
                Duration.ofSeconds(150)), r.attempts());
        assertEquals(java.time.Instant.parse("2000-01-01T00:00:00Z"), r.start());
        assertEquals(Duration.ofMinutes(10), r.stoppedAfter());
        assertEquals("context deadline exceeded", r.error());
        assertEquals(3, r.ticks());
        assertTrue(r.ok(), r::toString);
        assertEquals("2m30s", VirtualTime.goDuration(Duration.ofSeconds(150)));
        assertEquals("1h0m0s", VirtualTime.goDuration(Duration.ofHours(1)));
        assertEquals("0s", VirtualTime.goDuration(Duration.ZERO));
    }

    @Test
    @DisplayName("the showcase prints each demo's checked result, the goroutines it started, and 0 still alive")
    void showcasePrintsResultsAndGoroutineCount() throws InterruptedException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Showcase.Report report;
        try (PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8)) {
            report = Showcase.run(out);
        }
        String printed = bytes.toString(StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");

        assertTrue(printed.contains("first 100 primes:"), printed);
        assertTrue(printed.contains("   2 3 5 7 11 13 17 19 23 29 31 37 41 43 47 53 59 61 67 71\n"), printed);
        assertTrue(printed.contains(" 509 521 523 541\n   ok (checked by trial division); 101 goroutines"), printed);
        assertTrue(printed.contains(
                "sum of squares = 333338333350000, closed form n(n+1)(2n+1)/6 = 333338333350000: ok"), printed);
        assertTrue(printed.contains("jobs done by the workers: 100,000; 100,002 goroutines"), printed);
        assertTrue(printed.contains("slow producer (1000 ms) vs timeout (100 ms): timeout won"), printed);
        assertTrue(printed.contains("fast producer (10 ms) vs timeout (1000 ms): answer won, \"answer 42 after 10 ms\""),
                printed);
        assertTrue(printed.contains("worker pool: 10,000 jobs, at most "), printed);
        assertTrue(printed.contains("(limit 8), sum of squares 333,383,335,000: ok"), printed);
        assertTrue(printed.contains("squares before the 100 ms deadline, then \"context deadline exceeded\": ok"), printed);
        assertTrue(printed.contains("their goroutines exited: yes"), printed);
        assertTrue(printed.contains("Select.choose: sum 55 of 1..10, 5 odd (continue skipped the even), left with break on quit: ok"),
                printed);
        assertTrue(printed.contains("Go.goexit(): the goroutine stopped mid-call, its finally ran, no panic reported: ok"),
                printed);
        assertTrue(printed.contains("the workers are one group of 1,000: ok"), printed);
        assertTrue(printed.contains("GET /debug/pprof/goroutine?debug=1 -> 200 \"goroutine profile: total "), printed);
        assertTrue(printed.contains("go4j: lock cycle (partial deadlock) among goroutines "), printed);
        assertTrue(printed.contains("goroutines started: 100,107 (sieve 101 + pipeline 100,002 + select 4)"), printed);
        assertTrue(printed.contains("Go.numGoroutine() after they exited: 0 "), printed);
        assertTrue(printed.contains("all good in "), printed);
        assertTrue(printed.contains("   retry with exponential backoff from 10 s: attempts at +0s, +10s, +30s, +1m10s, +2m30s\n"), printed);
        assertTrue(printed.contains("scheduler: the JDK's (a goroutine ran on carrier ForkJoinPool-"), printed);
        assertTrue(printed.contains("     rule lock-convoy: "), printed);
        assertTrue(printed.contains("   the same with the lookup outside the lock: lock-convoy 0 matches\n"), printed);
        assertTrue(printed.contains("   no request goroutine left after: yes\n"), printed);

        assertEquals(100_107, report.goroutinesStarted());
        assertTrue(report.ok(), report::toString);
    }
}
