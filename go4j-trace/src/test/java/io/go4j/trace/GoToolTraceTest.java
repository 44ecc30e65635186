package io.go4j.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import io.go4j.trace.testing.Chromium;
import io.go4j.trace.testing.GoTool;
import io.go4j.trace.testing.WebUi;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A go4j program's trace opened with the real {@code go tool trace} (Go 1.19): its parser accepts
 * it, its profiles name the program's functions, its web UI lists the program's goroutines.
 */
class GoToolTraceTest {
    private static final String PROGRAM = "io.go4j.trace.TracedProgram.";

    @TempDir
    static Path dir;

    static Path file;
    static TracedProgram.Run run;

    @BeforeAll
    static void record() throws Exception {
        file = dir.resolve("go4j.trace");
        try (OutputStream out = Files.newOutputStream(file)) {
            Trace.start(out);
            try {
                run = TracedProgram.run();
            } finally {
                Trace.stop();
            }
        }
        assertEquals(2L * TracedProgram.JOBS * (TracedProgram.JOBS + 1) / 2, run.sum());
    }

    @Test
    @DisplayName("go tool trace -d parses the trace and lists every goroutine of the program with its events")
    void theParserAcceptsTheTrace() throws Exception {
        GoTool.Result r = GoTool.run(dir, null, "tool", "trace", "-d", file.toString());
        assertEquals(0, r.exit(), r.describe());
        List<String> lines = r.stdout().lines().toList();
        for (Thread t : run.workers()) {
            long id = t.threadId();
            assertTrue(has(lines, "GoCreate", "g=" + id), "worker " + id + " created\n" + r.describe());
            assertTrue(has(lines, "GoStart", " g=" + id + " "), "worker " + id + " started");
            assertTrue(has(lines, "GoEnd", " g=" + id + " "), "worker " + id + " ended");
            assertTrue(has(lines, "GoBlockRecv", " g=" + id + " "), "worker " + id + " blocked receiving a job");
        }
        long producer = run.producer().threadId();
        assertTrue(has(lines, "GoBlockSend", " g=" + producer + " "), "the producer blocked sending");
        assertTrue(has(lines, "GoUnblock", "g=" + producer + " seq="), "the producer was unblocked");
        assertTrue(has(lines, "GoSleep", " g=" + producer + " "), "the producer slept");
        int sleep = indexOf(lines, "GoSleep", " g=" + producer + " ");
        String wake = lines.subList(sleep, lines.size()).stream()
                .filter(l -> l.contains(" GoUnblock ") && l.contains(" g=" + producer + " seq=")).findFirst().orElseThrow();
        assertTrue(wake.contains("p=1000001 g=0 "), "the timer's wake-up comes from the Timers lane: " + wake);
        assertTrue(has(lines, "UserTaskCreate", "name=pipeline"), "the task");
        assertTrue(has(lines, "UserRegion", "name=work"), "the regions");
        assertTrue(has(lines, "UserLog", "message=sending " + TracedProgram.JOBS + " jobs"), "the log");
    }

    @Test
    @DisplayName("go tool trace -pprof=sync blames the program's own functions for the time blocked")
    void theSyncProfileNamesTheProgramsFunctions() throws Exception {
        String top = profile("sync");
        List<String> functions = GoTool.topFunctions(top);
        assertTrue(functions.get(0).startsWith("io.go4j."), "the top frame is the go4j call that waited\n" + top);
        assertTrue(functions.contains(PROGRAM + "worker"), top);
        assertTrue(functions.contains(PROGRAM + "producer"), top);
        assertFalse(functions.stream().anyMatch(f -> f.startsWith("io.go4j.internal.") || f.startsWith("io.go4j.trace.internal.")),
                "go4j's internals are hidden\n" + top);
    }

    @Test
    @DisplayName("go tool trace -pprof=sched blames the program's wake-ups and go statements for scheduling latency")
    void theSchedProfileNamesTheProgramsFunctions() throws Exception {
        String top = profile("sched");
        List<String> functions = GoTool.topFunctions(top);
        String byCum = GoTool.pprofTopCum(dir, dir.resolve("sched.pb"));
        assertTrue(GoTool.topFunctions(byCum).stream().limit(GoTool.TOP_ENTRIES).anyMatch(f -> f.startsWith(PROGRAM)),
                "a frame of the program among the first " + GoTool.TOP_ENTRIES + " entries by cumulative time\n" + byCum);
        assertFalse(functions.stream().anyMatch(f -> f.startsWith("io.go4j.internal.") || f.startsWith("io.go4j.trace.internal.")),
                "go4j's internals are hidden\n" + top);
    }

    @Test
    @DisplayName("go tool trace's web UI lists the program's goroutine groups with their counts")
    void theWebUiListsTheGoroutines() throws Exception {
        try (WebUi ui = WebUi.open(dir, file)) {
            String page = ui.get("/goroutines");
            Matcher workers = Pattern.compile(Pattern.quote(PROGRAM) + "lambda\\$main\\$\\d+</a> N=" + TracedProgram.WORKERS)
                    .matcher(page);
            assertTrue(workers.find(), "a group of " + TracedProgram.WORKERS + " workers\n" + page);
            assertTrue(page.contains(PROGRAM + "lambda$main$1</a> N=1"), "the producer's group\n" + page);
            String usertasks = ui.get("/usertasks");
            assertTrue(usertasks.contains("pipeline"), usertasks);
            String json = ui.get("/jsontrace");
            assertTrue(json.startsWith("{") && json.contains("\"traceEvents\""), "the timeline's data");
        }
    }

    @Test
    @DisplayName("the web UI's goroutine analysis of the workers loads in headless Chromium and lists each worker")
    void theGoroutineAnalysisLoadsInChromium() throws Exception {
        try (WebUi ui = WebUi.open(dir, file)) {
            Matcher group = Pattern.compile("href=\"(/goroutine\\?id=\\d+)\">" + Pattern.quote(PROGRAM) + "lambda\\$main\\$\\d+</a> N="
                    + TracedProgram.WORKERS).matcher(ui.get("/goroutines"));
            assertTrue(group.find(), "the workers' group");
            String dom = Chromium.dumpDom(dir, ui.url() + group.group(1));
            for (Thread t : run.workers()) {
                assertTrue(dom.contains(">" + t.threadId() + "<"), "worker " + t.threadId() + " listed\n" + dom);
            }
            assertTrue(dom.contains("Execution Time"), dom);
        }
    }

    private static int indexOf(List<String> lines, String type, String text) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(" " + type + " ") && lines.get(i).contains(text)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean has(List<String> lines, String type, String text) {
        return lines.stream().anyMatch(l -> l.contains(" " + type + " ") && l.contains(text));
    }

    private static String profile(String kind) throws IOException, InterruptedException {
        Path pb = dir.resolve(kind + ".pb");
        GoTool.Result r = GoTool.run(dir, pb, "tool", "trace", "-pprof=" + kind, file.toString());
        assertEquals(0, r.exit(), r.describe());
        return GoTool.pprofTop(dir, pb);
    }
}
