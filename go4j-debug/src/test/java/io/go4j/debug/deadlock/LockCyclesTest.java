package io.go4j.debug.deadlock;

import static io.go4j.Go.go;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.GoroutineInfo;
import io.go4j.debug.Deadlocks;
import io.go4j.debug.testing.Await;
import io.go4j.sync.Mutex;
import io.go4j.sync.RWMutex;
import io.go4j.sync.WaitGroup;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Partial deadlocks among go4j's locks are found while the rest of the program (here, the test
 * runner) keeps running: the goroutines of a cycle, the locks, who holds them, and the
 * goroutines stuck behind the cycle.
 */
class LockCyclesTest {
    private static final Duration BOUND = Duration.ofSeconds(20);
    private final List<Thread> started = new ArrayList<>();

    @AfterEach
    void interruptGoroutines() throws InterruptedException {
        for (Thread t : started) {
            t.interrupt();   // a blocked lock() gives up with GoInterruptedException
        }
        for (Thread t : started) {
            t.join(BOUND.toMillis());
        }
    }

    private Thread start(Runnable task) {
        Thread t = go(task);
        started.add(t);
        return t;
    }

    /** Two goroutines that lock {@code a} then {@code b}, and {@code b} then {@code a}, each once both hold their first. */
    private Thread[] crossLock(Mutex a, Mutex b) {
        WaitGroup bothHold = new WaitGroup();
        bothHold.add(2);
        Thread first = start(() -> {
            a.lock();
            bothHold.done();
            bothHold.await();
            b.lock();
        });
        Thread second = start(() -> {
            b.lock();
            bothHold.done();
            bothHold.await();
            a.lock();
        });
        Await.parked("sync.Mutex.Lock", first, second);
        return new Thread[] {first, second};
    }

    @Test
    @DisplayName("two goroutines locking two Mutexes in opposite orders form one cycle, with a third stuck behind it")
    void crossedLocksFormACycle() {
        Mutex a = new Mutex();
        Mutex b = new Mutex();
        Thread[] pair = crossLock(a, b);
        Thread third = start(a::lock);
        Await.parked("sync.Mutex.Lock", third);

        List<Deadlocks.LockCycle> cycles = Deadlocks.lockCycles();
        assertEquals(1, cycles.size(), cycles.toString());
        Deadlocks.LockCycle c = cycles.get(0);
        long first = pair[0].threadId();
        long second = pair[1].threadId();
        assertEquals(List.of(Math.min(first, second), Math.max(first, second)),
                c.cycle().stream().map(Deadlocks.LockWait::goroutine).toList(), "the cycle starts at its lowest id");
        for (Deadlocks.LockWait w : c.cycle()) {
            boolean isFirst = w.goroutine() == first;
            assertSame(isFirst ? b : a, w.lock(), "each waits for the lock it locks second");
            assertEquals(isFirst ? second : first, w.holder(), "held by the other");
            assertEquals("sync.Mutex.Lock", w.waitReason());
            assertTrue(w.at() != null && w.at().getClassName().startsWith(LockCyclesTest.class.getName()),
                    "the program's frame, not go4j's: " + w.at());
        }
        assertEquals(List.of(third.threadId()), c.behind().stream().map(Deadlocks.LockWait::goroutine).toList());
        assertEquals(first, c.behind().get(0).holder(), "the third waits for a, which the first holds");

        String report = c.report();
        assertTrue(report.startsWith("go4j: lock cycle (partial deadlock) among goroutines "
                + Math.min(first, second) + ", " + Math.max(first, second) + "\n"), report);
        assertTrue(report.contains("\nwaiting behind the cycle:\ngoroutine " + third.threadId() + " [sync.Mutex.Lock, "), report);
        assertTrue(report.contains("]: waits for io.go4j.sync.Mutex@"), report);
    }

    @Test
    @DisplayName("a goroutine locking a Mutex it holds is a cycle of one")
    void lockingTwiceIsACycleOfOne() {
        Mutex mu = new Mutex();
        Thread t = start(() -> {
            mu.lock();
            mu.lock();
        });
        Await.parked("sync.Mutex.Lock", t);
        List<Deadlocks.LockCycle> cycles = Deadlocks.lockCycles();
        assertEquals(1, cycles.size(), cycles.toString());
        Deadlocks.LockWait w = cycles.get(0).cycle().get(0);
        assertEquals(t.threadId(), w.goroutine());
        assertEquals(t.threadId(), w.holder());
    }

    @Test
    @DisplayName("a writer holding an RWMutex and waiting for a Mutex whose holder waits to read forms a cycle")
    void rwMutexAndMutexFormACycle() {
        RWMutex rw = new RWMutex();
        Mutex mu = new Mutex();
        WaitGroup bothHold = new WaitGroup();
        bothHold.add(2);
        Thread writer = start(() -> {
            rw.lock();
            bothHold.done();
            bothHold.await();
            mu.lock();
        });
        Thread reader = start(() -> {
            mu.lock();
            bothHold.done();
            bothHold.await();
            rw.rLock();
        });
        Await.parked("sync.Mutex.Lock", writer);
        Await.parked("sync.RWMutex.RLock", reader);
        List<Deadlocks.LockCycle> cycles = Deadlocks.lockCycles();
        assertEquals(1, cycles.size(), cycles.toString());
        assertEquals(List.of("sync.Mutex.Lock", "sync.RWMutex.RLock").stream().sorted().toList(),
                cycles.get(0).cycle().stream().map(Deadlocks.LockWait::waitReason).sorted().toList());
    }

    @Test
    @DisplayName("a chain of lock waits ending in a goroutine parked on a channel is no cycle")
    void chainEndingOutsideLocksIsNoCycle() {
        Mutex mu = new Mutex();
        Chan<Integer> never = Chan.make();
        WaitGroup holds = new WaitGroup();
        holds.add(1);
        Thread holder = start(() -> {
            mu.lock();
            holds.done();
            never.recv();
        });
        holds.await();
        Thread waiter = start(mu::lock);
        Await.parked("chan receive", holder);
        Await.parked("sync.Mutex.Lock", waiter);
        assertEquals(List.of(), Deadlocks.lockCycles());
    }

    @Test
    @DisplayName("the watcher reports a lock cycle once while it lasts, and the program keeps running")
    void watcherReportsACycleOnce() throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream out = new PrintStream(bytes, true, UTF_8);
        Duration interval = Duration.ofMillis(20);
        try (Deadlocks.Watcher w = Deadlocks.start(Deadlocks.Options.defaults().withAction(Deadlocks.Action.REPORT)
                .withInterval(interval).withOutput(out).withLockCycles(true))) {
            crossLock(new Mutex(), new Mutex());
            assertTimeoutPreemptively(BOUND, () -> {
                while (!bytes.toString(UTF_8).contains("go4j: lock cycle")) {
                    Thread.sleep(1);   // a poll; the bound above decides
                }
            });
            Thread.sleep(10 * interval.toMillis());   // ten more looks: a second report would show here
            String text = bytes.toString(UTF_8);
            assertEquals(1, text.split("go4j: lock cycle", -1).length - 1, text);
            assertEquals(0, w.reports(), "no global deadlock: this JVM's other threads run");
        }
        List<GoroutineInfo> still = Go.goroutines();
        assertTrue(still.size() >= 2, "the cycle's goroutines are still there: nothing was stopped");
    }
}
