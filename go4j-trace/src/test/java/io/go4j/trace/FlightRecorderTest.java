package io.go4j.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.trace.testing.GoTool;
import io.go4j.trace.testing.Waits;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The flight recorder: Go 1.25's FlightRecorder shape, a bounded window, a valid trace mid-run. */
class FlightRecorderTest {
    private static final String TEST = "io.go4j.trace.FlightRecorderTest.";

    @TempDir
    Path dir;

    private FlightRecorder fr;

    @AfterEach
    void stop() {
        if (fr != null) {
            fr.stop();
        }
        Trace.stop();
    }

    /** Ping-pongs {@code rounds} times between the caller and a goroutine, in {@code name}'s frames. */
    private static void pingPong(int rounds) throws InterruptedException {
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
        t.join();
    }

    /** A short ping-pong, then a receive that certainly parks this thread (Waits.parkedReceive). */
    private static void earlyPhase() throws InterruptedException {
        pingPong(100);
        Waits.parkedReceive();
    }

    private static void latePhase() throws InterruptedException {
        pingPong(20_000);
    }

    private String syncProfile(Path file) throws Exception {
        Path pb = dir.resolve("sync.pb");
        GoTool.Result r = GoTool.run(dir, pb, "tool", "trace", "-pprof=sync", file.toString());
        assertEquals(0, r.exit(), r.describe());
        return GoTool.pprofTop(dir, pb);
    }

    private Path snapshot() throws Exception {
        Path file = dir.resolve("flight.trace");
        try (OutputStream out = Files.newOutputStream(file)) {
            fr.writeTo(out);
        }
        return file;
    }

    @Test
    @DisplayName("with a small byte bound (which wins over the age), the window keeps the recent phase and drops the early one, and parses")
    void byteBoundDropsThePast() throws Exception {
        fr = new FlightRecorder(Duration.ofHours(1), 256 << 10);
        fr.start();
        earlyPhase();
        latePhase();
        Path file = snapshot();
        GoTool.parsedEvents(dir, file);
        String top = syncProfile(file);
        assertTrue(top.contains(TEST + "latePhase"), top);
        assertFalse(top.contains(TEST + "earlyPhase"), "the early phase is out of the window\n" + top);
        assertTrue(Files.size(file) < 1 << 20, "the file is about the bound: " + Files.size(file));
    }

    @Test
    @DisplayName("with room enough, the window keeps everything since the start")
    void roomForEverything() throws Exception {
        fr = new FlightRecorder(Duration.ofHours(1), 1L << 30);
        fr.start();
        earlyPhase();
        Path file = snapshot();
        String top = syncProfile(file);
        assertTrue(top.contains(TEST + "earlyPhase"), top);
    }

    @Test
    @DisplayName("a goroutine blocked through the whole window is shown waiting, and the recorder keeps recording after a write")
    void blockedThroughTheWindow() throws Exception {
        Chan<Integer> never = Chan.make();
        Chan<Integer> ready = Chan.make();
        Thread sleeper = Go.go(() -> {
            ready.send(1);
            never.recv();
        });
        ready.recv();
        fr = new FlightRecorder(Duration.ofHours(1), 256 << 10);
        fr.start();
        latePhase();
        List<String> lines = GoTool.parsedEvents(dir, snapshot());
        assertTrue(lines.stream().anyMatch(l -> l.contains(" GoWaiting ") && l.contains(" g=" + sleeper.threadId())),
                "goroutine " + sleeper.threadId() + " waiting\n" + String.join("\n", lines.subList(0, Math.min(40, lines.size()))));
        assertTrue(fr.isEnabled());
        never.close();
        sleeper.join();
        GoTool.parsedEvents(dir, snapshot());
    }

    @Test
    @DisplayName("a flight recorder and Trace.start exclude each other, and writeTo needs a started recorder")
    void exclusion() throws Exception {
        fr = new FlightRecorder(Duration.ofSeconds(1), 1 << 20);
        assertThrows(IllegalStateException.class, () -> fr.writeTo(new ByteArrayOutputStream()));
        fr.start();
        assertTrue(Trace.isEnabled());
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> Trace.start(new ByteArrayOutputStream()));
        assertEquals("tracing is already enabled", e.getMessage());
        assertThrows(IllegalStateException.class, fr::start);
        fr.stop();
        assertFalse(fr.isEnabled());
        assertFalse(Trace.isEnabled());
        assertThrows(IllegalArgumentException.class, () -> new FlightRecorder(Duration.ofSeconds(-1), 1));
        assertThrows(IllegalArgumentException.class, () -> new FlightRecorder(Duration.ZERO, -1));
    }
}
