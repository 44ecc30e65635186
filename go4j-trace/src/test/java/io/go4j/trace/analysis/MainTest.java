package io.go4j.trace.analysis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code go4j trace} command line: each command's output, its exit status, its errors. */
class MainTest {
    @TempDir
    static Path dir;

    static Path trace;

    @BeforeAll
    static void record() throws Exception {
        trace = Planted.record(dir, "leak", Planted::leakingConsumer);
    }

    private record Run(int status, String out, String err) {}

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, UTF_8), new PrintStream(err, true, UTF_8));
        return new Run(status, out.toString(UTF_8), err.toString(UTF_8));
    }

    @Test
    @DisplayName("each command prints its section of the report")
    void eachCommandPrintsItsSection() {
        assertTrue(run("latency", trace.toString()).out().startsWith("Scheduling latency"));
        assertTrue(run("groups", trace.toString()).out().startsWith("Goroutine groups"));
        assertTrue(run("blocking", "--top", "3", trace.toString()).out().startsWith("Longest blocking episodes"));
        Run rules = run("rules", trace.toString());
        assertEquals(0, rules.status(), rules.err());
        assertTrue(rules.out().contains("leak-in-the-making"), rules.out());
        Run report = run("report", trace.toString());
        assertTrue(report.out().contains("Scheduling latency") && report.out().contains("Rule matches"), report.out());
    }

    @Test
    @DisplayName("--json prints the report as one JSON object")
    void jsonPrintsTheReport() {
        String json = run("report", "--json", trace.toString()).out().strip();
        assertTrue(json.startsWith("{\"events\":") && json.endsWith("]}"), json);
        assertTrue(json.contains("\"rule\":\"leak-in-the-making\""), json);
    }

    @Test
    @DisplayName("rules from a file replace the built-in ones; a bad file is exit 2 naming line and column")
    void rulesFromAFile() throws Exception {
        Path good = dir.resolve("my.rules");
        Files.writeString(good, "rule ends\n  step end\nend\n");
        Run r = run("rules", "--rules", good.toString(), trace.toString());
        assertTrue(r.out().contains("ends") && !r.out().contains("leak-in-the-making"), r.out());
        Path bad = dir.resolve("bad.rules");
        Files.writeString(bad, "rule r\n  step ends\nend\n");
        Run b = run("rules", "--rules", bad.toString(), trace.toString());
        assertEquals(2, b.status());
        assertTrue(b.err().contains(bad + ":2:8: expected an event"), b.err());
    }

    @Test
    @DisplayName("rules --list prints the built-in rules' text")
    void rulesListPrintsTheBuiltInRules() {
        assertEquals(Rules.BUILT_IN, run("rules", "--list").out());
    }

    @Test
    @DisplayName("no argument prints the usage with exit 2, as Go's tools do")
    void noArgumentPrintsTheUsage() {
        Run r = run();
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("usage: go4j trace <analysis>"), r.err());
        assertEquals("", r.out());
    }

    @Test
    @DisplayName("a bad command line is exit 2 with the usage; an unreadable trace is exit 1")
    void badUsageAndUnreadableTraces() {
        Run r = run("frobnicate", trace.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().startsWith("go4j trace: unknown analysis frobnicate (there are latency, groups, blocking, "
                + "rules, report)") && r.err().contains("usage: go4j trace"), r.err());
        assertEquals(2, run("latency").status());
        Run missing = run("latency", dir.resolve("absent.trace").toString());
        assertEquals(1, missing.status());
        assertTrue(missing.err().contains("absent.trace"), missing.err());
    }
}
