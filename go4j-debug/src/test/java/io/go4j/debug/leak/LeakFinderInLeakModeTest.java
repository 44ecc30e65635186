package io.go4j.debug.leak;

import static io.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.Select;
import io.go4j.debug.Leaks;
import io.go4j.debug.internal.leak.LeakProfile;
import io.go4j.debug.testing.Await;
import io.go4j.sync.Mutex;
import io.go4j.sync.WaitGroup;
import io.go4j.time.Time;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Leaks are proven by the garbage collector, exactly: planted leaks among many goroutines that
 * are blocked too but reachable (from a static field, from a live goroutine) are found, each one,
 * and nothing else. Runs in go4j-debug's {@code leak-mode} surefire execution, whose JVM has
 * {@code -Dgo4j.leakDetection=true -Djdk.trackAllThreads=false}.
 *
 * <p>A test must not keep anything of a leaked goroutine: its thread, its channel. The leaks are
 * planted by helper methods that return only ids, so that no local variable of a test holds
 * them when the collector runs.
 */
@EnabledIfSystemProperty(named = "go4j.leakDetection", matches = "true",
        disabledReason = "needs -Dgo4j.leakDetection=true -Djdk.trackAllThreads=false (the leak-mode surefire execution)")
class LeakFinderInLeakModeTest {
    private static final Duration BOUND = Duration.ofSeconds(60);

    /** Reachable from a static field: never leaked. */
    private static Chan<Integer> held = Chan.make();
    private static final AtomicBoolean keeperStop = new AtomicBoolean();

    private static boolean released;

    @AfterEach
    void releaseBlockedGoroutines() {
        release();
        held = Chan.make();
        keeperStop.set(false);
        released = false;
    }

    /** Wakes every reachable goroutine: the keeper stops (closing its channel), the static channel closes. */
    private static void release() {
        if (!released) {
            released = true;
            keeperStop.set(true);
            held.close();
        }
    }

    /** Waits (bounded) until {@code n} goroutines are parked in go4j. */
    private static void awaitParked(int n) {
        assertTimeoutPreemptively(BOUND, () -> {
            while (Go.goroutines().stream().filter(g -> g.waitReason() != null).count() < n) {
                Thread.sleep(5);   // a poll; the bound decides
            }
        });
    }

    /** Waits (bounded) until each goroutine of {@code ids} is parked (untimed), in go4j or not. */
    private static void awaitParked(Set<Long> ids) {
        assertTimeoutPreemptively(BOUND, () -> {
            while (Go.goroutines().stream().filter(g -> ids.contains(g.id()) && g.state() == Thread.State.WAITING)
                    .count() < ids.size()) {
                Thread.sleep(5);   // a poll; the bound decides
            }
        });
    }

    /** Waits (bounded) until no goroutine is left. */
    private static void awaitNoGoroutines() {
        assertTimeoutPreemptively(BOUND, () -> {
            while (Go.numGoroutine() > 0) {
                Thread.sleep(5);   // a poll; the bound decides
            }
        });
    }

    /**
     * Starts {@code n} goroutines blocked on channels that stay reachable: half on the static
     * channel, half on a channel only a live goroutine (a keeper, sleeping in a loop) holds.
     * Returns how many goroutines it started (the keeper included).
     */
    private static int startReachable(int n) {
        Chan<Integer> keptByGoroutine = Chan.make();
        for (int i = 0; i < n / 2; i++) {
            go(() -> {
                held.recvOk();
            });
            go(() -> {
                keptByGoroutine.recvOk();
            });
        }
        go(() -> {
            Chan<Integer> mine = keptByGoroutine;   // the keeper's frame holds the channel while it lives
            while (!keeperStop.get()) {
                Time.sleep(Duration.ofMillis(10));
            }
            mine.close();
        });
        return 2 * (n / 2) + 1;
    }

    /** The leaks planted by {@link #plant}: each goroutine's id and the wait it must be found in. */
    private record Planted(Map<Long, String> waits, int count) {}

    /**
     * Starts {@code n} goroutines (a multiple of 10), each blocked for ever on a primitive of its
     * own that nothing else references, in several kinds of wait; the chan-receive ones run
     * with a profiler label. Returns their ids, nothing else.
     */
    private static Planted plant(int n) {
        Map<Long, String> waits = new TreeMap<>();
        for (int i = 0; i < n / 10; i++) {
            for (int k = 0; k < 10; k++) {
                Thread t;
                String wait;
                switch (k) {
                    case 0, 1, 2 -> {
                        Chan<Integer> c = Chan.make();
                        Thread[] started = new Thread[1];
                        Go.withLabels(Map.of("leak", "recv"), () -> started[0] = go(() -> {
                            c.recvOk();
                        }));
                        t = started[0];
                        wait = "chan receive";
                    }
                    case 3, 4 -> {
                        Chan<Integer> c = Chan.make();
                        t = go(() -> c.send(1));
                        wait = "chan send";
                    }
                    case 5 -> {
                        Chan<Integer> a = Chan.make();
                        Chan<Integer> b = Chan.make();
                        t = go(() -> {
                            Select.choose(Select.recv(a), Select.recv(b));
                        });
                        wait = "select";
                    }
                    case 6 -> {
                        Mutex mu = new Mutex();
                        t = go(() -> {
                            mu.lock();
                            mu.lock();
                        });
                        wait = "sync.Mutex.Lock";
                    }
                    case 7 -> {
                        WaitGroup wg = new WaitGroup();
                        wg.add(1);
                        t = go(() -> {
                            wg.await();
                        });
                        wait = "sync.WaitGroup.Wait";
                    }
                    case 8 -> {
                        t = go(() -> {
                            Chan.<Integer>nil().recvOk();
                        });
                        wait = "chan receive (nil chan)";
                    }
                    default -> {
                        SynchronousQueue<Integer> q = new SynchronousQueue<>();
                        t = go(() -> {
                            q.take();   // blocked outside go4j, on a JDK queue nobody can reach
                        });
                        wait = "waiting";
                    }
                }
                waits.put(t.threadId(), wait);
            }
        }
        return new Planted(waits, n);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @DisplayName("planted leaks among many blocked goroutines are found exactly, with their waits, stacks and labels")
    void plantedLeaksAreFoundExactly() {
        int normal = Await.shortMode() ? 10_000 : 100_000;
        assertTimeoutPreemptively(Duration.ofMinutes(5), () -> {
            Leaks.find();   // forget what earlier tests left
            int reachable = startReachable(normal);
            Planted planted = plant(100);
            awaitParked(reachable - 1);   // the keeper sleeps
            awaitParked(planted.waits().keySet());
            int before = Go.numGoroutine();

            List<Leaks.LeakedGoroutine> found = Leaks.find();

            assertEquals(planted.waits().keySet(), found.stream().map(Leaks.LeakedGoroutine::id).collect(Collectors.toSet()),
                    "exactly the planted goroutines");
            for (Leaks.LeakedGoroutine g : found) {
                assertEquals(planted.waits().get(g.id()), g.waitReason(), "goroutine " + g.id());
                assertFalse(g.stack().isEmpty(), "the stack taken before the proof: goroutine " + g.id());
                assertTrue(g.stack().stream().anyMatch(f -> f.getClassName().startsWith(LeakFinderInLeakModeTest.class.getName())),
                        "the stack reaches the planting lambda: " + g.stack());
                assertTrue(g.createdBy() != null && g.createdBy().getClassName().startsWith(LeakFinderInLeakModeTest.class.getName()),
                        "created by the test: " + g.createdBy());
                assertEquals(g.waitReason().equals("chan receive") ? Map.of("leak", "recv") : Map.of(), g.labels());
                assertEquals(g.waitReason().equals("waiting"), g.waitingSince() == null);
            }
            assertTrue(Leaks.leakedIds().containsAll(planted.waits().keySet()));
            assertEquals(before - planted.count(), Go.numGoroutine(), "the leaked goroutines are gone from the registry");
            assertEquals(List.of(), Leaks.find(), "a second check finds nothing new");

            release();
            awaitNoGoroutines();   // every reachable goroutine could still be woken, and was
        });
    }

    @Test
    @DisplayName("goroutines blocked on a channel held by a static field or by a live goroutine are not reported")
    void reachableGoroutinesAreNotReported() {
        assertTimeoutPreemptively(BOUND, () -> {
            Leaks.find();
            int reachable = startReachable(100);
            awaitParked(reachable - 1);
            assertEquals(List.of(), Leaks.find());
            release();
            awaitNoGoroutines();
        });
    }

    /** Starts a plain virtual thread (not a goroutine) that blocks in go4j on a channel nobody else has; returns its id. */
    private static long plantAdoptedLeak() throws InterruptedException {
        Chan<Integer> c = Chan.make();
        Thread t = Thread.ofVirtual().start(() -> c.recvOk());
        while (t.getState() != Thread.State.WAITING) {
            Thread.sleep(1);   // a poll; the caller's bound decides
        }
        return t.threadId();
    }

    @Test
    @DisplayName("a plain virtual thread parked in go4j on an unreachable channel is reported as leaked")
    void adoptedThreadLeakIsReported() {
        assertTimeoutPreemptively(BOUND, () -> {
            Leaks.find();
            long id = plantAdoptedLeak();
            List<Leaks.LeakedGoroutine> found = Leaks.find();
            assertEquals(List.of(id), found.stream().map(Leaks.LeakedGoroutine::id).toList());
            assertEquals("chan receive", found.get(0).waitReason());
            assertEquals(0, found.get(0).creatorId(), "not started by go()");
        });
    }

    /** Plants {@code n} identical leaks with labels {@code labels}, from one call site. */
    private static Set<Long> plantSame(int n, Map<String, String> labels) {
        Set<Long> ids = new HashSet<>();
        Go.withLabels(labels, () -> {
            for (int i = 0; i < n; i++) {
                Chan<Integer> c = Chan.make();
                ids.add(go(() -> {
                    c.recvOk();
                }).threadId());
            }
        });
        return ids;
    }

    @Test
    @DisplayName("the goroutineleak profile's data groups leaks by stack and labels, with counts")
    void profileGroupsLeaks() {
        assertTimeoutPreemptively(BOUND, () -> {
            Leaks.find();
            Set<Long> seven = plantSame(7, Map.of("job", "a"));
            Set<Long> three = plantSame(3, Map.of("job", "b"));
            awaitParked(seven);
            awaitParked(three);
            List<LeakProfile.Sample> before = LeakProfile.samples();
            List<LeakProfile.Sample> after = LeakProfile.collect();   // runs a check, as Go's profile does
            assertTrue(Leaks.leakedIds().containsAll(seven) && Leaks.leakedIds().containsAll(three));
            List<Long> counts = new ArrayList<>();
            for (LeakProfile.Sample s : after) {
                long previous = before.stream().filter(b -> b.stack().equals(s.stack()) && b.labels().equals(s.labels()))
                        .mapToLong(LeakProfile.Sample::count).sum();
                if (s.labels().containsKey("job")) {
                    counts.add(s.count() - previous);
                    assertFalse(s.stack().isEmpty());
                }
            }
            assertEquals(List.of(7L, 3L), counts, "one group per labels, most frequent first: " + after);
        });
    }
}
