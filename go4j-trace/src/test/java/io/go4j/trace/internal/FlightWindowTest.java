package io.go4j.trace.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.trace.testing.GoTool;
import io.go4j.trace.testing.Waits;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flight recorder's window keeps its byte bound and its age bound. */
class FlightWindowTest {
    private static final String TEST = "io.go4j.trace.internal.FlightWindowTest.";

    @TempDir
    Path dir;

    /** Ping-pongs {@code rounds} times between the caller and a new goroutine, which then ends. */
    private static Thread pingPong(int rounds) throws InterruptedException {
        Chan<Integer> ping = Chan.make();
        Chan<Integer> pong = Chan.make();
        Thread t = Go.go(() -> {
            for (Integer i : ping) {
                pong.send(i);
            }
        });
        for (int i = 0; i < rounds; i++) {
            ping.send(i);
            pong.recv();
        }
        ping.close();
        t.join(60_000);
        assertFalse(t.isAlive(), "the ping-pong goroutine ended");
        return t;
    }

    private static Thread oldPhase() throws InterruptedException {
        return pingPong(100);
    }

    /** A short ping-pong, then a receive that certainly parks this thread (Waits.parkedReceive). */
    private static Thread recentPhase() throws InterruptedException {
        Thread t = pingPong(100);
        Waits.parkedReceive();
        return t;
    }

    @Test
    @DisplayName("events older than the window's age are dropped: an ended goroutine's whole buffer, the other threads' old events from the written trace")
    void keepsItsAge() throws Exception {
        Duration age = Duration.ofHours(1);   // no real trim drops anything by age in this test
        FlightWindow w = FlightWindow.start(2, age, 1L << 30);
        try {
            Thread old = oldPhase();
            long between = System.nanoTime();
            Thread recent = recentPhase();
            long before = w.bytesHeld();
            w.trimAt(between + age.toNanos());   // the trim's clock one age after the phases' boundary
            assertTrue(w.bytesHeld() < before, "the old phase's events are dropped: " + w.bytesHeld() + " of " + before);

            Path file = dir.resolve("window.trace");
            try (OutputStream out = Files.newOutputStream(file)) {
                w.writeTo(out);
            }
            List<String> events = GoTool.parsedEvents(dir, file);
            assertFalse(events.stream().anyMatch(l -> l.contains(" g=" + old.threadId() + " ")),
                    "the old phase's goroutine is out of the window\n" + String.join("\n", events));
            assertTrue(events.stream().anyMatch(l -> l.contains(" GoEnd ") && l.contains(" g=" + recent.threadId() + " ")),
                    "the recent phase's goroutine is in it");
            Path pb = dir.resolve("sync.pb");
            GoTool.Result r = GoTool.run(dir, pb, "tool", "trace", "-pprof=sync", file.toString());
            assertTrue(r.exit() == 0, r.describe());
            String top = GoTool.pprofTop(dir, pb);
            assertTrue(top.contains(TEST + "recentPhase"), top);
            assertFalse(top.contains(TEST + "oldPhase"), "this thread's old waits are out of the window too\n" + top);
        } finally {
            w.stop();
        }
    }

    @Test
    @DisplayName("after many more events than the bound holds, the window holds at most the bound plus each thread's newest chunk")
    void keepsItsBound() throws Exception {
        long bound = 128 << 10;
        FlightWindow w = FlightWindow.start(2, Duration.ofHours(1), bound);
        try {
            Chan<Integer> ping = Chan.make();
            Chan<Integer> pong = Chan.make();
            Thread t = Go.go(() -> {
                for (Integer i : ping) {
                    pong.send(i);
                }
            });
            int rounds = 50_000;   // about 4 events a round: over 50 times the bound
            for (int i = 0; i < rounds; i++) {
                ping.send(i);
                pong.recv();
            }
            ping.close();
            t.join();
            w.trimNow();
            int threads = 0;
            for (EventBuffer b : w.recorder().buffers()) {
                threads++;
            }
            long slack = (long) threads * EventBuffer.CHUNK_EVENTS * EventBuffer.EVENT_BYTES;
            long held = w.bytesHeld();
            assertTrue(held <= bound + slack, "held " + held + " bytes, bound " + bound + " + " + slack);
            assertTrue(held > 0, "the recent past is kept");
        } finally {
            w.stop();
        }
    }
    @Test
    @DisplayName("the buffers of ended goroutines leave the window with their last events, and the live threads' stay")
    void endedGoroutinesLeaveNoBuffers() throws Exception {
        Duration age = Duration.ofHours(1);
        FlightWindow w = FlightWindow.start(2, age, 1L << 30);
        try {
            int n = 1_000;
            Set<Long> ended = new HashSet<>();
            for (int i = 0; i < n; i++) {
                Chan<Integer> c = Chan.make();
                Thread t = Go.go(() -> c.send(1));
                c.recv();
                t.join(60_000);
                assertFalse(t.isAlive(), "goroutine " + i + " ended");
                ended.add(t.threadId());
            }
            long after = System.nanoTime();
            assertEquals(n, count(w, ended), "each ended goroutine's buffer is held while its events are in the window");
            w.trimAt(after + age.toNanos());
            assertEquals(0, count(w, ended), "no ended goroutine's buffer is held once its events are older than the window");
            assertEquals(1, count(w, Set.of(Thread.currentThread().threadId())), "this thread's buffer is held");
        } finally {
            w.stop();
        }
    }

    private static long count(FlightWindow w, Set<Long> goids) {
        long n = 0;
        for (EventBuffer b : w.recorder().buffers()) {
            if (goids.contains(b.goid)) {
                n++;
            }
        }
        return n;
    }
}
