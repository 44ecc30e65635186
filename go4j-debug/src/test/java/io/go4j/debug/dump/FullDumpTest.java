package io.go4j.debug.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.debug.GoroutineDump;
import io.go4j.debug.internal.Snapshot;
import io.go4j.debug.internal.dump.Dumps;
import io.go4j.debug.testing.Await;
import io.go4j.internal.runtime.Goroutine;
import io.go4j.internal.runtime.WaitReason;
import io.go4j.sync.Mutex;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The full format: Go's {@code runtime.Stack(all)} / pprof {@code debug=2}. */
@DisplayName("The full goroutine dump")
class FullDumpTest {
    private static final long MINUTE = 60_000_000_000L;

    private final List<Runnable> release = new ArrayList<>();

    @AfterEach
    void releaseGoroutines() {
        release.forEach(Runnable::run);
    }

    // ---------------------------------------------------------------------------------------
    // Headers

    @Test
    @DisplayName("a goroutine blocked in a receive is shown as [chan receive], under Chan.recv and its caller")
    void receiveIsShownAsChanReceive() throws IOException {
        Chan<Integer> c = Chan.make();
        release.add(c::close);
        Thread t = Go.go(() -> receiveFrom(c));
        Waits.parked(t, WaitReason.CHAN_RECEIVE);

        List<String> block = block(dump(GoroutineDump.Options.full()), t.threadId());

        assertEquals("goroutine " + t.threadId() + " [chan receive]:", block.get(0));
        assertTrue(block.contains("io.go4j.Chan.recv(...)"), String.join("\n", block));
        int recv = block.indexOf("io.go4j.Chan.recv(...)");
        assertEquals(FullDumpTest.class.getName() + ".receiveFrom(...)", block.get(recv + 2));
        assertTrue(block.get(recv + 3).matches("\tio/go4j/debug/dump/FullDumpTest\\.java:\\d+"), block.get(recv + 3));
        assertEquals("created by " + FullDumpTest.class.getName() + ".receiveIsShownAsChanReceive in goroutine "
                + Thread.currentThread().threadId(), block.get(block.size() - 2));
    }

    @Test
    @DisplayName("a wait of 3 minutes is shown as [chan receive, 3 minutes]")
    void threeMinutes() throws IOException {
        Snapshot.Entry e = waiting(42, WaitReason.CHAN_RECEIVE, 1_000L, Map.of());
        String dump = write(new Snapshot(1_000L + 3 * MINUTE + 15_250_000_000L, List.of(e)), Dumps.Settings.GO);
        assertEquals("goroutine 42 [chan receive, 3 minutes]:", dump.lines().findFirst().orElseThrow());
    }

    @Test
    @DisplayName("a wait under a minute has no duration, and one minute is printed as Go prints it: 1 minutes")
    void minutesFromOneOn() throws IOException {
        Snapshot.Entry e = waiting(7, WaitReason.SELECT, 0L, Map.of());
        assertEquals("goroutine 7 [select]:",
                write(new Snapshot(MINUTE - 1, List.of(e)), Dumps.Settings.GO).lines().findFirst().orElseThrow());
        assertEquals("goroutine 7 [select, 1 minutes]:",
                write(new Snapshot(MINUTE, List.of(e)), Dumps.Settings.GO).lines().findFirst().orElseThrow());
    }

    @Test
    @DisplayName("with exact waits, the wait is printed to the nanosecond on a '# ' line after Go's header")
    void exactWaits() throws IOException {
        Snapshot.Entry e = waiting(42, WaitReason.CHAN_RECEIVE, 1_000L, Map.of());
        List<String> lines = write(new Snapshot(1_000L + 3 * MINUTE + 15_250_000_000L, List.of(e)),
                new Dumps.Settings(true, false, false)).lines().toList();
        assertEquals("goroutine 42 [chan receive, 3 minutes]:", lines.get(0));
        assertEquals("# waited 3m15.25s", lines.get(1));
        assertEquals("io.example.Main.worker(...)", lines.get(2));
    }

    @Test
    @DisplayName("labels are printed in Go 1.26's form, last inside the brackets, escaped to printable ASCII")
    void labelsInGoForm() throws IOException {
        Map<String, String> labels = new TreeMap<>(Map.of("job", "ingest", "q\"uote", "tab\there é"));
        Snapshot.Entry e = waiting(9, WaitReason.CHAN_SEND, 0L, labels);
        assertEquals("goroutine 9 [chan send, 2 minutes labels:{\"job\": \"ingest\", \"q\\\"uote\": \"tab\\x09here \\xc3\\xa9\"}]:",
                write(new Snapshot(2 * MINUTE, List.of(e)), Dumps.Settings.GO).lines().findFirst().orElseThrow());
    }

    @Test
    @DisplayName("a goroutine inherits its creator's labels, and the dump shows them")
    void inheritedLabels() throws IOException {
        Chan<Integer> c = Chan.make();
        release.add(c::close);
        Thread[] t = new Thread[1];
        Go.withLabels(Map.of("worker", "w1"), () -> t[0] = Go.go(() -> receiveFrom(c)));
        Waits.parked(t[0], WaitReason.CHAN_RECEIVE);
        assertEquals("goroutine " + t[0].threadId() + " [chan receive labels:{\"worker\": \"w1\"}]:",
                block(dump(GoroutineDump.Options.full()), t[0].threadId()).get(0));
    }

    @Test
    @DisplayName("a goroutine started by goLocked is shown locked to its thread")
    void lockedToThread() throws IOException {
        Chan<Integer> c = Chan.make();
        release.add(c::close);
        Thread t = Go.goLocked(() -> receiveFrom(c));
        Waits.parked(t, WaitReason.CHAN_RECEIVE);
        assertEquals("goroutine " + t.threadId() + " [chan receive, locked to thread]:",
                block(dump(GoroutineDump.Options.full()), t.threadId()).get(0));
    }

    @Test
    @DisplayName("a goroutine that woke while being dumped is shown running")
    void wokeWhileDumped() throws IOException {
        Chan<Integer> first = Chan.make();
        Chan<Integer> second = Chan.make();
        release.add(second::close);
        Thread t = Go.go(() -> {
            first.recv();
            second.recv();
        });
        Goroutine g = Waits.parked(t, WaitReason.CHAN_RECEIVE);
        long firstWait = g.waitSinceNanos();

        // The stack is taken between the two readings of the wait: wake the goroutine there, and
        // let it park again (in a new wait) before the second reading.
        Snapshot.Entry e = Snapshot.entryOf(g, thread -> {
            first.send(1);
            Await.until(() -> g.waitReason() == WaitReason.CHAN_RECEIVE && g.waitSinceNanos() != firstWait,
                    "the second receive");
            return thread.getStackTrace();
        });

        assertNotNull(e);
        assertNull(e.waitReason());
        assertEquals("running", e.status());
        assertEquals("goroutine " + t.threadId() + " [running]:",
                write(new Snapshot(System.nanoTime(), List.of(e)), Dumps.Settings.GO).lines().findFirst().orElseThrow());
    }

    // ---------------------------------------------------------------------------------------
    // Which goroutines, in which order

    @Test
    @DisplayName("the current goroutine comes first, running, its stack starting at the dump's caller")
    void currentFirst() throws IOException {
        String dump = dump(GoroutineDump.Options.full());
        List<String> lines = dump.lines().toList();
        assertEquals("goroutine " + Thread.currentThread().threadId() + " [running]:", lines.get(0));
        assertEquals(FullDumpTest.class.getName() + ".dump(...)", lines.get(1));
    }

    @Test
    @DisplayName("main appears, waiting in a receive, while a goroutine takes the dump (as Go shows main)")
    void mainAppears() {
        Thread self = Thread.currentThread();   // surefire's main thread; any thread go4j did not start will do
        Chan<String> out = Chan.make();
        Go.go(() -> {
            Await.until(() -> io.go4j.internal.runtime.Registry.snapshotWithAdopted().stream()
                    .anyMatch(g -> g.thread() == self && g.waitReason() == WaitReason.CHAN_RECEIVE), "main's receive");
            out.send(GoroutineDump.stack(true));
        });
        String dump = out.recv();   // parked here while the goroutine dumps

        List<String> block = block(dump, self.threadId());
        assertEquals("goroutine " + self.threadId() + " [chan receive]:", block.get(0));
        assertTrue(block.get(1).startsWith("io.go4j.Chan.recv"), String.join("\n", block));
        assertTrue(block.contains(FullDumpTest.class.getName() + ".mainAppears(...)"), String.join("\n", block));
        assertFalse(block.get(block.size() - 2).startsWith("created by"), "main has no creator: " + block);
    }

    @Test
    @DisplayName("the JVM's own threads are left out, as Go leaves out its runtime's goroutines, unless every frame is asked for")
    void systemThreads() throws IOException {
        Thread ref = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("Reference Handler"))
                .findFirst().orElseThrow(() -> new AssertionError("no Reference Handler thread"));
        assertFalse(dump(GoroutineDump.Options.full()).contains("goroutine " + ref.threadId() + " ["));
        StringBuilder all = new StringBuilder();
        GoroutineDump.write(all, GoroutineDump.Options.full(), true);
        assertTrue(all.toString().contains("goroutine " + ref.threadId() + " ["), all.toString());
    }

    @Test
    @DisplayName("a platform thread go4j never saw is listed with otherThreads, left out without")
    void otherThreads() throws IOException, InterruptedException {
        java.util.concurrent.CountDownLatch gate = new java.util.concurrent.CountDownLatch(1);
        Thread plain = Thread.ofPlatform().name("plain-platform").start(() -> {
            try {
                gate.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        release.add(gate::countDown);
        Await.until(() -> plain.getState() == Thread.State.WAITING, "the plain thread's wait");

        List<String> block = block(dump(GoroutineDump.Options.full()), plain.threadId());
        assertEquals("goroutine " + plain.threadId() + " [waiting]:", block.get(0));
        assertTrue(block.contains("java.util.concurrent.CountDownLatch.await(...)"), String.join("\n", block));

        String without = dump(new GoroutineDump.Options(GoroutineDump.Format.FULL, false, false, false));
        assertTrue(without.startsWith("goroutine " + Thread.currentThread().threadId() + " [running]:\n"), without);
        assertFalse(without.contains("goroutine " + plain.threadId() + " ["), without);
    }

    // ---------------------------------------------------------------------------------------
    // Frames

    @Test
    @DisplayName("the JDK's park frames, go4j's internals and the thread start are hidden, and shown with every frame")
    void hiddenFrames() throws IOException {
        Chan<Integer> c = Chan.make();
        release.add(c::close);
        Thread t = Go.go(() -> receiveFrom(c));
        Waits.parked(t, WaitReason.CHAN_RECEIVE);

        String go = String.join("\n", block(dump(GoroutineDump.Options.full()), t.threadId()));
        for (String hidden : List.of("LockSupport", "VirtualThread", "io.go4j.internal.", "Go$ThrowingRunnable")) {
            assertFalse(go.contains(hidden), hidden + " in\n" + go);
        }
        StringBuilder all = new StringBuilder();
        GoroutineDump.write(all, GoroutineDump.Options.full(), true);
        String raw = String.join("\n", block(all.toString(), t.threadId()));
        assertTrue(raw.contains("java.util.concurrent.locks.LockSupport.park(...)\n\tjava.base/java/util/concurrent/locks/LockSupport.java:"), raw);
        assertTrue(raw.contains("io.go4j.internal.runtime.Waiter.park(...)"), raw);
        assertTrue(raw.contains("java.lang.VirtualThread.run(...)"), raw);
    }

    @Test
    @DisplayName("frames are Go's two lines: function(...), then a tab and file:line, the module first for a named module")
    void frameLines() throws IOException {
        StackTraceElement inModule = new StackTraceElement("app", "java.base", "25", "java.lang.Thread", "sleep",
                "Thread.java", 509);
        StackTraceElement unknown = new StackTraceElement("Hidden$$Lambda", "run", null, -1);
        StackTraceElement app = new StackTraceElement("io.example.Main$Worker", "run", "Main.java", 12);
        Snapshot.Entry e = new Snapshot.Entry(5, "", Snapshot.Kind.GOROUTINE, Thread.currentThread(),
                Thread.State.TIMED_WAITING, null, null, 0, 0, null, Map.of(),
                new StackTraceElement[] {inModule, unknown, app}, false);
        assertEquals("""
                goroutine 5 [sleep]:
                java.lang.Thread.sleep(...)
                \tjava.base/java/lang/Thread.java:509
                Hidden$$Lambda.run(...)
                \t?:0
                io.example.Main$Worker.run(...)
                \tio/example/Main.java:12
                """, write(new Snapshot(0, List.of(e)), Dumps.Settings.GO));
    }

    @Test
    @DisplayName("goroutines are separated by one blank line, with none after the last")
    void blankLines() throws IOException {
        Snapshot s = new Snapshot(0, List.of(waiting(1, WaitReason.SELECT, 0, Map.of()),
                waiting(2, WaitReason.SELECT, 0, Map.of())));
        String dump = write(s, Dumps.Settings.GO);
        assertTrue(dump.contains("\tio/example/Main.java:30\n\ngoroutine 2 [select]:\n"), dump);
        assertTrue(dump.endsWith("\tio/example/Main.java:30\n") && !dump.endsWith("\n\n"), dump);
    }

    @Test
    @DisplayName("a goroutine whose stack could not be taken shows Go's 'stack unavailable' line")
    void noStack() throws IOException {
        Snapshot.Entry e = new Snapshot.Entry(3, "", Snapshot.Kind.ADOPTED, Thread.currentThread(),
                Thread.State.RUNNABLE, null, null, 0, 0, null, Map.of(), new StackTraceElement[0], false);
        assertEquals("goroutine 3 [running]:\n\tgoroutine running on other thread; stack unavailable\n",
                write(new Snapshot(0, List.of(e)), Dumps.Settings.GO));
    }

    // ---------------------------------------------------------------------------------------
    // runtime.Stack

    @Test
    @DisplayName("stack(false) is the caller's stack alone, as runtime.Stack(buf, false)")
    void stackOfCaller() {
        String s = GoroutineDump.stack(false);
        List<String> lines = s.lines().toList();
        assertEquals("goroutine " + Thread.currentThread().threadId() + " [running]:", lines.get(0));
        assertEquals(FullDumpTest.class.getName() + ".stackOfCaller(...)", lines.get(1));
        assertFalse(s.contains("\n\ngoroutine "), s);
    }

    @Test
    @DisplayName("stack(true) lists every goroutine, the caller first")
    void stackOfAll() {
        Chan<Integer> c = Chan.make();
        release.add(c::close);
        Thread t = Go.go(() -> receiveFrom(c));
        Waits.parked(t, WaitReason.CHAN_RECEIVE);
        String s = GoroutineDump.stack(true);
        assertTrue(s.startsWith("goroutine " + Thread.currentThread().threadId() + " [running]:\n"), s);
        assertTrue(s.contains("\n\ngoroutine " + t.threadId() + " [chan receive]:\n"), s);
    }

    // ---------------------------------------------------------------------------------------
    // Blockers

    @Test
    @DisplayName("with blockers, a Mutex waiter names the goroutine holding the lock")
    void mutexHolder() throws IOException {
        Mutex mu = new Mutex();
        mu.lock();
        release.add(mu::unlock);
        Thread t = Go.go(() -> {
            mu.lock();
            mu.unlock();
        });
        Waits.parked(t, WaitReason.SYNC_MUTEX_LOCK);
        List<String> block = block(dump(new GoroutineDump.Options(GoroutineDump.Format.FULL, false, true, true)),
                t.threadId());
        assertEquals("goroutine " + t.threadId() + " [sync.Mutex.Lock]:", block.get(0));
        assertEquals("# on sync.Mutex@" + Integer.toHexString(System.identityHashCode(mu)) + " held by goroutine "
                + Thread.currentThread().threadId(), block.get(1));
    }

    @Test
    @DisplayName("with blockers, a channel waiter names the channel with its length and capacity, a select all its channels")
    void channelBlockers() throws IOException {
        Chan<Integer> full = Chan.make(2);
        full.send(1);
        full.send(2);
        Chan<Integer> idle = Chan.make();
        release.add(() -> full.recv());
        release.add(idle::close);
        Thread sender = Go.go(() -> full.send(3));
        Thread selector = Go.go(() -> io.go4j.Select.select(io.go4j.Select.recv(idle), io.go4j.Select.recv(Chan.<Integer>nil())));
        Waits.parked(sender, WaitReason.CHAN_SEND);
        Waits.parked(selector, WaitReason.SELECT);
        String dump = dump(new GoroutineDump.Options(GoroutineDump.Format.FULL, true, true, true));
        String sendExtras = block(dump, sender.threadId()).get(1);
        assertTrue(sendExtras.matches("# waited \\S+ on chan \\d+ \\(len 2, cap 2\\)"), sendExtras);
        String selectExtras = block(dump, selector.threadId()).get(1);
        assertTrue(selectExtras.matches("# waited \\S+ on select on chan \\d+ \\(len 0, cap 0\\), nil chan"), selectExtras);
    }

    // ---------------------------------------------------------------------------------------
    // Helpers

    static void receiveFrom(Chan<Integer> c) {
        c.recv();
    }

    private static String dump(GoroutineDump.Options options) throws IOException {
        StringBuilder b = new StringBuilder();
        GoroutineDump.write(b, options);
        return b.toString();
    }

    static String write(Snapshot s, Dumps.Settings settings) throws IOException {
        StringBuilder b = new StringBuilder();
        Dumps.write(b, Dumps.Style.FULL, settings, s, -1);
        return b.toString();
    }

    /** The lines of goroutine {@code id}'s block. */
    static List<String> block(String dump, long id) {
        String header = "goroutine " + id + " [";
        for (String block : dump.split("\n\n")) {
            if (block.startsWith(header)) {
                return Arrays.asList(block.split("\n"));
            }
        }
        throw new AssertionError("no goroutine " + id + " in\n" + dump);
    }

    /** A synthetic goroutine waiting since {@code since}, started at Main.java:30. */
    static Snapshot.Entry waiting(long id, WaitReason reason, long since, Map<String, String> labels) {
        return new Snapshot.Entry(id, "", Snapshot.Kind.GOROUTINE, Thread.currentThread(), Thread.State.WAITING,
                reason, null, since, 1, new StackTraceElement("io.example.Main", "main", "Main.java", 30), labels,
                new StackTraceElement[] {new StackTraceElement("io.example.Main", "worker", "Main.java", 12)}, false);
    }
}
