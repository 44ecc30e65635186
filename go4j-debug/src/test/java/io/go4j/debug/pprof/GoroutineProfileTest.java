package io.go4j.debug.pprof;

import static org.junit.jupiter.api.Assertions.*;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.debug.Profile;
import io.go4j.debug.testing.Await;
import io.go4j.debug.testing.GoTool;
import io.go4j.debug.testing.PprofOutput;
import java.io.ByteArrayOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The goroutine profile (debug=0), read by go tool pprof")
class GoroutineProfileTest {
    private static final String TEST = "io.go4j.debug.pprof.GoroutineProfileTest.";

    @TempDir
    Path dir;

    private final Chan<Integer> release = Chan.make();
    private final List<Thread> started = new ArrayList<>();

    @AfterEach
    void releaseGoroutines() throws InterruptedException {
        release.close();
        for (Thread t : started) {
            assertTrue(t.join(Await.LONG), "goroutine " + t + " ended");
        }
    }

    @Test
    @DisplayName("ten goroutines parked in one place are one stack of count 10, from the go4j call down to the task")
    void tenGoroutinesInOnePlace() throws Exception {
        for (int i = 0; i < 10; i++) {
            started.add(Go.go(() -> parkedTenTimes(release)));
        }
        Await.parked("chan receive", started);

        String traces = GoTool.pprof(ProfileTests.write(Profile.lookup("goroutine"), 0, dir), "-traces");
        PprofOutput.Trace t = PprofOutput.traceWith(traces, TEST + "parkedTenTimes");
        assertEquals("10", t.value(), traces);
        assertTrue(t.functions().get(0).startsWith("io.go4j.Chan."),
                "the stack starts at the go4j call, without the JDK's park: " + t);
        assertEquals(TEST + "lambda$tenGoroutinesInOnePlace$0", t.functions().get(t.functions().size() - 1),
                "the stack ends with the goroutine's task, without the virtual thread's frames: " + t);
    }

    @Test
    @DisplayName("-top counts the goroutines under the test's own method")
    void topShowsTheMethod() throws Exception {
        for (int i = 0; i < 7; i++) {
            started.add(Go.go(() -> parkedSevenTimes(release)));
        }
        Await.parked("chan receive", started);

        String top = GoTool.pprof(ProfileTests.write(Profile.lookup("goroutine"), 0, dir), "-top",
                "-nodefraction=0", "-nodecount=100000");
        assertTrue(top.lines().anyMatch(l -> l.matches("\\s*0\\s+0%\\s+\\S+\\s+7\\s+\\S+%\\s+"
                + (TEST + "parkedSevenTimes").replace("$", "\\$").replace(".", "\\.") + "\\s*")), top);
    }

    @Test
    @DisplayName("labels are sample labels: -tags shows key: value with the counts, and stacks split by labels")
    void labels() throws Exception {
        for (int i = 0; i < 3; i++) {
            started.add(Go.go(() -> Go.withLabels(Map.of("shard", "east"), () -> parkedWithLabels(release))));
        }
        for (int i = 0; i < 2; i++) {
            started.add(Go.go(() -> Go.withLabels(Map.of("shard", "west"), () -> parkedWithLabels(release))));
        }
        Await.parked("chan receive", started);
        Path file = ProfileTests.write(Profile.lookup("goroutine"), 0, dir);

        String tags = GoTool.pprof(file, "-tags", "-tagfocus", "shard=east|west");
        assertTrue(tags.contains("shard: Total 5.0"), tags);
        assertTrue(tags.matches("(?s).*\\n\\s+3\\.0 \\(\\s*60\\.00%\\): east\\n.*"), tags);
        assertTrue(tags.matches("(?s).*\\n\\s+2\\.0 \\(\\s*40\\.00%\\): west\\n.*"), tags);

        String traces = GoTool.pprof(file, "-traces", "-tagfocus", "shard=east|west");
        List<PprofOutput.Trace> stacks = PprofOutput.traces(traces).stream()
                .filter(t -> t.has(TEST + "parkedWithLabels")).toList();
        assertEquals(2, stacks.size(), "one stack per label set: " + traces);
        assertTrue(stacks.contains(new PprofOutput.Trace("3", List.of("shard: east"), stacks.get(0).functions()))
                || stacks.contains(new PprofOutput.Trace("3", List.of("shard: east"), stacks.get(1).functions())), traces);
    }

    @Test
    @DisplayName("count() counts the goroutines the profile has")
    void count() throws Exception {
        int before = Profile.lookup("goroutine").count();
        for (int i = 0; i < 4; i++) {
            started.add(Go.go(() -> parkedWithLabels(release)));
        }
        Await.parked("chan receive", started);
        assertTrue(Profile.lookup("goroutine").count() >= before + 4);
    }

    @Test
    @DisplayName("lookup finds goroutine, block and mutex, null for unknown names; profiles() is sorted by name")
    void lookup() {
        assertEquals("goroutine", Profile.lookup("goroutine").name());
        assertSame(Profile.lookup("block"), Profile.lookup("block"));
        assertNull(Profile.lookup("heap"));
        assertNull(Profile.lookup("goroutineleak"), "no leak profile without leak mode");
        assertEquals(List.of("block", "goroutine", "mutex"), Profile.profiles().stream().map(Profile::name).toList());
        assertThrows(NullPointerException.class, () -> Profile.lookup(null));
    }

    @Test
    @DisplayName("a delta (?seconds=N) is the change per stack: goroutines started count up, ended ones down")
    void delta() throws Exception {
        Chan<Integer> before = Chan.make();
        List<Thread> ended = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            ended.add(Go.go(() -> parkedBeforeTheWindow(before)));
        }
        Await.parked("chan receive", ended);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                Profile.lookup("goroutine").writeDelta(out, Duration.ofSeconds(Await.shortMode() ? 1 : 2));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        Await.until(() -> writer.getState() == Thread.State.TIMED_WAITING, "the delta's first reading is taken");
        List<Thread> inWindow = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            inWindow.add(Go.go(() -> parkedInTheWindow(release)));
        }
        started.addAll(inWindow);
        Await.parked("chan receive", inWindow);
        before.close();
        for (Thread t : ended) {
            assertTrue(t.join(Await.LONG), "goroutine " + t + " ended");
        }
        assertTrue(writer.join(Await.LONG), "the delta was written");
        assertTrue(out.size() > 0, "a delta was written");
        Path file = dir.resolve("goroutine-delta.pb.gz");
        java.nio.file.Files.write(file, out.toByteArray());

        List<PprofOutput.RawSample> raw = PprofOutput.rawSamples(GoTool.pprof(file, "-raw"));
        List<Long> window = raw.stream().filter(x -> x.has(TEST + "parkedInTheWindow")).map(x -> x.values().get(0)).toList();
        List<Long> gone = raw.stream().filter(x -> x.has(TEST + "parkedBeforeTheWindow")).map(x -> x.values().get(0)).toList();
        assertEquals(List.of(4L), window, raw.toString());
        assertEquals(List.of(-3L), gone, "p1 minus p0, as pprof's merge of p0 scaled by -1: " + raw);
        assertTrue(raw.stream().noneMatch(x -> x.values().get(0) == 0), "unchanged stacks are left out: " + raw);
    }

    static void parkedBeforeTheWindow(Chan<Integer> ch) {
        ch.recvOk();
    }

    static void parkedInTheWindow(Chan<Integer> ch) {
        ch.recvOk();
    }

    static void parkedTenTimes(Chan<Integer> ch) {
        ch.recv();
    }

    static void parkedSevenTimes(Chan<Integer> ch) {
        ch.recv();
    }

    static void parkedWithLabels(Chan<Integer> ch) {
        ch.recv();
    }
}
