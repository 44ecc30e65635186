package io.go4j.trace.internal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.internal.runtime.WaitReason;
import io.go4j.trace.testing.GoTool;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer's scheduler model, fed events by hand in the orders a live recording can produce
 * (a wake-up from outside go4j, a report lost at the start, more goroutines running than
 * processors), each checked by Go 1.19's own parser ({@code go tool trace -d}).
 */
class GoTraceWriterTest {
    private static final long START = 1_000;
    private static final StackTraceElement WORKER = new StackTraceElement("io.example.Main", "worker", "Main.java", 12);

    @TempDir
    Path dir;

    private final Map<Long, EventBuffer> buffers = new HashMap<>();
    private Recorder recorder = Recorder.detached(2, List.of(), START);

    private void event(long goid, long ts, int kind, long a, long b, Object ref) {
        int stack = kind == Recorder.BLOCK || kind == Recorder.WAKE ? recorder.stacks.of(WORKER) : 0;
        buffers.computeIfAbsent(goid, recorder::buffer).add(ts, kind, stack, a, b, ref);
    }

    private void event(long goid, long ts, int kind, long a) {
        event(goid, ts, kind, a, 0, null);
    }

    private List<String> parsed() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Traces.write(recorder, out);
        Path file = dir.resolve("t.trace");
        Files.write(file, out.toByteArray());
        return GoTool.parsedEvents(dir, file);
    }

    private static boolean has(List<String> lines, String type, String... parts) {
        return lines.stream().anyMatch(l -> l.contains(" " + type + " ") && Arrays.stream(parts).allMatch(l::contains));
    }

    @Test
    @DisplayName("the file starts with Go 1.19's header and ends with the frequency event")
    void headerAndFooter() throws Exception {
        event(1, START + 10, Recorder.START, 0);
        event(1, START + 20, Recorder.END, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Traces.write(recorder, out);
        byte[] bytes = out.toByteArray();
        assertArrayEquals("go 1.19 trace\0\0\0".getBytes(StandardCharsets.US_ASCII), Arrays.copyOf(bytes, 16));
        // EvFrequency (type 2, no inline-argument bits) with 1e9 as LEB128
        byte[] frequency = {2, (byte) 0x80, (byte) 0x94, (byte) 0xeb, (byte) 0xdc, 0x03};
        assertArrayEquals(frequency, Arrays.copyOfRange(bytes, bytes.length - frequency.length, bytes.length));
    }

    @Test
    @DisplayName("a goroutine's creation is replayed on its creator, at its creation time, before its start")
    void creationOnTheCreator() throws Exception {
        event(1, START + 10, Recorder.START, 0);
        event(2, START + 30, Recorder.START, 1, START + 20, WORKER);
        event(2, START + 40, Recorder.END, 0);
        event(1, START + 50, Recorder.END, 0);
        List<String> lines = parsed();
        assertTrue(has(lines, "GoCreate", " g=1 ", " g=2 "), String.join("\n", lines));
        int create = indexOf(lines, "GoCreate", " g=2 ");
        int start = indexOf(lines, "GoStart", " g=2 seq=");
        assertTrue(create < start, "created before it starts");
    }

    @Test
    @DisplayName("a goroutine woken from outside go4j (no wake-up event) is unblocked from the Timers lane")
    void wakeUpFromOutside() throws Exception {
        event(1, START + 10, Recorder.START, 0);
        event(1, START + 20, Recorder.BLOCK, WaitReason.SLEEP.ordinal());
        event(1, START + 30, Recorder.UNBLOCK, 0);
        event(1, START + 40, Recorder.END, 0);
        List<String> lines = parsed();
        assertTrue(has(lines, "GoSleep", " g=1 "), String.join("\n", lines));
        assertTrue(has(lines, "GoUnblock", "p=1000001 g=0", " g=1 seq="), String.join("\n", lines));
    }

    @Test
    @DisplayName("a wake-up from a system thread (go4j's timer) comes from the Timers lane, and the thread is no goroutine")
    void wakeUpFromASystemThread() throws Exception {
        event(1, START + 10, Recorder.START, 0);
        event(1, START + 20, Recorder.BLOCK, WaitReason.SLEEP.ordinal());
        event(50, START + 30, Recorder.WAKE, 1, Recorder.FROM_SYSTEM, null);
        event(1, START + 31, Recorder.UNBLOCK, 0);
        event(1, START + 40, Recorder.END, 0);
        List<String> lines = parsed();
        assertTrue(has(lines, "GoUnblock", "p=1000001 g=0", " g=1 seq="), String.join("\n", lines));
        assertTrue(lines.stream().noneMatch(l -> l.contains(" g=50")), "thread 50 is no goroutine\n" + String.join("\n", lines));
    }

    @Test
    @DisplayName("a wake-up reported after its goroutine already runs again is dropped, and the trace still parses")
    void lateWakeUp() throws Exception {
        event(1, START + 10, Recorder.START, 0);
        event(2, START + 11, Recorder.START, 0);
        event(1, START + 20, Recorder.BLOCK, WaitReason.CHAN_RECEIVE.ordinal());
        event(1, START + 30, Recorder.UNBLOCK, 0);
        event(2, START + 31, Recorder.WAKE, 1);
        event(1, START + 40, Recorder.END, 0);
        event(2, START + 41, Recorder.END, 0);
        List<String> lines = parsed();
        assertTrue(has(lines, "GoBlockRecv", " g=1 "), String.join("\n", lines));
        assertEquals(1, lines.stream().filter(l -> l.contains(" GoUnblock ")).count(), String.join("\n", lines));
    }

    @Test
    @DisplayName("a goroutine blocked since before the recording and woken during it is shown waiting from the start")
    void waitingAtTheStart() throws Exception {
        recorder = Recorder.detached(2, List.of(new Recorder.Initial(5, true, WORKER, "worker")), START);
        event(2, START + 10, Recorder.START, 0);
        event(2, START + 20, Recorder.WAKE, 5);
        event(5, START + 25, Recorder.UNBLOCK, 0);
        event(5, START + 30, Recorder.END, 0);
        event(2, START + 31, Recorder.END, 0);
        List<String> lines = parsed();
        assertTrue(has(lines, "GoWaiting", " g=5"), String.join("\n", lines));
        assertTrue(has(lines, "GoUnblock", " g=2 ", " g=5 seq=2"), "woken by goroutine 2\n" + String.join("\n", lines));
    }

    @Test
    @DisplayName("the target of a wake-up never seen before is created waiting, then woken by the waker")
    void wakeUpOfAnUnknownGoroutine() throws Exception {
        event(2, START + 10, Recorder.START, 0);
        event(2, START + 20, Recorder.WAKE, 9);
        event(9, START + 22, Recorder.UNBLOCK, 0);
        event(9, START + 23, Recorder.END, 0);
        List<String> lines = parsed();
        assertTrue(has(lines, "GoCreate", "p=1000001", " g=9 "), String.join("\n", lines));
        assertTrue(has(lines, "GoWaiting", " g=9"), String.join("\n", lines));
        assertTrue(has(lines, "GoUnblock", " g=2 ", " g=9 "), String.join("\n", lines));
    }

    @Test
    @DisplayName("with more goroutines running than processors, the one running longest is preempted")
    void morethanGomaxprocsRunning() throws Exception {
        for (long g = 1; g <= 3; g++) {
            event(g, START + 10 * g, Recorder.START, 0);
        }
        for (long g = 1; g <= 3; g++) {
            event(g, START + 100 + g, Recorder.END, 0);
        }
        List<String> lines = parsed();
        assertTrue(has(lines, "GoPreempt", " g=1 "), String.join("\n", lines));
        assertTrue(lines.stream().filter(l -> l.contains(" GoStart ")).allMatch(l -> l.contains(" p=0 ") || l.contains(" p=1 ")),
                "GOMAXPROCS processors only\n" + String.join("\n", lines));
    }

    @Test
    @DisplayName("a window that starts mid-run (the flight recorder's) replays only its own events and parses")
    void windowMidRun() throws Exception {
        event(1, START + 10, Recorder.START, 0);
        event(2, START + 11, Recorder.START, 0);
        event(1, START + 20, Recorder.BLOCK, WaitReason.CHAN_SEND.ordinal());
        event(2, START + 30, Recorder.WAKE, 1);
        event(1, START + 31, Recorder.UNBLOCK, 0);
        event(1, START + 40, Recorder.BLOCK, WaitReason.SYNC_MUTEX_LOCK.ordinal());
        event(2, START + 50, Recorder.WAKE, 1);
        event(1, START + 51, Recorder.UNBLOCK, 0);
        event(1, START + 60, Recorder.END, 0);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        GoTraceWriter.writeWindow(recorder, START + 35, List.of(), out);
        Path file = dir.resolve("w.trace");
        Files.write(file, out.toByteArray());
        List<String> lines = GoTool.parsedEvents(dir, file);
        assertTrue(has(lines, "GoBlockSync", " g=1 "), String.join("\n", lines));
        assertTrue(lines.stream().noneMatch(l -> l.contains(" GoBlockSend ")), "events before the window are left out");
    }

    private static int indexOf(List<String> lines, String type, String part) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains(" " + type + " ") && lines.get(i).contains(part)) {
                return i;
            }
        }
        return -1;
    }
}
