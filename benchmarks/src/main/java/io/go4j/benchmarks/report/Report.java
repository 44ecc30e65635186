package io.go4j.benchmarks.report;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.StringJoiner;

/**
 * Report turns one run of {@code benchmarks/run-all} into a markdown table: per scenario, the
 * median score of go4j, jox, the JDK baselines and Go, with the ratios go4j ÷ best JVM peer and
 * go4j ÷ Go; then the parked-memory figures. It prints the table and writes it to
 * {@code table.md} in the results directory.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.go4j.benchmarks.report.Report [resultsDir]}; the
 * directory (default {@code benchmarks/results}) holds {@code jmh.json}, {@code go-bench.txt}
 * and {@code parked-*.txt}, any of which may be missing.
 */
public final class Report {

    /** A row of the table: scenario key (see {@link Samples}), display name, unit of the score. */
    private record Scenario(String key, String name, String unit) {}

    private static final List<Scenario> SCENARIOS = List.of(
            new Scenario("pingpong", "ping-pong (unbuffered)", "ns / round trip"),
            new Scenario("chain", "chain of 1,000 (unbuffered)", "ns / hop"),
            new Scenario("ring", "ring of 1,000, one token", "ns / hop"),
            new Scenario("buffered16", "1 → 1, capacity 16", "ns / message"),
            new Scenario("buffered1024", "1 → 1, capacity 1,024", "ns / message"),
            new Scenario("mpmc", "4 → 4, capacity 64", "ns / message"),
            new Scenario("select", "select over 2 (unbuffered)", "ns / message"),
            new Scenario("spawn", "start + join 100,000", "ns / goroutine"),
            new Scenario("mutex1", "mutex, 1 goroutine (uncontended)", "ns / critical section"),
            new Scenario("mutex2", "mutex, 2 goroutines", "ns / critical section"),
            new Scenario("mutex8", "mutex, 8 goroutines", "ns / critical section"),
            new Scenario("mutex100", "mutex, 100 goroutines", "ns / critical section"),
            new Scenario("waitgroup", "fan-out/fan-in of 10,000", "ns / goroutine"),
            new Scenario("contextcancel", "cancel a tree of 100,000 watched contexts", "ns / context"),
            new Scenario("contextcreatewatchcancel", "build + watch + cancel 100,000 contexts", "ns / context"),
            new Scenario("timerstartstop", "start + stop 1,000,000 timers", "ns / timer"),
            new Scenario("timerafterreceived", "after(1 ms) + receive, 1,000,000", "ns / timer"));

    private static final String GO4J = "go4j";
    private static final String JOX = "jox";
    private static final String KOTLIN = "kotlin";

    private Report() {}

    public static void main(String[] args) throws IOException {
        Path dir = Path.of(args.length > 0 ? args[0] : "benchmarks/results");
        Samples samples = new Samples();
        if (Files.exists(dir.resolve("jmh.json"))) {
            samples.readJmh(dir.resolve("jmh.json"));
        }
        if (Files.exists(dir.resolve("go-bench.txt"))) {
            samples.readGo(dir.resolve("go-bench.txt"));
        }
        String markdown = throughputTable(samples) + "\n" + parkedTable(dir);
        System.out.print(markdown);
        Files.writeString(dir.resolve("table.md"), markdown);
    }

    private static String throughputTable(Samples s) {
        StringBuilder md = new StringBuilder();
        md.append("| Scenario | Unit | go4j | jox | kotlinx.coroutines | JDK | Go | go4j ÷ best JVM peer | go4j ÷ Go |\n");
        md.append("|---|---|--:|--:|--:|--:|--:|--:|--:|\n");
        for (Scenario sc : SCENARIOS) {
            double go4j = s.median(sc.key(), GO4J);
            String bestPeer = null;
            StringJoiner jdk = new StringJoiner(", ");
            for (String impl : s.impls(sc.key())) {
                if (impl.equals(GO4J) || impl.equals(Samples.GO)) {
                    continue;
                }
                double v = s.median(sc.key(), impl);
                if (!impl.equals(JOX) && !impl.equals(KOTLIN)) {
                    jdk.add(ns(v) + " (" + impl + ")");
                }
                if (bestPeer == null || v < s.median(sc.key(), bestPeer)) {
                    bestPeer = impl;
                }
            }
            double go = s.median(sc.key(), Samples.GO);
            double peer = bestPeer == null ? Double.NaN : s.median(sc.key(), bestPeer);
            md.append("| ").append(sc.name())
                    .append(" | ").append(sc.unit())
                    .append(" | ").append(ns(go4j))
                    .append(" | ").append(ns(s.median(sc.key(), JOX)))
                    .append(" | ").append(ns(s.median(sc.key(), KOTLIN)))
                    .append(" | ").append(jdk.length() == 0 ? "–" : jdk.toString())
                    .append(" | ").append(ns(go))
                    .append(" | ").append(ratio(go4j, peer)).append(bestPeer == null ? "" : " (" + bestPeer + ")")
                    .append(" | ").append(ratio(go4j, go))
                    .append(" |\n");
        }
        md.append("\nMedians over all measured iterations of all forks (JMH) and over the `-count` runs (Go). ")
                .append("A ratio below 1 means go4j is faster. JDK: juc-sq = SynchronousQueue, ")
                .append("juc-ltq = LinkedTransferQueue.transfer, juc-abq = ArrayBlockingQueue, ")
                .append("vthread = Thread.ofVirtual().start, reentrant = ReentrantLock, synchronized = a monitor, ")
                .append("latch = CountDownLatch, phaser = Phaser, juc (timers) = ScheduledThreadPoolExecutor. ")
                .append("Select has no j.u.c. peer; contexts have no JVM peer.\n");
        return md.toString();
    }

    /** Lists every {@code parked-*.txt} line "parked impl=X goroutines=N bytes/goroutine=B". */
    private static String parkedTable(Path dir) throws IOException {
        List<String> rows = new ArrayList<>();
        if (Files.isDirectory(dir)) {
            try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "parked-*.txt")) {
                for (Path f : files) {
                    for (String line : Files.readAllLines(f)) {
                        if (line.startsWith("parked ")) {
                            rows.add("| " + field(line, "impl") + " | " + field(line, "goroutines")
                                    + " | " + field(line, "bytes/goroutine") + " |");
                        }
                    }
                }
            }
        }
        if (rows.isEmpty()) {
            return "";
        }
        rows.sort(null);
        return "| Parked in a receive | goroutines | heap bytes / goroutine |\n|---|--:|--:|\n"
                + String.join("\n", rows) + "\n\nJVM: used heap after full GC, "
                + "before and after parking (virtual-thread stacks live in the heap); "
                + "vthread = bare LockSupport.park(). Go: HeapAlloc + StackInuse after runtime.GC().\n";
    }

    private static String field(String line, String name) {
        for (String part : line.split("\\s+")) {
            if (part.startsWith(name + "=")) {
                return part.substring(name.length() + 1);
            }
        }
        return "?";
    }

    private static String ns(double v) {
        if (Double.isNaN(v)) {
            return "–";
        }
        return v < 100 ? String.format(Locale.ROOT, "%.1f", v) : String.format(Locale.ROOT, "%.0f", v);
    }

    private static String ratio(double a, double b) {
        return Double.isNaN(a) || Double.isNaN(b) ? "–" : String.format(Locale.ROOT, "%.2f", a / b);
    }
}
