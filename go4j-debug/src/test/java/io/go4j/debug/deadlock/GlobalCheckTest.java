package io.go4j.debug.deadlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.debug.internal.Snapshot;
import io.go4j.debug.internal.deadlock.GlobalCheck;
import io.go4j.debug.testing.ChildJvm;
import io.go4j.internal.runtime.WaitReason;
import io.go4j.sync.Pool;
import io.go4j.time.Time;
import io.go4j.time.Timer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * GlobalCheck's rules one by one, on snapshots made up by the test: what counts as asleep, and
 * which threads outside go4j may and may not be ignored.
 */
class GlobalCheckTest {
    private static final Thread SELF = Thread.currentThread();

    private static Snapshot.Entry goroutine(long id, WaitReason reason, Thread.State state) {
        return new Snapshot.Entry(id, "", Snapshot.Kind.GOROUTINE, SELF, state, reason, null,
                reason == null ? 0 : 1000 + id, 1, null, Map.of(), new StackTraceElement[0], false);
    }

    private static Snapshot.Entry other(Thread t) {
        return new Snapshot.Entry(t.threadId(), t.getName(), Snapshot.Kind.OTHER, t, t.getState(), null, null, 0, 0,
                null, Map.of(), new StackTraceElement[0], false);
    }

    private static GlobalCheck.Verdict judge(Snapshot.Entry... entries) {
        return GlobalCheck.judge(new Snapshot(0, Arrays.asList(entries)), SELF, 0, 0);
    }

    private static Snapshot.Entry asleep(long id) {
        return goroutine(id, WaitReason.CHAN_RECEIVE, Thread.State.WAITING);
    }

    @Test
    @DisplayName("goroutines parked in go4j without a deadline are asleep, and their waits are the fingerprint")
    void untimedWaitsAreAsleep() {
        GlobalCheck.Verdict v = judge(asleep(1), goroutine(2, WaitReason.SYNC_MUTEX_LOCK, Thread.State.WAITING));
        assertTrue(v.asleep(), v.awake());
        assertEquals(List.of(new GlobalCheck.Wait(1, WaitReason.CHAN_RECEIVE, 1001),
                new GlobalCheck.Wait(2, WaitReason.SYNC_MUTEX_LOCK, 1002)), v.waits());
    }

    @Test
    @DisplayName("a running goroutine, one just woken, a sleeping one and one in a timed park are awake")
    void anyGoroutineNotParkedForEverIsAwake() {
        assertEquals("goroutine 2 is running", judge(asleep(1), goroutine(2, null, Thread.State.RUNNABLE)).awake());
        assertEquals("goroutine 2 [chan send] is RUNNABLE",
                judge(asleep(1), goroutine(2, WaitReason.CHAN_SEND, Thread.State.RUNNABLE)).awake());
        assertEquals("goroutine 2 sleeps",
                judge(asleep(1), goroutine(2, WaitReason.SLEEP, Thread.State.TIMED_WAITING)).awake());
        assertEquals("goroutine 2 [select] is TIMED_WAITING",
                judge(asleep(1), goroutine(2, WaitReason.SELECT, Thread.State.TIMED_WAITING)).awake());
        assertEquals("goroutine 2 is blocked outside go4j (WAITING)",
                judge(asleep(1), goroutine(2, null, Thread.State.WAITING)).awake());
    }

    @Test
    @DisplayName("a timer that can fire or a SignalContext waiting for shutdown keeps everything from being asleep")
    void timersAndSignalContextsCanWakeGoroutines() {
        Snapshot s = new Snapshot(0, List.of(asleep(1)));
        assertEquals("2 timer(s) can still fire", GlobalCheck.judge(s, SELF, 2, 0).awake());
        assertEquals("1 SignalContext(s) wait for the JVM's shutdown", GlobalCheck.judge(s, SELF, 0, 1).awake());
    }

    @Test
    @DisplayName("with no goroutine waiting in go4j nothing is asleep")
    void noGoroutinesIsNotADeadlock() {
        assertEquals("no goroutine is waiting in go4j", judge().awake());
    }

    @Test
    @DisplayName("a platform thread of the program, daemon or not, is awake whatever it does")
    void programThreadsAreAwake() throws InterruptedException {
        CountDownLatch never = new CountDownLatch(1);
        Thread daemon = Thread.ofPlatform().daemon().name("worker").start(() -> await(never));
        Thread spoof = Thread.ofPlatform().name("go4j-timer").start(() -> await(never));   // not a daemon
        Thread fromGoroutine = startPlatformThreadFromGoroutine(never);
        try {
            awaitWaiting(daemon);
            awaitWaiting(spoof);
            awaitWaiting(fromGoroutine);
            assertEquals("thread " + daemon.threadId() + " \"worker\" (daemon, WAITING) is not waiting in go4j",
                    judge(asleep(1), other(daemon)).awake());
            assertFalse(judge(asleep(1), other(spoof)).asleep(), "only go4j's daemon timer thread is go4j's");
            assertFalse(judge(asleep(1), other(fromGoroutine)).asleep(), "a thread in the group VirtualThreads is the user's");
        } finally {
            never.countDown();
            daemon.join();
            spoof.join();
            fromGoroutine.join();
        }
    }

    @Test
    @DisplayName("the JVM's threads, go4j's timer and pool threads and the judging thread itself are ignored")
    void infrastructureThreadsAreIgnored() {
        try (Timer t = Time.newTimer(Duration.ofHours(1))) {
            new Pool<>(Object::new).get();
            List<Snapshot.Entry> entries = new ArrayList<>(List.of(asleep(1), other(SELF)));
            List<String> names = new ArrayList<>();
            for (Thread th : Thread.getAllStackTraces().keySet()) {
                String cls = th.getClass().getName();
                ThreadGroup g = th.getThreadGroup();
                boolean jdk = g != null && (g.getParent() == null || g.getName().equals("InnocuousThreadGroup")
                        || g.getName().equals("CarrierThreads"));
                if (jdk || th.getName().startsWith("go4j") || cls.startsWith("jdk.internal.misc.")) {
                    entries.add(other(th));
                    names.add(th.getName());
                }
            }
            assertTrue(names.contains("Reference Handler") && names.contains("go4j-timer")
                    && names.contains("go4j sync.Pool cleanup"), "the threads looked at: " + names);
            GlobalCheck.Verdict v = GlobalCheck.judge(new Snapshot(0, entries), SELF, 0, 0);
            assertTrue(v.asleep(), v.awake() + " among " + names);
        }
    }

    private static Thread startPlatformThreadFromGoroutine(CountDownLatch never) throws InterruptedException {
        Thread[] started = new Thread[1];
        Thread.ofVirtual().start(() -> started[0] = Thread.ofPlatform().daemon().start(() -> await(never))).join();
        return started[0];
    }

    private static void await(CountDownLatch l) {
        try {
            l.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void awaitWaiting(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + ChildJvm.BOUND.toNanos();
        while (t.getState() != Thread.State.WAITING) {
            assertTrue(System.nanoTime() - deadline < 0, t + " never waited");
            Thread.sleep(1);   // a poll; the deadline decides
        }
    }
}
