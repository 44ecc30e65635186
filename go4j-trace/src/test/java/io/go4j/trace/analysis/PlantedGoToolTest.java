package io.go4j.trace.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Go;
import io.go4j.trace.testing.Chromium;
import io.go4j.trace.testing.GoTool;
import io.go4j.trace.testing.WebUi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The planted scenarios of issue 12's "done means" (a lock convoy, a leak in the making, a latency
 * spike: the programs {@link BuiltInRulesTest} finds with the rules) opened with the real
 * {@code go tool trace} (Go 1.19): its parser accepts each trace, its blocking and scheduling
 * profiles put the planted program's own frames among their top entries, and its web UI's
 * goroutine analysis, rendered in headless Chromium, lists the program's goroutines.
 */
class PlantedGoToolTest {
    private static final String PROGRAM = "io.go4j.trace.analysis.Planted.";

    @TempDir
    Path dir;

    /**
     * A planted scenario: its program, and how many goroutines the web UI groups under the named
     * method's start functions (its lambdas; a goroutine that never blocked in go4j is grouped
     * under the method that started it, as the spinners of the latency spike).
     */
    record Scenario(String name, Planted.Program program, Map<String, Integer> groups) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> scenarios() {
        return Stream.of(
                Arguments.of(new Scenario("lock convoy", Planted::lockConvoy,
                        Map.of("convoyShape", Planted.CONVOY_GOROUTINES))),
                Arguments.of(new Scenario("leak in the making", Planted::leakingConsumer,
                        Map.of("producerConsumer", 2))),   // the consumer and the producer: two groups of one
                Arguments.of(new Scenario("latency spike", Planted::wakeDuringSpin,
                        Map.of("wake", Go.maxProcs() + 1))));   // the spinners and the waiter
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("scenarios")
    @DisplayName("go tool trace parses each planted trace, its sync and sched profiles name the program, its web UI lists the program's goroutines")
    void goToolTraceParsesThePlantedTraceItsProfilesNameTheProgramAndItsWebUiListsTheGoroutines(Scenario s)
            throws Exception {
        Path file = Planted.record(dir, s.name().replace(' ', '-'), s.program());

        // go tool trace -d: Go's parser accepts it, with the program's goroutines' events
        List<String> events = GoTool.parsedEvents(dir, file);
        assertTrue(events.stream().anyMatch(l -> l.contains(" GoCreate ")), "goroutines created\n" + head(events));
        assertTrue(events.stream().anyMatch(l -> l.contains(" GoEnd ")), "goroutines ended\n" + head(events));

        // -pprof=sync and -pprof=sched: the planted program's own frames among the top entries
        for (String kind : List.of("sync", "sched")) {
            Path pb = profile(file, kind);
            String byCum = GoTool.pprofTopCum(dir, pb);
            assertTrue(GoTool.topFunctions(byCum).stream().limit(GoTool.TOP_ENTRIES).anyMatch(f -> f.startsWith(PROGRAM)),
                    "-pprof=" + kind + ": a frame of the planted program among the first " + GoTool.TOP_ENTRIES
                            + " entries by cumulative time\n" + byCum);
            String top = GoTool.pprofTop(dir, pb);
            assertFalse(GoTool.topFunctions(top).stream().anyMatch(f -> f.startsWith("io.go4j.internal.") || f.startsWith("io.go4j.trace.internal.")),
                    "-pprof=" + kind + ": go4j's internals are hidden\n" + top);
        }

        // the web UI's goroutine analysis, in headless Chromium: the program's groups, then each
        // group's page listing its goroutines
        try (WebUi ui = WebUi.open(dir, file)) {
            String goroutines = Chromium.dumpDom(dir, ui.url() + "/goroutines");
            for (Map.Entry<String, Integer> g : s.groups().entrySet()) {
                Matcher group = Pattern.compile("href=\"(/goroutine\\?id=\\d+)\">" + Pattern.quote(PROGRAM) + "(?:lambda\\$)?"
                        + Pattern.quote(g.getKey()) + "(?:\\$\\d+)?</a> N=(\\d+)").matcher(goroutines);
                int listed = 0;
                while (group.find()) {
                    int n = Integer.parseInt(group.group(2));
                    String page = Chromium.dumpDom(dir, ui.url() + group.group(1));
                    assertTrue(page.contains("Execution Time"), "the group's analysis table\n" + page);
                    assertEquals(n, goroutineRows(page), "the group lists its " + n + " goroutines\n" + page);
                    listed += n;
                }
                assertEquals(g.getValue(), listed, "goroutines started in Planted." + g.getKey() + "\n" + goroutines);
            }
        }
    }

    /** The goroutine rows of a group's page: links to a goroutine's own trace view. */
    private static int goroutineRows(String page) {
        Matcher m = Pattern.compile("href=\"/trace\\?goid=(\\d+)\">\\1</a>").matcher(page);
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private Path profile(Path file, String kind) throws Exception {
        Path pb = dir.resolve(kind + ".pb");
        GoTool.Result r = GoTool.run(dir, pb, "tool", "trace", "-pprof=" + kind, file.toString());
        assertEquals(0, r.exit(), r.describe());
        assertTrue(Files.size(pb) > 0, "-pprof=" + kind + " wrote a profile");
        return pb;
    }

    private static String head(List<String> lines) {
        return String.join("\n", lines.subList(0, Math.min(40, lines.size())));
    }
}
