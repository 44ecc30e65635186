package io.go4j.debug.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.debug.GoroutineDump;
import io.go4j.debug.internal.Snapshot;
import io.go4j.debug.internal.dump.Dumps;
import io.go4j.debug.internal.dump.GoFrame;
import io.go4j.debug.internal.dump.TabWriter;
import io.go4j.internal.runtime.WaitReason;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The grouped format: pprof's goroutine profile, {@code debug=1}. */
@DisplayName("The grouped goroutine dump")
class GroupedDumpTest {
    private final List<Runnable> release = new ArrayList<>();

    @AfterEach
    void releaseGoroutines() {
        release.forEach(Runnable::run);
    }

    @Test
    @DisplayName("identical stacks are grouped with their count, most frequent first")
    void groupedMostFrequentFirst() throws IOException {
        Chan<Integer> c = Chan.make();
        release.add(c::close);
        List<Thread> five = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            five.add(Go.go(() -> fiveOfThese(c)));
        }
        List<Thread> two = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            two.add(Go.go(() -> twoOfThese(c)));   // one lambda: the same frames
        }
        five.forEach(t -> Waits.parked(t, WaitReason.CHAN_RECEIVE));
        two.forEach(t -> Waits.parked(t, WaitReason.CHAN_RECEIVE));

        StringBuilder b = new StringBuilder();
        GoroutineDump.write(b, new GoroutineDump.Options(GoroutineDump.Format.GROUPED, false, false, false));
        List<String> groups = Arrays.asList(b.toString().split("\n\n"));

        assertTrue(groups.get(0).startsWith("goroutine profile: total "), groups.get(0));
        String first = groups.get(0).lines().skip(1).findFirst().orElseThrow();
        assertTrue(first.startsWith("5 @ 0x"), "the most frequent stack first: " + b);
        assertTrue(groups.get(0).contains("\t" + GroupedDumpTest.class.getName() + ".fiveOfThese+0x"), groups.get(0));
        String second = groups.get(1);
        assertTrue(second.startsWith("2 @ 0x"), b.toString());
        assertTrue(second.contains("\t" + GroupedDumpTest.class.getName() + ".twoOfThese+0x"), second);
        int total = 0;
        for (String g : groups.subList(1, groups.size())) {
            total += Integer.parseInt(g.substring(0, g.indexOf(' ')));
        }
        total += 5;
        assertEquals("goroutine profile: total " + total, groups.get(0).lines().findFirst().orElseThrow());
    }

    @Test
    @DisplayName("labels are printed in pprof's debug=1 form, and split otherwise identical stacks")
    void labelsLine() throws IOException {
        StackTraceElement[] stack = {new StackTraceElement("io.example.Main", "worker", "Main.java", 12)};
        Snapshot s = new Snapshot(0, List.of(entry(1, stack, Map.of()), entry(2, stack, Map.of("worker", "a\"b")),
                entry(3, stack, Map.of())));
        GoFrame f = GoFrame.of(stack[0]);
        String at = "@ 0x" + Long.toHexString(f.pc() + 1);
        String frame = "#\t0x" + Long.toHexString(f.pc()) + "\tio.example.Main.worker+0xc\tio/example/Main.java:12\n";
        assertEquals("goroutine profile: total 3\n"
                + "2 " + at + "\n" + frame + "\n"
                + "1 " + at + "\n# labels: {\"worker\":\"a\\\"b\"}\n" + frame + "\n", write(s, Dumps.Settings.GO));
    }

    @Test
    @DisplayName("ties are broken by the key's text, as Go sorts them")
    void tiesByKey() throws IOException {
        StackTraceElement a = new StackTraceElement("io.example.A", "a", "A.java", 1);
        StackTraceElement z = new StackTraceElement("io.example.Z", "z", "Z.java", 1);
        Snapshot s = new Snapshot(0, List.of(entry(1, new StackTraceElement[] {a}, Map.of()),
                entry(2, new StackTraceElement[] {z}, Map.of())));
        List<String> ats = write(s, Dumps.Settings.GO).lines().filter(l -> l.startsWith("1 @ ")).toList();
        assertEquals(ats.stream().sorted().toList(), ats);
        assertEquals(2, ats.size());
    }

    @Test
    @DisplayName("synthetic addresses are stable: the same frame has the same address in every run and JVM")
    void stableAddresses() {
        GoFrame f = GoFrame.of(new StackTraceElement("io.example.Main", "worker", "Main.java", 12));
        // Pinned: a change here changes every address go4j prints, which breaks comparing dumps across versions.
        assertEquals(0xc388b3000cL, f.pc());
        assertEquals(f.entry() + 12, f.pc());
        assertEquals(f.pc(), GoFrame.of(new StackTraceElement("io.example.Main", "worker", "Main.java", 12)).pc());
        assertTrue(f.entry() != GoFrame.of(new StackTraceElement("io.example.Main", "other", "Main.java", 12)).entry());
    }

    @Test
    @DisplayName("with exact waits and blockers, a group says how long and on what its goroutines wait")
    void groupExtras() throws IOException {
        StackTraceElement[] stack = {new StackTraceElement("io.example.Main", "worker", "Main.java", 12)};
        Snapshot.Entry one = new Snapshot.Entry(1, "", Snapshot.Kind.GOROUTINE, Thread.currentThread(), Thread.State.WAITING,
                WaitReason.CHAN_RECEIVE, null, 1_000_000_000L, 0, null, Map.of(), stack, false);
        Snapshot.Entry two = new Snapshot.Entry(2, "", Snapshot.Kind.GOROUTINE, Thread.currentThread(), Thread.State.WAITING,
                WaitReason.CHAN_RECEIVE, null, 0L, 0, null, Map.of(), stack, false);
        List<String> lines = write(new Snapshot(61_500_000_000L, List.of(one, two)), new Dumps.Settings(true, true, false))
                .lines().toList();
        assertEquals("# waited 1m0.5s..1m1.5s", lines.get(2));
        assertTrue(lines.get(3).startsWith("#\t0x"), lines.toString());
    }

    @Test
    @DisplayName("columns are aligned with tabs exactly as Go's text/tabwriter aligns pprof's (Go 1.19's real output)")
    void tabwriterAsGo() throws IOException {
        // Input: cells separated by single tabs. Expected: Go 1.19's pprof debug=1 output for the
        // same cells (printed by go4j's Go comparison program and copied here byte for byte).
        String in = """
                1 @ 0x42d196 0x45e105 0x4acc55
                #\t0x45e104\truntime/pprof.runtime_goroutineProfileWithLabels+0x24\t/usr/lib/go-1.19/src/runtime/mprof.go:846
                #\t0x4acc54\truntime/pprof.writeRuntimeProfile+0xb4\t/usr/lib/go-1.19/src/runtime/pprof/pprof.go:723
                #\t0x4b6e45\tmain.main+0x465\t/tmp/gotwin/main.go:42

                1 @ 0x4375f6 0x446afc 0x4b6828 0x462ae1
                #\t0x4b6827\tmain.selector+0x47\t/tmp/gotwin/main.go:14

                """;
        String go = """
                1 @ 0x42d196 0x45e105 0x4acc55
                #\t0x45e104\truntime/pprof.runtime_goroutineProfileWithLabels+0x24\t/usr/lib/go-1.19/src/runtime/mprof.go:846
                #\t0x4acc54\truntime/pprof.writeRuntimeProfile+0xb4\t\t\t/usr/lib/go-1.19/src/runtime/pprof/pprof.go:723
                #\t0x4b6e45\tmain.main+0x465\t\t\t\t\t\t/tmp/gotwin/main.go:42

                1 @ 0x4375f6 0x446afc 0x4b6828 0x462ae1
                #\t0x4b6827\tmain.selector+0x47\t/tmp/gotwin/main.go:14

                """;
        StringBuilder out = new StringBuilder();
        new TabWriter(out).write(in).flush();
        assertEquals(go, out.toString());
    }

    // ---------------------------------------------------------------------------------------
    // Helpers

    static void fiveOfThese(Chan<Integer> c) {
        c.recv();
    }

    static void twoOfThese(Chan<Integer> c) {
        c.recv();
    }

    private static String write(Snapshot s, Dumps.Settings settings) throws IOException {
        StringBuilder b = new StringBuilder();
        Dumps.write(b, Dumps.Style.GROUPED, settings, s, -1);
        return b.toString();
    }

    private static Snapshot.Entry entry(long id, StackTraceElement[] stack, Map<String, String> labels) {
        return new Snapshot.Entry(id, "", Snapshot.Kind.GOROUTINE, Thread.currentThread(), Thread.State.WAITING,
                WaitReason.CHAN_RECEIVE, null, 0, 0, null, labels, stack, false);
    }
}
