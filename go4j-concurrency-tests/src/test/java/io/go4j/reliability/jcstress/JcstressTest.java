package io.go4j.reliability.jcstress;

import io.go4j.reliability.Mode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.openjdk.jcstress.infra.Status;
import org.openjdk.jcstress.infra.collectors.DiskReadCollector;
import org.openjdk.jcstress.infra.collectors.InProcessCollector;
import org.openjdk.jcstress.infra.collectors.TestResult;
import org.openjdk.jcstress.infra.grading.GradingResult;
import org.openjdk.jcstress.infra.grading.TestGrading;
import org.openjdk.jcstress.infra.runners.TestList;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * JcstressTest runs every jcstress test of this package and fails the build when one of them
 * observes a forbidden outcome, ends in an error (an exception, a hung actor, a crashed VM) or
 * does not run at all; and when the planted bug ({@link PlantedLostWakeup}) is <em>not</em>
 * caught, since a harness that cannot fail proves nothing.
 *
 * <p>jcstress runs in a child JVM ({@code org.openjdk.jcstress.Main}, on this JVM's class path),
 * which forks one JVM per test configuration itself. Its console output goes to
 * {@code target/jcstress/jcstress.log}, its HTML report to {@code target/jcstress/report/}; the
 * outcome counts are read back from its result file and printed, one table per test (also
 * written to {@code target/jcstress/summary.txt}).
 *
 * <p>Modes. Short (default, CI): jcstress's quick mode (5 iterations of 200 ms), one fork per
 * test, in the one configuration that finds the most on x86: C2 only, with C2's scheduling
 * randomisers (the flags of jcstress's own "C2 stress" configuration; C2 picks a random seed).
 * {@code -Psoak}: jcstress's default mode: every configuration it detects (interpreter, C1, C2,
 * C2 stress), each actor compiled separately by each compiler, 5 iterations of 1 s.
 * {@code -Dgo4j.jcstress.filter=REGEX} runs only the matching tests (the check that the planted
 * bug is caught then applies only if it matches).
 */
class JcstressTest {
    /*
     * Implementation notes. The verdict comes from jcstress's result file (gzipped TestResult
     * objects, one per test and fork), graded by jcstress's own TestGrading against each test's
     * @Outcome annotations. jcstress writes that file into its working directory under a
     * timestamped name, hence a directory of its own, emptied first. Main exits 1 when a test
     * fails (the planted one always does) as when it crashes, so its exit code is only reported:
     * a crash shows as tests without results. The child's class path is this JVM's
     * java.class.path (Surefire sets it to the real test class path, not its manifest-only jar);
     * jcstress hands its own on to the JVMs it forks.
     *
     * jcstress bounds a hung actor in the measured runs (TIMEOUT_ERROR), but not in the checks
     * it runs before them, where it joins the actors' threads without a timeout; hence RUN_LIMIT,
     * and thread dumps of the JVMs still running when it expires. Blocking actors never throw
     * either (they record a forbidden outcome instead), so a dead actor cannot strand its partner.
     */

    private static final String PACKAGE = JcstressTest.class.getPackageName();

    /** Test names (as jcstress spells them) that must observe their forbidden outcome. */
    private static final Set<String> EXPECTED_TO_FAIL = Set.of(PlantedLostWakeup.class.getCanonicalName());

    /**
     * Lets @Contended pad jcstress's result objects, so that the actors' result fields do not
     * share a cache line. jcstress adds this flag itself after a probe, which fails on a class
     * path with directories (it takes file paths for class names: the log shows its
     * ClassNotFoundException, harmlessly).
     */
    private static final String PAD_RESULTS = "-XX:-RestrictContended";

    /** Flags of jcstress's "C2 only + stress" configuration (VMSupport), used alone in short mode. */
    private static final String C2_STRESS_FLAGS = "-XX:-TieredCompilation -XX:+StressLCM -XX:+StressGCM"
            + " -XX:+StressIGVN -XX:+StressCCP";

    /** Bound on the whole jcstress run: a hang is a failure, not a stuck build. */
    private static final Duration RUN_LIMIT = Duration.ofMinutes(Mode.pick(10, 180));

    private static final Path DIR = Path.of("target", "jcstress");

    @Test
    @Timeout(value = 185, unit = TimeUnit.MINUTES)   // a backstop above RUN_LIMIT, which bounds the run
    void memoryOrderingTestsSeeOnlyDeclaredOutcomes() throws Exception {
        String filter = System.getProperty("go4j.jcstress.filter", "^" + Pattern.quote(PACKAGE + ".")).trim();
        Set<String> selected = selectedTests(filter);
        assertTrue(!selected.isEmpty(), "no jcstress test matches " + filter);

        long start = System.nanoTime();
        Path resultFile = runJcstress(filter);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        Map<String, TestSummary> summaries = readResults(resultFile);
        String report = format(summaries, filter, took);
        System.out.println(report);
        Files.writeString(DIR.resolve("summary.txt"), report);

        List<String> problems = new ArrayList<>();
        for (String test : selected) {
            TestSummary s = summaries.get(test);
            if (s == null || s.samples == 0) {
                problems.add(test + ": did not run (no samples)");
            } else if (s.status != Status.NORMAL) {
                problems.add(test + ": " + s.status + " " + s.messages);
            } else if (EXPECTED_TO_FAIL.contains(test)) {
                if (s.passed) {
                    problems.add(test + ": the planted bug was not caught (no forbidden outcome observed)");
                }
            } else if (!s.passed) {
                problems.add(test + ": forbidden outcome observed " + s.failures);
            }
        }
        if (!problems.isEmpty()) {
            fail("jcstress (log: " + DIR.resolve("jcstress.log").toAbsolutePath() + "):\n  "
                    + String.join("\n  ", problems));
        }
    }

    /** The tests of this class path whose name matches {@code filter}, as jcstress selects them. */
    private static Set<String> selectedTests(String filter) {
        Pattern p = Pattern.compile(filter);
        Set<String> tests = new TreeSet<>();
        for (String name : TestList.tests()) {
            if (p.matcher(name).find()) {
                tests.add(name);
            }
        }
        return tests;
    }

    /** Runs jcstress in a child JVM and returns its result file. */
    private static Path runJcstress(String filter) throws IOException, InterruptedException {
        Files.createDirectories(DIR);
        try (Stream<Path> old = Files.list(DIR)) {
            for (Path f : (Iterable<Path>) old::iterator) {
                String name = f.getFileName().toString();
                if (name.startsWith("jcstress-results-") || name.startsWith("threads-")) {
                    Files.delete(f);
                }
            }
        }
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED",   // jcstress sets thread affinity through JNA
                "-cp", System.getProperty("java.class.path"),
                "org.openjdk.jcstress.Main",
                "-t", filter,
                "-r", "report",
                "-v"));
        if (Mode.SOAK) {
            command.addAll(List.of("-m", "default", "-jvmArgsPrepend", PAD_RESULTS));
        } else {
            command.addAll(List.of("-m", "quick", "-sc", "false",
                    "-jvmArgs", PAD_RESULTS + " " + C2_STRESS_FLAGS));
        }
        Path log = DIR.resolve("jcstress.log");
        Process p = new ProcessBuilder(command)
                .directory(DIR.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        try {
            if (!p.waitFor(RUN_LIMIT.toMillis(), TimeUnit.MILLISECONDS)) {
                dumpThreads(p);
                fail("jcstress did not finish within " + RUN_LIMIT + " (a hung actor?); see "
                        + log.toAbsolutePath() + " and the thread dumps beside it");
            }
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        try (Stream<Path> files = Files.list(DIR)) {
            List<Path> results = files.filter(f -> f.getFileName().toString().startsWith("jcstress-results-")).toList();
            assertEquals(1, results.size(), "jcstress result files in " + DIR.toAbsolutePath()
                    + " (exit code " + p.exitValue() + "; see " + log.toAbsolutePath() + ")");
            return results.get(0);
        }
    }

    /** Writes a thread dump of each JVM under {@code p} to DIR/threads-PID.txt, for a hung run. */
    private static void dumpThreads(Process p) throws IOException, InterruptedException {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        for (ProcessHandle h : Stream.concat(Stream.of(p.toHandle()), p.descendants()).toList()) {
            Process dump = new ProcessBuilder(jcmd, Long.toString(h.pid()), "Thread.print")
                    .redirectErrorStream(true)
                    .redirectOutput(DIR.resolve("threads-" + h.pid() + ".txt").toFile())
                    .start();
            if (!dump.waitFor(30, TimeUnit.SECONDS)) {
                dump.destroyForcibly();
            }
        }
    }

    /** Per test: outcome counts summed over its forks, its worst status and its grading. */
    private static final class TestSummary {
        final Map<String, Long> counts = new TreeMap<>();
        final Map<String, String> expectations = new TreeMap<>();
        final Set<String> failures = new TreeSet<>();
        final List<String> messages = new ArrayList<>();
        Status status = Status.NORMAL;
        boolean passed = true;
        long samples;
        int forks;
    }

    private static Map<String, TestSummary> readResults(Path file) throws IOException, ClassNotFoundException {
        InProcessCollector collector = new InProcessCollector();
        DiskReadCollector reader = new DiskReadCollector(file.toString(), collector);
        try {
            reader.dump();
        } finally {
            reader.close();
        }
        Map<String, TestSummary> byTest = new TreeMap<>();
        for (TestResult r : collector.getTestResults()) {
            TestSummary s = byTest.computeIfAbsent(r.getName(), n -> new TestSummary());
            s.forks++;
            s.status = s.status.combine(r.status());
            s.messages.addAll(r.getMessages());
            if (r.status() != Status.NORMAL) {
                continue;   // an error result has no outcomes to grade
            }
            TestGrading g = TestGrading.grade(r);
            s.passed &= g.isPassed;
            for (GradingResult gr : g.gradingResults.values()) {
                s.counts.merge(gr.id, gr.count, Long::sum);
                s.expectations.put(gr.id, gr.expect.toString());
                s.samples += gr.count;
            }
            g.failureMessages.stream().filter(m -> m != null).forEach(s.failures::add);
        }
        return byTest;
    }

    /** One table per test: each outcome with its count and expectation; the figures for the README. */
    private static String format(Map<String, TestSummary> summaries, String filter, Duration took) {
        StringBuilder sb = new StringBuilder();
        sb.append("jcstress ").append(Mode.SOAK ? "soak (-m default)" : "short (-m quick, C2 stress only)")
                .append(", tests ").append(filter)
                .append(", java ").append(System.getProperty("java.version"))
                .append(", ").append(Runtime.getRuntime().availableProcessors()).append(" CPUs")
                .append(", ").append(took.toSeconds()).append(" s\n");
        for (Map.Entry<String, TestSummary> e : summaries.entrySet()) {
            TestSummary s = e.getValue();
            sb.append(String.format("%s  [%s, %d fork%s, %,d samples%s]%n",
                    e.getKey().substring(PACKAGE.length() + 1), s.status, s.forks, s.forks == 1 ? "" : "s",
                    s.samples, s.passed ? "" : ", FORBIDDEN OBSERVED"));
            for (Map.Entry<String, Long> c : s.counts.entrySet()) {
                sb.append(String.format("    %-16s %,15d  %s%n", c.getKey(), c.getValue(), s.expectations.get(c.getKey())));
            }
        }
        return sb.toString();
    }
}
