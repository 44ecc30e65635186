package io.go4j.trace.analysis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.trace.testing.GoTool;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * TraceFile reads traces in the order Go 1.19's own parser gives: each test compares every event
 * (time, type, processor, goroutine) with {@code go tool trace -d}'s dump of the same file.
 */
class TraceFileTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("a go4j program's trace is read in go tool trace's order, event by event")
    void aGo4jTraceIsReadInGoToolTracesOrder() throws Exception {
        Path trace = Planted.record(dir, "pipeline", Planted::cleanPipeline);
        assertSameEventsAsGo(trace);
    }

    @Test
    @DisplayName("a real Go 1.19 program's trace, with many batches per processor, is read in Go's order")
    void aRealGoProgramsTraceIsReadInGoToolTracesOrder() throws Exception {
        Files.writeString(dir.resolve("go.mod"), "module traced\ngo 1.19\n");
        Files.writeString(dir.resolve("main.go"), """
                package main

                import (
                	"os"
                	"runtime/trace"
                	"sync"
                	"syscall"
                	"time"
                )

                func main() {
                	f, _ := os.Create(os.Args[1])
                	trace.Start(f)
                	var mu sync.Mutex
                	var wg sync.WaitGroup
                	ch := make(chan int)
                	for i := 0; i < 8; i++ {
                		wg.Add(1)
                		go func() {
                			defer wg.Done()
                			for v := range ch {
                				mu.Lock()
                				time.Sleep(time.Microsecond * time.Duration(v%3))
                				mu.Unlock()
                			}
                		}()
                	}
                	for i := 0; i < 20000; i++ {
                		ch <- i
                	}
                	close(ch)
                	wg.Wait()
                	// a syscall long enough for sysmon to retake its P: GoSysBlock, then a
                	// GoSysExit, which Go's parser moves to SyscallP and re-stamps
                	ts := syscall.NsecToTimespec(int64(30 * time.Millisecond))
                	syscall.Nanosleep(&ts, nil)
                	trace.Stop()
                	f.Close()
                }
                """);
        Path trace = dir.resolve("go.trace");
        GoTool.Result r = GoTool.run(dir, null, "run", "main.go", trace.toString());
        if (r.exit() != 0) {
            fail("go run failed: " + r.describe());
        }
        assertSameEventsAsGo(trace);
        List<TraceEvent> exits = new ArrayList<>();
        try (TraceFile t = TraceFile.open(trace)) {
            t.events(e -> {
                if (e.kind() == TraceEvent.Kind.GO_SYS_EXIT) {
                    exits.add(e);
                }
            });
        }
        assertFalse(exits.isEmpty(), "the program's blocking syscall left a GoSysExit");
        assertTrue(exits.stream().allMatch(e -> e.p() == TraceEvent.SYSCALL_P), exits.toString());
    }

    @Test
    @DisplayName("a file that is no trace is refused with a message saying so")
    void aFileThatIsNoTraceIsRefused() throws Exception {
        Path f = dir.resolve("not.trace");
        Files.writeString(f, "hello, this is not a trace at all");
        IOException e = assertThrows(IOException.class, () -> TraceFile.open(f));
        assertTrue(e.getMessage().contains("not a Go trace file"), e.getMessage());
    }

    @Test
    @DisplayName("a truncated trace is refused with the offset where it ends")
    void aTruncatedTraceIsRefusedWithItsOffset() throws Exception {
        Path trace = Planted.record(dir, "pipeline", Planted::cleanPipeline);
        byte[] all = Files.readAllBytes(trace);
        Path cut = dir.resolve("cut.trace");
        Files.write(cut, Arrays.copyOf(all, all.length - 3));
        IOException e = assertThrows(IOException.class, () -> {
            try (TraceFile t = TraceFile.open(cut)) {
                t.events(ev -> { });
            }
        });
        assertTrue(e.getMessage().contains("offset 0x"), e.getMessage());
    }

    private static List<String> tiesSorted(List<String> events) {
        List<String> out = new ArrayList<>(events);
        out.sort(java.util.Comparator.comparingLong((String l) -> Long.parseLong(l.substring(0, l.indexOf(' '))))
                .thenComparing(l -> l));
        return out;
    }

    private void assertSameEventsAsGo(Path trace) throws Exception {
        List<String> go = new ArrayList<>();
        for (String line : GoTool.parsedEvents(dir, trace)) {
            String[] w = line.split(" ");
            // "ts Type p=P g=G off=..."
            if (w.length >= 4 && w[2].startsWith("p=") && w[3].startsWith("g=")) {
                go.add(w[0] + " " + w[1] + " " + w[2] + " " + w[3]);
            }
        }
        final List<String> read = new ArrayList<>();
        try (TraceFile t = TraceFile.open(trace)) {
            t.events(e -> read.add(e.time() + " " + e.kind().goName() + " p=" + e.p() + " g=" + e.g()));
            assertEquals(read.size(), t.eventCount(), "the scan's count");
        }
        List<String> ours = read;
        assertTrue(go.size() > 100, "go tool trace -d printed " + go.size() + " events");
        // Go sorts its merge frontier with an unstable sort: events of equal time may come in
        // either order, so both lists are compared with ties put in one order.
        go = tiesSorted(go);
        ours = tiesSorted(ours);
        for (int i = 0; i < Math.min(go.size(), ours.size()); i++) {
            if (!go.get(i).equals(ours.get(i))) {
                fail("event " + i + " differs: go tool trace -d has [" + go.get(i) + "], TraceFile ["
                        + ours.get(i) + "]\nGo's context: " + go.subList(Math.max(0, i - 3), Math.min(go.size(), i + 3))
                        + "\nours: " + ours.subList(Math.max(0, i - 3), Math.min(ours.size(), i + 3)));
            }
        }
        assertEquals(go.size(), ours.size(), "the number of events");
        Files.writeString(dir.resolve("ours.txt"), String.join("\n", ours), UTF_8);
    }
}
