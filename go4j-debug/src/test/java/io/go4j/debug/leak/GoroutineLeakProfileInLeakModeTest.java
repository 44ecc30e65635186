package io.go4j.debug.leak;

import static io.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.debug.Profile;
import io.go4j.debug.testing.Await;
import io.go4j.debug.testing.GoTool;
import io.go4j.debug.testing.PprofOutput;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The goroutineleak profile (Go 1.26) in go4j's leak mode: written as Go writes it, read by
 * {@code go tool pprof}. Runs in go4j-debug's {@code leak-mode} surefire execution. Leaks of
 * other tests of the same JVM are kept too, so each test finds its own by a function of its own.
 */
@EnabledIfSystemProperty(named = "go4j.leakDetection", matches = "true",
        disabledReason = "needs -Dgo4j.leakDetection=true -Djdk.trackAllThreads=false (the leak-mode surefire execution)")
@DisplayName("The goroutineleak profile in leak mode")
class GoroutineLeakProfileInLeakModeTest {
    private static final String TEST = GoroutineLeakProfileInLeakModeTest.class.getName() + ".";

    @TempDir
    Path dir;

    // Each planted goroutine waits on a channel of its own that nothing else references.

    static void leakedForPprof(Chan<Integer> c) {
        c.recvOk();
    }

    static void leakedForText(Chan<Integer> c) {
        c.recvOk();
    }

    static void leakedForDump(Chan<Integer> c) {
        c.send(1);
    }

    /** Starts {@code n} goroutines that leak in {@code which} (0: pprof, 1: text, 2: dump) with {@code labels}; returns their ids only. */
    private static List<Long> plant(int n, int which, Map<String, String> labels) {
        List<Long> ids = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        Go.withLabels(labels, () -> {
            for (int i = 0; i < n; i++) {
                Chan<Integer> c = Chan.make();
                Thread t = switch (which) {
                    case 0 -> go(() -> leakedForPprof(c));
                    case 1 -> go(() -> leakedForText(c));
                    default -> go(() -> leakedForDump(c));
                };
                threads.add(t);
            }
        });
        Await.parked(which == 2 ? "chan send" : "chan receive", threads);
        threads.forEach(t -> ids.add(t.threadId()));
        return ids;
    }

    private static String text(Profile p, int debug) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.writeTo(out, debug);
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("go tool pprof reads it: sample type goroutineleak, the planted stack with its count and labels")
    void readByPprof() throws Exception {
        plant(5, 0, Map.of("leak", "planted"));
        Profile p = Profile.lookup("goroutineleak");
        assertNotNull(p, "leak mode is on: the profile exists");
        Path file = dir.resolve("goroutineleak.pb.gz");
        try (OutputStream out = Files.newOutputStream(file)) {
            p.writeTo(out, 0);   // runs the leak check first, as Go's does
        }
        String traces = GoTool.pprof(file, "-traces");
        assertTrue(traces.contains("Type: goroutineleak"), traces);
        PprofOutput.Trace t = PprofOutput.traceWith(traces, TEST + "leakedForPprof");
        assertEquals("5", t.value(), traces);
        assertEquals(List.of("leak: planted"), t.labels(), traces);
        assertTrue(t.functions().get(0).startsWith("io.go4j.Chan."), "starts at the go4j call: " + t);
        String raw = GoTool.pprof(file, "-raw");
        assertTrue(raw.contains("goroutineleak/count"), raw);
        assertTrue(p.count() >= 5, "count " + p.count());
    }

    @Test
    @DisplayName("debug=1 is the grouped text headed 'goroutineleak profile: total N', the planted group counted")
    void groupedText() throws Exception {
        plant(4, 1, Map.of());
        String text = text(Profile.lookup("goroutineleak"), 1);
        Matcher total = Pattern.compile("\\Agoroutineleak profile: total (\\d+)\n").matcher(text);
        assertTrue(total.find(), text);
        assertTrue(Integer.parseInt(total.group(1)) >= 4, text);
        String group = List.of(text.split("\n\n")).stream().filter(g -> g.contains(TEST + "leakedForText+0x"))
                .findFirst().orElseThrow(() -> new AssertionError("no group of leakedForText in\n" + text));
        assertTrue(group.startsWith("4 @ ") || group.contains("\n4 @ "), group);
    }

    @Test
    @DisplayName("debug=2 is every goroutine's full dump, the planted ones marked (leaked) after the live ones")
    void fullDump() throws Exception {
        List<Long> ids = plant(3, 2, Map.of());
        String dump = text(Profile.lookup("goroutineleak"), 2);
        assertTrue(dump.startsWith("goroutine " + Thread.currentThread().threadId() + " [running]:\n"), dump);
        for (long id : ids) {
            String header = "goroutine " + id + " [chan send (leaked)]:\n";
            int at = dump.indexOf(header);
            assertTrue(at > 0, header + " in\n" + dump);
            String block = dump.substring(at, dump.indexOf("\n\n", at) < 0 ? dump.length() : dump.indexOf("\n\n", at));
            assertTrue(block.contains(TEST + "leakedForDump(...)"), block);
            assertTrue(block.contains("\ncreated by "), block);
        }
    }

    @Test
    @DisplayName("it has no deltas: seconds=N is refused with Go's message")
    void noDelta() {
        var e = org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> Profile.lookup("goroutineleak").writeDelta(OutputStream.nullOutputStream(), java.time.Duration.ofSeconds(1)));
        assertEquals("\"seconds\" parameter is not supported for this profile type", e.getMessage());
    }
}
