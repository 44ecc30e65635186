package io.go4j.debug.pprof;

import static org.junit.jupiter.api.Assertions.*;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.debug.Profile;
import io.go4j.debug.Profiling;
import io.go4j.debug.internal.pprof.BlockProfiler;
import io.go4j.debug.testing.Await;
import io.go4j.debug.testing.GoTool;
import io.go4j.debug.testing.PprofOutput;
import io.go4j.internal.runtime.Hooks;
import io.go4j.sync.WaitGroup;
import io.go4j.time.Time;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("The block profile, read by go tool pprof")
class BlockProfileTest {
    private static final String TEST = "io.go4j.debug.pprof.BlockProfileTest.";

    @TempDir
    Path dir;

    @AfterEach
    void off() {
        Profiling.setBlockProfileRate(0);
    }

    /** Starts {@code n} goroutines blocked receiving in {@code body}, then lets each go after {@code held}. */
    private static void blockAndRelease(int n, Duration held, java.util.function.Consumer<Chan<Integer>> body)
            throws InterruptedException {
        Chan<Integer> ch = Chan.make();
        List<Thread> blocked = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            blocked.add(Go.go(() -> body.accept(ch)));
        }
        Await.parked("chan receive", blocked);
        if (!held.isZero()) {
            Thread.sleep(held);   // a lower bound on every wait, not a synchronisation
        }
        for (int i = 0; i < n; i++) {
            ch.send(i);
        }
        for (Thread t : blocked) {
            assertTrue(t.join(Await.LONG), "goroutine " + t + " ended");
        }
    }

    @Test
    @DisplayName("at rate 1 every blocking event is recorded on the blocked goroutine's stack, with its delay")
    void everyEvent() throws Exception {
        Profiling.setBlockProfileRate(1);
        blockAndRelease(10, Duration.ZERO, BlockProfileTest::blockedTenTimes);
        Path file = ProfileTests.write(Profile.lookup("block"), 0, dir);

        PprofOutput.Trace t = PprofOutput.traceWith(GoTool.pprof(file, "-traces", "-sample_index=contentions"),
                TEST + "blockedTenTimes");
        assertEquals("10", t.value());
        assertTrue(t.functions().get(0).startsWith("io.go4j.Chan."), "the go4j call is the top frame: " + t);
        PprofOutput.RawSample raw = rawWith(GoTool.pprof(file, "-raw"), TEST + "blockedTenTimes");
        assertEquals(10, raw.values().get(0));
        assertTrue(raw.values().get(1) > 0, "delay " + raw.values().get(1) + " ns");
        String top = GoTool.pprof(file, "-top", "-sample_index=delay", "-nodefraction=0", "-nodecount=100000");
        assertTrue(top.contains(TEST + "blockedTenTimes"), top);
    }

    @Test
    @DisplayName("a wait at least as long as the rate is one event of its own delay")
    void longWaitsAreAlwaysRecorded() throws Exception {
        Profiling.setBlockProfileRate(1_000_000);   // 1 ms
        blockAndRelease(4, Duration.ofMillis(20), BlockProfileTest::blockedLongerThanTheRate);
        PprofOutput.RawSample raw = rawWith(GoTool.pprof(ProfileTests.write(Profile.lookup("block"), 0, dir), "-raw"),
                TEST + "blockedLongerThanTheRate");
        assertEquals(4, raw.values().get(0));
        assertTrue(raw.values().get(1) >= 4 * 20_000_000L, "delay " + raw.values().get(1) + " ns");
    }

    @Test
    @DisplayName("a shorter wait is sampled with probability delay/rate and counts rate/delay events of rate ns")
    void shortWaitsAreSampledAndScaled() {
        long rate = 1_000;
        assertEquals(new BlockProfiler.Weight(1, 1_500), BlockProfiler.weigh(rate, 1_500, 0), "longer: always, as is");
        assertEquals(new BlockProfiler.Weight(1, 1_000), BlockProfiler.weigh(rate, 1_000, 999), "equal: always, as is");
        assertEquals(new BlockProfiler.Weight(10, 1_000), BlockProfiler.weigh(rate, 100, 100),
                "draw <= delay: sampled");
        assertNull(BlockProfiler.weigh(rate, 100, 101), "draw > delay: not sampled");
        assertEquals(new BlockProfiler.Weight(1_000, 1_000), BlockProfiler.weigh(rate, 0, 0), "0 ns counts as 1 ns");
        long sampled = 0;
        for (long draw = 0; draw < rate; draw++) {
            if (BlockProfiler.weigh(rate, 250, draw) != null) {
                sampled++;
            }
        }
        assertEquals(251, sampled, "Go samples (delay+1)/rate of the draws");
    }

    @Test
    @DisplayName("sleeps are not blocking events; channel, WaitGroup and select waits are")
    void whichWaitsCount() throws Exception {
        Profiling.setBlockProfileRate(1);
        Thread sleeper = Go.go(BlockProfileTest::sleepsOnly);
        assertTrue(sleeper.join(Await.LONG));
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        Thread waiter = Go.go(() -> waitsForGroup(wg));
        Await.parked("sync.WaitGroup.Wait", List.of(waiter));
        wg.done();
        assertTrue(waiter.join(Await.LONG));

        String traces = GoTool.pprof(ProfileTests.write(Profile.lookup("block"), 0, dir), "-traces");
        assertFalse(traces.contains(TEST + "sleepsOnly"), traces);
        PprofOutput.traceWith(traces, TEST + "waitsForGroup");
    }

    @Test
    @DisplayName("the listener is attached only while the rate is positive; turning it off keeps the data")
    void offCostsNothing() throws Exception {
        Profiling.setBlockProfileRate(1);
        assertEquals(1, Profiling.blockProfileRate());
        blockAndRelease(2, Duration.ZERO, BlockProfileTest::blockedBeforeOff);
        Profiling.setBlockProfileRate(0);
        assertEquals(0, Profiling.blockProfileRate());
        assertNull(coreGoroutineListener(), "no listener in the core while nothing profiles");
        blockAndRelease(2, Duration.ZERO, BlockProfileTest::blockedWhileOff);

        String text = text(Profile.lookup("block"));
        assertTrue(text.contains(TEST + "blockedBeforeOff"), text);
        assertFalse(text.contains(TEST + "blockedWhileOff"), text);
    }

    @Test
    @DisplayName("debug=1 is Go's legacy text: header, 'delay count @ addresses', then tab-aligned '#' frame lines")
    void legacyText() throws Exception {
        Profiling.setBlockProfileRate(1);
        blockAndRelease(3, Duration.ZERO, BlockProfileTest::blockedForText);
        String text = text(Profile.lookup("block"));
        List<String> lines = text.lines().toList();
        assertEquals("--- contention:", lines.get(0));
        assertEquals("cycles/second=1000000000", lines.get(1));
        int record = -1;
        for (int i = 2; i < lines.size(); i++) {
            if (lines.get(i).startsWith("#") && lines.get(i).contains(TEST + "blockedForText+0x0")) {
                record = i;
                break;
            }
        }
        assertTrue(record > 0, text);
        while (lines.get(record).startsWith("#")) {
            record--;
        }
        TextFormats.checkContentionRecord(lines, record, 3, 0);
    }

    @Test
    @DisplayName("a delta holds the events of its window only, as ?seconds=N")
    void delta() throws Exception {
        Profiling.setBlockProfileRate(1);
        blockAndRelease(2, Duration.ZERO, BlockProfileTest::blockedBeforeTheWindow);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Thread writer = Thread.ofPlatform().start(() -> {
            try {
                Profile.lookup("block").writeDelta(out, Duration.ofSeconds(Await.shortMode() ? 1 : 2));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
        Await.until(() -> writer.getState() == Thread.State.TIMED_WAITING, "the delta's first reading is taken");
        blockAndRelease(5, Duration.ZERO, BlockProfileTest::blockedInTheWindow);
        assertTrue(writer.join(Await.LONG));
        Path file = dir.resolve("delta.pb.gz");
        java.nio.file.Files.write(file, out.toByteArray());

        String traces = GoTool.pprof(file, "-traces", "-sample_index=contentions");
        assertEquals("5", PprofOutput.traceWith(traces, TEST + "blockedInTheWindow").value());
        assertFalse(traces.contains(TEST + "blockedBeforeTheWindow"), traces);
    }

    @Test
    @DisplayName("writeDelta refuses a duration that is not positive, and null")
    void deltaArguments() {
        Profile block = Profile.lookup("block");
        assertThrows(IllegalArgumentException.class,
                () -> block.writeDelta(new ByteArrayOutputStream(), Duration.ZERO));
        assertThrows(IllegalArgumentException.class,
                () -> block.writeDelta(new ByteArrayOutputStream(), Duration.ofSeconds(-1)));
        assertThrows(NullPointerException.class, () -> block.writeDelta(new ByteArrayOutputStream(), null));
        assertThrows(NullPointerException.class, () -> block.writeTo(null, 0));
    }

    static PprofOutput.RawSample rawWith(String raw, String function) {
        List<PprofOutput.RawSample> found = PprofOutput.rawSamples(raw).stream().filter(s -> s.has(function)).toList();
        assertEquals(1, found.size(), "one sample with " + function + " in:\n" + raw);
        return found.get(0);
    }

    static String text(Profile p) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        p.writeTo(out, 1);
        return out.toString(StandardCharsets.UTF_8);
    }

    /** The core's goroutine listener (Hooks keeps it private; read here to prove that off is off). */
    static Object coreGoroutineListener() throws ReflectiveOperationException {
        java.lang.reflect.Field f = Hooks.class.getDeclaredField("goroutines");
        f.setAccessible(true);
        return f.get(null);
    }

    static void blockedTenTimes(Chan<Integer> ch) {
        ch.recv();
    }

    static void blockedLongerThanTheRate(Chan<Integer> ch) {
        ch.recv();
    }

    static void blockedBeforeOff(Chan<Integer> ch) {
        ch.recv();
    }

    static void blockedWhileOff(Chan<Integer> ch) {
        ch.recv();
    }

    static void blockedForText(Chan<Integer> ch) {
        ch.recv();
    }

    static void blockedBeforeTheWindow(Chan<Integer> ch) {
        ch.recv();
    }

    static void blockedInTheWindow(Chan<Integer> ch) {
        ch.recv();
    }

    static void sleepsOnly() {
        Time.sleep(Duration.ofMillis(5));
    }

    static void waitsForGroup(WaitGroup wg) {
        wg.await();
    }
}
