package io.go4j.debug.jfr;

import static io.go4j.Go.go;
import static io.go4j.debug.sched.CoreProbe.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.debug.JfrEvents;
import io.go4j.debug.internal.jfr.DeadlockEvent;
import io.go4j.debug.sched.CoreProbe;
import io.go4j.debug.testing.Await;
import io.go4j.debug.testing.Exec;
import io.go4j.sync.Mutex;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@DisplayName("JfrEvents: go4j's goroutines in JDK Flight Recorder")
class JfrEventsTest {

    @AfterEach
    void uninstall() {
        JfrEvents.uninstall();
    }

    /** A recording of every go4j event, every threshold at zero. */
    private static Recording everything() {
        Recording r = new Recording();
        r.setName("go4j-test");
        r.enable(JfrEvents.GOROUTINE_START);
        r.enable(JfrEvents.GOROUTINE_END);
        r.enable(JfrEvents.BLOCK).withThreshold(Duration.ZERO).withStackTrace();
        r.enable(JfrEvents.MUTEX_CONTENTION).with("delayThreshold", "0 ns").withStackTrace();
        r.enable(JfrEvents.SCHED_LATENCY).with("latencyThreshold", "0 ns");
        r.enable(JfrEvents.DEADLOCK);
        return r;
    }

    // The program's frames, found by name in the events' stack traces.

    static void receiveOnce(Chan<Integer> in) {
        in.recv();
    }

    static void unlockAfterContention(Mutex mu) {
        mu.unlock();
    }

    /** What the program started, for the checks. */
    private record Program(long testThread, Thread receiver, Thread holder, Thread waiter) {}

    /**
     * Blocks a goroutine on a channel receive, then contends a Mutex: a holder keeps it until a
     * waiter is parked on it, then unlocks. All goroutines carry the label {@code job: jfr-test}.
     */
    private static Program run() {
        AtomicReference<Program> program = new AtomicReference<>();
        Go.withLabels(Map.of("job", "jfr-test"), () -> {
            Chan<Integer> in = Chan.make();
            Thread receiver = go(() -> receiveOnce(in));
            Await.parked("chan receive", receiver);
            in.send(1);

            Mutex mu = new Mutex();
            Chan<Boolean> locked = Chan.make(1);
            Chan<Boolean> release = Chan.make(1);
            Thread holder = go(() -> {
                mu.lock();
                locked.send(true);
                release.recv();
                unlockAfterContention(mu);
            });
            locked.recv();
            Thread waiter = go(() -> {
                mu.lock();
                mu.unlock();
            });
            Await.parked("sync.Mutex.Lock", waiter);
            release.send(true);
            join(receiver);
            join(holder);
            join(waiter);
            program.set(new Program(Thread.currentThread().threadId(), receiver, holder, waiter));
        });
        return program.get();
    }

    private static boolean hasFrame(RecordedEvent e, String method) {
        if (e.getStackTrace() == null) {
            return false;
        }
        for (RecordedFrame f : e.getStackTrace().getFrames()) {
            if (f.getMethod().getName().equals(method)
                    && f.getMethod().getType().getName().equals(JfrEventsTest.class.getName())) {
                return true;
            }
        }
        return false;
    }

    private static RecordedEvent one(List<RecordedEvent> events, String name, Predicate<RecordedEvent> which,
                                     String what) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).filter(which).findFirst()
                .orElseGet(() -> fail("no " + name + " event " + what + " among:\n" + events.stream()
                        .filter(e -> e.getEventType().getName().startsWith("go4j.")).toList()));
    }

    @Test
    @DisplayName("a recording gets every go4j event with its fields, and the waiter's and unlocker's stacks")
    void recordingHasTheEvents(@TempDir Path dir) {
        Path file = dir.resolve("go4j.jfr");
        Program p = assertTimeoutPreemptively(Await.LONG.multipliedBy(2), () -> {
            JfrEvents.install();
            try (Recording r = everything()) {
                r.start();
                assertTrue(JfrEvents.isListening(), "a recording wants go4j's events, but go4j does not listen");
                Program program = run();
                DeadlockEvent.commit("all goroutines are asleep - deadlock!", 3);
                r.stop();
                r.dump(file);
                return program;
            }
        });
        List<RecordedEvent> events = assertTimeoutPreemptively(Await.LONG, () -> RecordingFile.readAllEvents(file));
        long receiver = p.receiver().threadId();
        long holder = p.holder().threadId();
        long waiter = p.waiter().threadId();

        RecordedEvent block = one(events, JfrEvents.BLOCK, e -> e.getLong("goroutineId") == receiver,
                "for the receiver");
        assertEquals("chan receive", block.getString("reason"));
        assertTrue(block.getString("blocker").matches("chan \\d+ \\(len 0, cap 0\\)"), block.getString("blocker"));
        assertEquals("{job: jfr-test}", block.getString("labels"));
        assertTrue(block.getDuration().toNanos() > 0, "duration " + block.getDuration());
        assertTrue(hasFrame(block, "receiveOnce"), "the waiter's frame is missing:\n" + block);

        RecordedEvent lockWait = one(events, JfrEvents.BLOCK, e -> e.getLong("goroutineId") == waiter,
                "for the Mutex waiter");
        assertEquals("sync.Mutex.Lock", lockWait.getString("reason"));
        assertTrue(lockWait.getString("blocker").matches("sync\\.Mutex@[0-9a-f]+ held by goroutine " + holder),
                "the dump's text, with the holder of when the wait began: " + lockWait.getString("blocker"));

        RecordedEvent contention = one(events, JfrEvents.MUTEX_CONTENTION,
                e -> e.getLong("goroutineId") == holder, "on the unlocker");
        assertEquals("sync.Mutex.Lock", contention.getString("kind"));
        assertTrue(contention.getString("lock").matches("sync\\.Mutex@[0-9a-f]+"), contention.getString("lock"));
        assertTrue(lockWait.getString("blocker").startsWith(contention.getString("lock") + " "),
                "the waiter's blocker and the unlocker's lock are named alike");
        assertTrue(contention.getDuration("delay").toNanos() > 0, "delay " + contention.getDuration("delay"));
        assertEquals("{job: jfr-test}", contention.getString("labels"));
        assertTrue(hasFrame(contention, "unlockAfterContention"), "the unlocker's frame is missing:\n" + contention);

        RecordedEvent start = one(events, JfrEvents.GOROUTINE_START, e -> e.getLong("goroutineId") == receiver,
                "for the receiver");
        assertEquals(p.testThread(), start.getLong("creatorId"));
        assertTrue(start.getString("createdBy").startsWith(JfrEventsTest.class.getName() + "."),
                start.getString("createdBy"));
        assertEquals("{job: jfr-test}", start.getString("labels"));
        one(events, JfrEvents.GOROUTINE_END, e -> e.getLong("goroutineId") == receiver, "for the receiver");

        RecordedEvent woken = one(events, JfrEvents.SCHED_LATENCY, e -> e.getLong("goroutineId") == receiver
                && "chan receive".equals(e.getString("wokenFrom")), "for the receiver's wake-up");
        assertTrue(woken.getDuration("latency").toNanos() > 0, "latency " + woken.getDuration("latency"));
        one(events, JfrEvents.SCHED_LATENCY, e -> e.getLong("goroutineId") == receiver
                && "start".equals(e.getString("wokenFrom")), "for the receiver's start");

        RecordedEvent deadlock = one(events, JfrEvents.DEADLOCK, e -> true, "");
        assertEquals("all goroutines are asleep - deadlock!", deadlock.getString("description"));
        assertEquals(3, deadlock.getInt("goroutineCount"));
    }

    @Test
    @DisplayName("the JDK's jfr tool prints the events by name")
    void jfrPrintShowsTheEvents(@TempDir Path dir) throws IOException, InterruptedException {
        Path file = dir.resolve("go4j.jfr");
        assertTimeoutPreemptively(Await.LONG.multipliedBy(2), () -> {
            JfrEvents.install();
            try (Recording r = everything()) {
                r.start();
                run();
                DeadlockEvent.commit("test deadlock", 2);
                r.stop();
                r.dump(file);
            }
        });
        // --stack-depth: the default of 5 frames shows only go4j's own frames above the waiter's
        Exec.Result jfr = Exec.run(List.of(CoreProbe.jfrCommand().toString(), "print", "--stack-depth", "20",
                "--events", JfrEvents.BLOCK + "," + JfrEvents.MUTEX_CONTENTION + "," + JfrEvents.DEADLOCK, file.toString()),
                null, Map.of(), Duration.ofSeconds(60));
        String text = jfr.stdout();
        assertEquals(0, jfr.exit(), jfr.describe());
        for (String expected : List.of("go4j.Block {", "go4j.MutexContention {", "go4j.Deadlock {",
                "reason = \"chan receive\"", "reason = \"sync.Mutex.Lock\"", "kind = \"sync.Mutex.Lock\"",
                "description = \"test deadlock\"", "receiveOnce", "unlockAfterContention")) {
            assertTrue(text.contains(expected), "jfr print lacks " + expected + ":\n" + text);
        }
    }

    @Test
    @DisplayName("with no recording the core has no listener; a recording adds it and stopping it removes it")
    void listensOnlyWhileRecording() {
        assertTimeoutPreemptively(Await.LONG, () -> {
            JfrEvents.install();
            assertTrue(JfrEvents.isInstalled());
            assertFalse(JfrEvents.isListening());
            assertNull(CoreProbe.coreGoroutineListener(), "no recording runs, yet the core has a goroutine listener");
            assertNull(CoreProbe.coreContentionListener(), "no recording runs, yet the core has a contention listener");
            try (Recording r = everything()) {
                r.start();
                assertTrue(JfrEvents.isListening());
                assertNotNull(CoreProbe.coreGoroutineListener());
                assertNotNull(CoreProbe.coreContentionListener());
                r.stop();
                assertFalse(JfrEvents.isListening());
                assertNull(CoreProbe.coreGoroutineListener(), "the recording stopped, yet the listener stays");
                assertNull(CoreProbe.coreContentionListener(), "the recording stopped, yet the listener stays");
            }
        });
    }

    @Test
    @DisplayName("a recording with go4j's events disabled adds no listener")
    void disabledEventsAddNothing() {
        assertTimeoutPreemptively(Await.LONG, () -> {
            JfrEvents.install();
            try (Recording r = new Recording()) {
                r.disable(JfrEvents.BLOCK);
                r.disable(JfrEvents.MUTEX_CONTENTION);
                r.disable(JfrEvents.SCHED_LATENCY);
                r.enable("jdk.ThreadSleep");
                r.start();
                assertFalse(JfrEvents.isListening());
                assertNull(CoreProbe.coreGoroutineListener());
                assertNull(CoreProbe.coreContentionListener());
                r.stop();
            }
        });
    }

    @Test
    @DisplayName("installed while a recording runs, it listens at once; uninstalled, it stops listening")
    void installDuringRecording() {
        assertTimeoutPreemptively(Await.LONG, () -> {
            try (Recording r = everything()) {
                r.start();
                assertNull(CoreProbe.coreGoroutineListener(), "not installed, yet the core has a listener");
                JfrEvents.install();
                assertTrue(JfrEvents.isListening());
                assertNotNull(CoreProbe.coreGoroutineListener());
                JfrEvents.uninstall();
                assertFalse(JfrEvents.isInstalled());
                assertFalse(JfrEvents.isListening());
                assertNull(CoreProbe.coreGoroutineListener());
                assertNull(CoreProbe.coreContentionListener());
                r.stop();
            }
        });
    }
}
