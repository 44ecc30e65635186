package io.go4j.trace;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.internal.runtime.Scheduling;
import io.go4j.sync.WaitGroup;
import io.go4j.trace.analysis.TraceEvent;
import io.go4j.trace.analysis.TraceFile;
import io.go4j.trace.testing.GoTool;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The processor lanes follow the carriers when the scheduler can tell which one a goroutine runs
 * on: on the JDK's scheduler, when {@code java.lang} is opened to go4j (a child JVM, {@link #main},
 * since the flag is fixed at launch).
 */
class CarrierLanesTest {
    private static final Duration BOUND = Duration.ofSeconds(60);
    private static final int GOROUTINES = 40;

    @TempDir
    Path dir;

    @Test
    @DisplayName("without java.lang opened to go4j, a goroutine's carrier is not known")
    void withoutJavaLangOpenedAGoroutinesCarrierIsNotKnown() throws Exception {
        AtomicInteger proc = new AtomicInteger(Integer.MIN_VALUE);
        Go.go(() -> proc.set(Scheduling.currentProc())).join(BOUND);
        assertEquals(-1, proc.get());
    }

    @Test
    @DisplayName("with java.lang opened, each goroutine starts in the lane of the carrier it started on")
    void withJavaLangOpenedEachGoroutineStartsInItsCarriersLane() throws Exception {
        Path trace = dir.resolve("carriers.trace");
        Path out = dir.resolve("child.out");
        Path err = dir.resolve("child.err");
        List<String> cmd = List.of(ProcessHandle.current().info().command().orElseThrow(),
                "--add-opens", "java.base/java.lang=ALL-UNNAMED", "-Djdk.virtualThreadScheduler.parallelism=2",
                "-cp", System.getProperty("java.class.path"), CarrierLanesTest.class.getName(), trace.toString());
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!p.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            fail("the child did not end in " + BOUND + ": " + Files.readString(err, UTF_8));
        }
        String stdout = Files.readString(out, UTF_8);
        String describe = "exit " + p.exitValue() + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + Files.readString(err, UTF_8);
        assertEquals(0, p.exitValue(), describe);

        Map<Long, Integer> carrierAtStart = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^g=(\\d+) p=(-?\\d+)$").matcher(stdout);
        while (m.find()) {
            carrierAtStart.put(Long.parseLong(m.group(1)), Integer.parseInt(m.group(2)));
        }
        assertEquals(GOROUTINES, carrierAtStart.size(), describe);
        assertTrue(carrierAtStart.values().stream().allMatch(c -> c >= 0),
                "every goroutine knew its carrier: " + carrierAtStart);

        GoTool.parsedEvents(dir, trace);   // go tool trace -d accepts the schedule
        Map<Long, Integer> laneAtStart = new HashMap<>();
        try (TraceFile t = TraceFile.open(trace)) {
            t.events(e -> {
                if (e.kind() == TraceEvent.Kind.GO_START && carrierAtStart.containsKey(e.g())) {
                    laneAtStart.putIfAbsent(e.g(), e.p());
                }
            });
        }
        assertEquals(carrierAtStart.keySet(), laneAtStart.keySet(), "every goroutine is shown starting");
        // one lane per carrier: goroutines started on the same carrier share a lane, and on
        // different carriers do not (the lanes are numbered in the order the carriers are seen)
        Map<Integer, Integer> laneOfCarrier = new HashMap<>();
        Map<Integer, Integer> carrierOfLane = new HashMap<>();
        carrierAtStart.forEach((g, carrier) -> {
            int lane = laneAtStart.get(g);
            assertTrue(lane >= 0 && lane < 2, "a lane within GOMAXPROCS 2: " + laneAtStart);
            assertEquals(lane, laneOfCarrier.computeIfAbsent(carrier, c -> lane),
                    "goroutine " + g + " started on carrier " + carrier + ": " + carrierAtStart + " lanes " + laneAtStart);
            assertEquals(carrier, carrierOfLane.computeIfAbsent(lane, l -> carrier),
                    "lane " + lane + " is one carrier's: " + carrierAtStart + " lanes " + laneAtStart);
        });
    }

    /**
     * The child: traces {@link #GOROUTINES} goroutines that each print the carrier they start on,
     * then pass a token around so that they park and resume.
     *
     * @param args the trace file
     * @throws Exception if tracing fails
     */
    public static void main(String[] args) throws Exception {
        try (OutputStream file = Files.newOutputStream(Path.of(args[0]))) {
            Trace.start(file);
            Chan<Integer> token = Chan.make(1);
            WaitGroup wg = new WaitGroup();
            StringBuffer lines = new StringBuffer();
            for (int i = 0; i < GOROUTINES; i++) {
                wg.go(() -> {
                    int proc = Scheduling.currentProc();   // first: the carrier its start was recorded on
                    // one append per line: StringBuffer makes each call atomic, not a chain of them
                    lines.append("g=" + Thread.currentThread().threadId() + " p=" + proc + "\n");
                    for (int k = 0; k < 5; k++) {
                        token.send(token.recv() + 1);
                    }
                });
            }
            token.send(0);
            wg.await();
            Trace.stop();
            System.out.print(lines);
        }
    }
}
