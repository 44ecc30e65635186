package io.go4j.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.time.Time;
import io.go4j.trace.testing.GoTool;
import io.go4j.trace.testing.Waits;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The flight recorder's slow-request helper ({@link FlightRecorder#watch}): a slow piece of work
 * leaves the window on disk, a fast one nothing, and a storm of slow ones at most one file per
 * window age and never more files than the directory's bound.
 */
class SlowSnapshotTest {
    private static final long JOIN_MS = 60_000;

    @TempDir
    Path dir;

    private FlightRecorder fr;

    @AfterEach
    void stop() {
        if (fr != null) {
            fr.stop();
        }
    }

    private Path slowDir() {
        return dir.resolve("slow");
    }

    private List<Path> slowFiles() throws Exception {
        if (!Files.isDirectory(slowDir())) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(slowDir())) {
            return s.filter(p -> p.getFileName().toString().startsWith(FlightRecorder.SLOW_PREFIX)).toList();
        }
    }

    private static void join(Thread t) throws InterruptedException {
        t.join(JOIN_MS);
        assertFalse(t.isAlive(), "goroutine " + t + " did not end in " + JOIN_MS + " ms");
    }

    /**
     * A request handled by its own goroutine: it waits for a reply (sent once it is parked, so
     * that its wait is certain), then sleeps {@code work}, inside a watch.
     */
    private Thread request(Duration threshold, Duration work, List<FlightRecorder.Watch> watches) {
        Chan<Integer> reply = Chan.make();
        Thread g = Go.go(() -> {
            try (FlightRecorder.Watch w = fr.watch(threshold)) {
                watches.add(w);
                reply.recv();
                Time.sleep(work);
            }
        });
        Waits.awaitParked(List.of(g));   // it waits for its reply (a GoBlockRecv), whatever the schedule
        reply.send(1);
        return g;
    }

    @Test
    @DisplayName("a request that took its threshold or longer leaves a snapshot that go tool trace parses, with the request goroutine's events")
    void aSlowRequestLeavesASnapshot() throws Exception {
        fr = new FlightRecorder(Duration.ofHours(1), 64 << 20).snapshotOnSlow(slowDir(), 8);
        fr.start();
        List<FlightRecorder.Watch> watches = new ArrayList<>();
        // Sleep's contract (Go's: "at least the duration") makes the request slow, whatever the load.
        Thread g = request(Duration.ofMillis(20), Duration.ofMillis(40), watches);
        join(g);
        FlightRecorder.Watch w = watches.get(0);
        assertTrue(w.slow());
        assertEquals(Optional.empty(), w.failure());
        Path file = w.snapshot().orElseThrow();
        assertEquals(List.of(file), slowFiles());
        List<String> events = GoTool.parsedEvents(dir, file);
        String id = " g=" + g.threadId() + " ";
        assertTrue(events.stream().anyMatch(l -> l.contains(" GoBlockRecv ") && l.contains(id)), "the request waited for its reply");
        assertTrue(events.stream().anyMatch(l -> l.contains(" GoSleep ") && l.contains(id)), "the request's slow part");
        assertTrue(fr.isEnabled(), "recording goes on");
    }

    @Test
    @DisplayName("a request faster than its threshold leaves nothing")
    void aFastRequestLeavesNothing() throws Exception {
        fr = new FlightRecorder(Duration.ofHours(1), 64 << 20).snapshotOnSlow(slowDir(), 8);
        fr.start();
        List<FlightRecorder.Watch> watches = new ArrayList<>();
        join(request(Duration.ofHours(1), Duration.ZERO, watches));
        assertFalse(watches.get(0).slow());
        assertEquals(Optional.empty(), watches.get(0).snapshot());
        assertEquals(List.of(), slowFiles());
    }

    @Test
    @DisplayName("a storm of slow requests within one window age leaves one snapshot, and the others say they were slow")
    void aStormLeavesOneSnapshot() throws Exception {
        fr = new FlightRecorder(Duration.ofHours(1), 64 << 20).snapshotOnSlow(slowDir(), 8);
        fr.start();
        ConcurrentLinkedQueue<FlightRecorder.Watch> all = new ConcurrentLinkedQueue<>();
        List<Thread> gs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            gs.add(Go.go(() -> {
                try (FlightRecorder.Watch w = fr.watch(Duration.ZERO)) {   // every request is slow
                    all.add(w);
                }
            }));
        }
        for (Thread g : gs) {
            join(g);
        }
        assertEquals(20, all.size());
        assertTrue(all.stream().allMatch(FlightRecorder.Watch::slow));
        assertEquals(1, all.stream().filter(w -> w.snapshot().isPresent()).count(), "one snapshot per window age");
        assertEquals(1, slowFiles().size());
    }

    @Test
    @DisplayName("a directory that holds its bound of slow snapshots gets no more, whatever the age")
    void aFullDirectoryGetsNoMore() throws Exception {
        Files.createDirectories(slowDir());
        Files.writeString(slowDir().resolve(FlightRecorder.SLOW_PREFIX + "a.trace"), "an earlier snapshot");
        Files.writeString(slowDir().resolve(FlightRecorder.SLOW_PREFIX + "b.trace"), "an earlier snapshot");
        fr = new FlightRecorder(Duration.ofHours(1), 64 << 20).snapshotOnSlow(slowDir(), 2);
        fr.start();
        try (FlightRecorder.Watch w = fr.watch(Duration.ZERO)) {
            w.close();
            assertTrue(w.slow());
            assertEquals(Optional.empty(), w.snapshot());
        }
        assertEquals(2, slowFiles().size());
    }

    @Test
    @DisplayName("a watch of a stopped recorder, or with no directory, saves nothing, and bad arguments are refused")
    void nothingWithoutARecorderOrDirectory() throws Exception {
        fr = new FlightRecorder(Duration.ofHours(1), 64 << 20).snapshotOnSlow(slowDir(), 8);
        FlightRecorder.Watch notStarted = fr.watch(Duration.ZERO);
        notStarted.close();
        assertTrue(notStarted.slow());
        assertEquals(Optional.empty(), notStarted.snapshot());
        assertEquals(List.of(), slowFiles());

        FlightRecorder off = new FlightRecorder(Duration.ofHours(1), 64 << 20).snapshotOnSlow(null, 8);
        off.start();
        try {
            FlightRecorder.Watch w = off.watch(Duration.ZERO);
            w.close();
            assertEquals(Optional.empty(), w.snapshot());
        } finally {
            off.stop();
        }
        assertThrows(IllegalArgumentException.class, () -> fr.watch(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> fr.snapshotOnSlow(slowDir(), -1));
    }
}
