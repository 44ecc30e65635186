package io.go4j.debug.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.Select;
import io.go4j.debug.GoroutineDump;
import io.go4j.debug.internal.GoDuration;
import io.go4j.debug.internal.dump.GoText;
import io.go4j.debug.testing.GoTool;
import io.go4j.internal.runtime.WaitReason;
import io.go4j.sync.Mutex;
import io.go4j.sync.WaitGroup;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * go4j's dumps against Go's: a Go program and its Java twin with the same goroutines (three
 * blocked in a receive from one function, one in a send, one in a select, one in
 * {@code sync.Mutex.Lock}, one in {@code sync.WaitGroup.Wait}, one receiving with a label), each
 * dumping itself in the full ({@code debug=2}) and grouped ({@code debug=1}) formats. The line
 * grammar ({@link DumpGrammar}) is checked on Go's output first, then on go4j's; then the
 * statuses, counts and label lines are compared. Go's {@code %q} quoting and
 * {@code time.Duration} text are compared byte for byte.
 *
 * <p>Go is the one on PATH (Debian's golang-go, Go 1.19, which {@code ./go4j test} installs);
 * without it the test fails, saying so. Known difference: Go 1.19 names a goroutine blocked in
 * {@code sync.Mutex.Lock} or {@code sync.WaitGroup.Wait} {@code [semacquire]}; Go 1.20 and later
 * print {@code [sync.Mutex.Lock]} and {@code [sync.WaitGroup.Wait]}, as go4j does. Go 1.19 also
 * prints {@code created by F} without go4j's (Go 1.21's) {@code in goroutine N}.
 */
@DisplayName("go4j's dumps compared with Go's")
class GoComparisonTest {
    private static final List<String> QUOTED = List.of("plain", "q\"b\\", "\u0007\b\f\n\r\t\u000b\u0000\u007f",
            "é 日本 😀", "\u00a0\u200b\ufeff\u0085", new String(Character.toChars(0xE0001)), "worker");
    private static final long[] DURATIONS = {0, 1, 999, 1_500, 2_250_000, 1_000_000_000L, 195_250_000_000L,
        3_600_000_000_000L, 4_530_918_273_645L, -1_500_000_000L, Long.MAX_VALUE, Long.MIN_VALUE};

    private static Map<String, String> go;   // Go's output, by section

    private final List<Runnable> release = new ArrayList<>();

    @BeforeAll
    static void runGo(@TempDir Path dir) throws IOException {
        go = sections(GoTool.runProgram(dir, goProgram()));
    }

    @AfterEach
    void releaseGoroutines() {
        release.forEach(Runnable::run);
    }

    @Test
    @DisplayName("the full dump has Go's line grammar: headers, function and file line pairs, created-by lines")
    void fullGrammar() throws IOException {
        DumpGrammar.checkFull("Go 1.19 debug=2", go.get("debug=2"), false);
        Twin twin = startTwin();
        String ours = dump(GoroutineDump.Format.FULL, false);
        DumpGrammar.checkFull("go4j FULL", ours, false);
        String beyond = dump(GoroutineDump.Format.FULL, true);
        DumpGrammar.checkFull("go4j FULL with exact waits and blockers", beyond, true);
        String skipped = String.join("\n", beyond.lines().filter(l -> !l.startsWith("# ")).toList()) + "\n";
        DumpGrammar.checkFull("go4j FULL, '# ' lines skipped", skipped, false);
        assertTrue(ours.contains("\ncreated by "), ours);
        assertTrue(go.get("debug=2").contains("\ncreated by main.main\n"), go.get("debug=2"));
        assertTrue(twin.ids.size() == 8, "the twin has Go's eight blocked goroutines");
    }

    @Test
    @DisplayName("the twins' goroutines have the same statuses (semacquire being Go 1.19's name for Mutex and WaitGroup waits)")
    void sameStatuses() throws IOException {
        Twin twin = startTwin();
        String ours = dump(GoroutineDump.Format.FULL, false);
        List<String> goStatuses = statuses(go.get("debug=2"), null);
        goStatuses.remove("running");   // Go's main, which takes the dump
        List<String> ourStatuses = statuses(ours, twin.ids).stream()
                .map(s -> s.equals("sync.Mutex.Lock") || s.equals("sync.WaitGroup.Wait") ? "semacquire" : s)
                .sorted().toList();
        assertEquals(goStatuses.stream().sorted().toList(), ourStatuses);
    }

    @Test
    @DisplayName("the grouped dump has pprof's debug=1 grammar, counts the three identical receivers as one group, and labels it the same")
    void groupedGrammar() throws IOException {
        String goGrouped = go.get("debug=1");
        DumpGrammar.checkGrouped("Go 1.19 debug=1", goGrouped, false);
        startTwin();
        String ours = dump(GoroutineDump.Format.GROUPED, false);
        DumpGrammar.checkGrouped("go4j GROUPED", ours, false);
        DumpGrammar.checkGrouped("go4j GROUPED with exact waits and blockers", dump(GoroutineDump.Format.GROUPED, true), true);

        assertTrue(goGrouped.lines().anyMatch(l -> l.startsWith("3 @ ")), goGrouped);
        String receivers = Arrays.stream(ours.split("\n\n")).filter(g -> g.contains(".receiver+0x"))
                .filter(g -> !g.contains("# labels:")).findFirst().orElseThrow(() -> new AssertionError(ours));
        assertTrue(receivers.startsWith("3 @ ") || receivers.contains("\n3 @ "), receivers);
        String label = "# labels: {\"worker\":\"x\"}";
        assertTrue(goGrouped.lines().anyMatch(label::equals), goGrouped);
        assertTrue(ours.lines().anyMatch(label::equals), ours);
    }

    @Test
    @DisplayName("strings are quoted byte for byte as Go's %q quotes them")
    void quotingAsGo() {
        List<String> goLines = go.get("quote").lines().toList();
        assertEquals(QUOTED.size(), goLines.size());
        for (int i = 0; i < QUOTED.size(); i++) {
            assertEquals(goLines.get(i), GoText.quote(QUOTED.get(i)), "case " + i);
        }
    }

    @Test
    @DisplayName("durations are printed byte for byte as Go's time.Duration prints them")
    void durationsAsGo() {
        List<String> goLines = go.get("duration").lines().toList();
        assertEquals(DURATIONS.length, goLines.size());
        for (int i = 0; i < DURATIONS.length; i++) {
            assertEquals(goLines.get(i), GoDuration.format(DURATIONS[i]), DURATIONS[i] + "ns");
        }
    }

    // ---------------------------------------------------------------------------------------
    // The Java twin: the Go program's goroutines, function for function

    static void receiver(Chan<Integer> c) {
        c.recv();
    }

    static void sender(Chan<Integer> c) {
        c.send(1);
    }

    static void selector(Chan<Integer> a, Chan<Integer> b) {
        Select.select(Select.recv(a), Select.recv(b));
    }

    static void locker(Mutex mu) {
        mu.lock();
        mu.unlock();
    }

    static void waiter(WaitGroup wg) {
        wg.await();
    }

    /** The twin's goroutine ids. */
    private record Twin(List<Long> ids) {}

    private Twin startTwin() {
        Chan<Integer> c = Chan.make();
        Chan<Integer> a = Chan.make();
        Chan<Integer> s1 = Chan.make();
        Chan<Integer> s2 = Chan.make();
        Chan<Integer> labelled = Chan.make();
        Mutex mu = new Mutex();
        mu.lock();
        WaitGroup wg = new WaitGroup();
        wg.add(1);
        release.add(c::close);
        release.add(() -> a.recv());
        release.add(s1::close);
        release.add(labelled::close);
        release.add(mu::unlock);
        release.add(wg::done);

        Map<Thread, WaitReason> started = new HashMap<>();
        for (int i = 0; i < 3; i++) {
            started.put(Go.go(() -> receiver(c)), WaitReason.CHAN_RECEIVE);
        }
        started.put(Go.go(() -> sender(a)), WaitReason.CHAN_SEND);
        started.put(Go.go(() -> selector(s1, s2)), WaitReason.SELECT);
        started.put(Go.go(() -> locker(mu)), WaitReason.SYNC_MUTEX_LOCK);
        started.put(Go.go(() -> waiter(wg)), WaitReason.SYNC_WAITGROUP_WAIT);
        Thread[] t = new Thread[1];
        Go.withLabels(Map.of("worker", "x"), () -> t[0] = Go.go(() -> receiver(labelled)));
        started.put(t[0], WaitReason.CHAN_RECEIVE);
        started.forEach(Waits::parked);
        return new Twin(started.keySet().stream().map(Thread::threadId).toList());
    }

    private static String dump(GoroutineDump.Format format, boolean beyondGo) throws IOException {
        StringBuilder b = new StringBuilder();
        GoroutineDump.write(b, new GoroutineDump.Options(format, beyondGo, beyondGo, false));
        return b.toString();
    }

    /** The statuses in a full dump's headers, of the goroutines in {@code ids} (all if null). */
    private static List<String> statuses(String dump, List<Long> ids) {
        Matcher m = Pattern.compile("(?m)^goroutine (\\d+) \\[([^,\\]]+?)( labels:\\{.*})?(,[^\\]]*)?]:$").matcher(dump);
        List<String> out = new ArrayList<>();
        while (m.find()) {
            if (ids == null || ids.contains(Long.parseLong(m.group(1)))) {
                out.add(m.group(2));
            }
        }
        return out;
    }

    // ---------------------------------------------------------------------------------------
    // The Go program

    private static String goProgram() {
        StringBuilder quotes = new StringBuilder();
        for (String s : QUOTED) {
            quotes.append("\tfmt.Printf(\"%q\\n\", ").append(goLiteral(s)).append(")\n");
        }
        StringBuilder durations = new StringBuilder();
        for (long d : DURATIONS) {
            durations.append("\tfmt.Println(time.Duration(").append(d == Long.MIN_VALUE ? "-9223372036854775807 - 1" : d)
                    .append("))\n");
        }
        return """
                package main

                import (
                \t"context"
                \t"fmt"
                \t"os"
                \t"runtime"
                \t"runtime/pprof"
                \t"strings"
                \t"sync"
                \t"time"
                )

                func receiver(c chan int) { <-c }
                func sender(c chan int)   { c <- 1 }
                func selector(a, b chan int) {
                \tselect {
                \tcase <-a:
                \tcase <-b:
                \t}
                }
                func locker(mu *sync.Mutex)     { mu.Lock() }
                func waiter(wg *sync.WaitGroup) { wg.Wait() }

                // blocked waits until n goroutines are parked (neither running nor runnable).
                func blocked(n int) {
                \tfor deadline := time.Now().Add(20 * time.Second); time.Now().Before(deadline); time.Sleep(time.Millisecond) {
                \t\tbuf := make([]byte, 1<<20)
                \t\twaiting := 0
                \t\tfor _, line := range strings.Split(string(buf[:runtime.Stack(buf, true)]), "\\n") {
                \t\t\tif strings.HasPrefix(line, "goroutine ") && !strings.Contains(line, "[running]") && !strings.Contains(line, "[runnable]") {
                \t\t\t\twaiting++
                \t\t\t}
                \t\t}
                \t\tif waiting >= n {
                \t\t\treturn
                \t\t}
                \t}
                \tpanic("the goroutines did not block")
                }

                func main() {
                \tc := make(chan int)
                \tfor i := 0; i < 3; i++ {
                \t\tgo receiver(c)
                \t}
                \tgo sender(make(chan int))
                \tgo selector(make(chan int), make(chan int))
                \tvar mu sync.Mutex
                \tmu.Lock()
                \tgo locker(&mu)
                \tvar wg sync.WaitGroup
                \twg.Add(1)
                \tgo waiter(&wg)
                \tpprof.Do(context.Background(), pprof.Labels("worker", "x"), func(context.Context) {
                \t\tgo receiver(make(chan int))
                \t})
                \tblocked(8)
                \tfmt.Println("=== debug=2")
                \tpprof.Lookup("goroutine").WriteTo(os.Stdout, 2)
                \tfmt.Println("=== debug=1")
                \tpprof.Lookup("goroutine").WriteTo(os.Stdout, 1)
                \tfmt.Println("=== quote")
                """ + quotes + "\tfmt.Println(\"=== duration\")\n" + durations + "}\n";
    }

    /** {@code s} as a Go interpreted string literal, everything but plain ASCII escaped. */
    private static String goLiteral(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(cp -> {
            if (cp >= 0x20 && cp < 0x7f && cp != '"' && cp != '\\') {
                b.append((char) cp);
            } else if (cp < 0x10000) {
                b.append(String.format("\\u%04x", cp));
            } else {
                b.append(String.format("\\U%08x", cp));
            }
        });
        return b.append('"').toString();
    }

    /** Splits the program's output at its "=== name" lines. */
    private static Map<String, String> sections(String out) {
        Map<String, String> s = new TreeMap<>();
        String name = null;
        StringBuilder b = new StringBuilder();
        for (String line : out.split("\n", -1)) {
            if (line.startsWith("=== ")) {
                if (name != null) {
                    s.put(name, b.toString());
                }
                name = line.substring(4);
                b.setLength(0);
            } else if (name != null) {
                b.append(line).append('\n');
            }
        }
        if (name != null) {
            s.put(name, b.substring(0, Math.max(0, b.length() - 1)));   // the split's last, empty piece
        }
        return s;
    }
}
