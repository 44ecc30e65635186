package io.go4j.reliability.load;

import static io.go4j.reliability.TestSupport.allWaiting;
import static io.go4j.reliability.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.GoroutineInfo;
import io.go4j.Recv;
import io.go4j.reliability.Mode;
import io.go4j.reliability.soak.Probes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * GoroutineLoadTest parks a million goroutines on channels (100,000 in the short mode), half in
 * a receive and half in a send, checks through the registry that every one of them is parked in
 * go4j with Go's wait reason, then releases them all: the receivers by closing their channels
 * (close wakes every blocked receiver, as in Go), the senders by receiving every value (each
 * exactly once). Afterwards the goroutine count is back to what it was, every goroutine thread
 * and channel has been garbage collected, and the live heap is back to its baseline: no waiter,
 * node or registry entry outlives its goroutine.
 *
 * <p>It mirrors Go's claim that goroutines are cheap enough to have a million parked, and
 * that the runtime frees a goroutine and its sudogs once it exits.
 */
class GoroutineLoadTest {

    /** Goroutines parked on each channel. */
    private static final int PER_CHANNEL = 1_000;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    @DisplayName("a million goroutines parked on channels are released, and memory returns to baseline")
    void goroutinesParkedOnChannelsAreReleasedAndFreed() {
        int n = Mode.pick(100_000, 1_000_000);
        int chans = n / PER_CHANNEL;
        Duration bound = Duration.ofMinutes(Mode.pick(2, 5));
        // The test's own arrays exist before the baseline, so they count on both sides.
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        AtomicInteger closedSeen = new AtomicInteger();
        AtomicInteger sendsDone = new AtomicInteger();
        Heap.Population population = new Heap.Population(n + chans);
        List<Chan<Integer>> channels = new ArrayList<>(chans);
        Thread[] threads = new Thread[n];
        BitSet received = new BitSet(n);
        Heap.warmUpVirtualThreads(n);
        int baseGoroutines = Go.numGoroutine();
        Map<String, Long> baseStatuses = statuses();
        Map<String, Long> histogramBefore = Heap.histogram();
        long before = Heap.settled();

        // Even channels: receivers (released by close). Odd channels: senders (released by receiving).
        long t0 = System.nanoTime();
        for (int c = 0; c < chans; c++) {
            Chan<Integer> ch = Chan.make();
            channels.add(ch);
            population.watch(ch);
            boolean receivers = c % 2 == 0;
            for (int k = 0; k < PER_CHANNEL; k++) {
                int id = c * PER_CHANNEL + k;
                threads[id] = Go.go(receivers ? () -> receive(ch, closedSeen, failures) : () -> send(ch, id, sendsDone, failures));
                population.watch(threads[id]);
            }
        }
        assertTrue(await(bound, () -> allWaiting(threads)), "not every goroutine parked within " + bound);
        long parkedNanos = System.nanoTime() - t0;

        // The registry sees them all, parked with Go's wait reasons (beyond what was parked before).
        Map<String, Long> statuses = statuses();
        assertEquals(n / 2, statuses.getOrDefault("chan receive", 0L) - baseStatuses.getOrDefault("chan receive", 0L),
                () -> "statuses: " + statuses + ", before: " + baseStatuses);
        assertEquals(n / 2, statuses.getOrDefault("chan send", 0L) - baseStatuses.getOrDefault("chan send", 0L),
                () -> "statuses: " + statuses + ", before: " + baseStatuses);
        long peak = Heap.settled();

        long t1 = System.nanoTime();
        for (int c = 0; c < chans; c++) {
            if (c % 2 == 0) {
                channels.get(c).close();
            } else {
                for (int k = 0; k < PER_CHANNEL; k++) {
                    int id = channels.get(c).recv();
                    assertTrue(id / PER_CHANNEL == c && !received.get(id), "value " + id + " out of place or received twice");
                    received.set(id);
                }
            }
        }
        assertTrue(await(bound, () -> Go.numGoroutine() <= baseGoroutines),
                () -> "goroutines left: " + (Go.numGoroutine() - baseGoroutines) + "\n" + Probes.dump(50));
        long releasedNanos = System.nanoTime() - t1;

        assertTrue(failures.isEmpty(), () -> "goroutines threw: " + failures);
        assertEquals(n / 2, closedSeen.get(), "receivers woken by close");
        assertEquals(n / 2, sendsDone.get(), "senders whose value was received");
        assertEquals(n / 2, received.cardinality(), "values received exactly once");

        Collections.fill(channels, null);
        java.util.Arrays.fill(threads, null);
        int alive = population.awaitCollected(bound);
        assertEquals(0, alive, "goroutine threads and channels still reachable after the run");
        population.forget();
        long after = Heap.settled();

        System.out.printf(Locale.ROOT, "LOAD SUMMARY goroutines: n=%d (%d receiving, %d sending, %d channels) parked in %.2fs"
                        + " released in %.2fs; heap before=%s peak=%s (%d bytes/goroutine) after=%s%n",
                n, n / 2, n / 2, chans, parkedNanos / 1e9, releasedNanos / 1e9, Heap.mib(before), Heap.mib(peak),
                (peak - before) / n, Heap.mib(after));
        Heap.assertBackToBaseline(before, after, n, histogramBefore);
    }

    private static void receive(Chan<Integer> ch, AtomicInteger closedSeen, ConcurrentLinkedQueue<Throwable> failures) {
        try {
            Recv<Integer> r = ch.recvOk();
            if (r.ok()) {
                failures.add(new AssertionError("a receiver got " + r.value() + " from a channel nobody sends on"));
            } else {
                closedSeen.incrementAndGet();
            }
        } catch (Throwable t) {
            failures.add(t);
        }
    }

    private static void send(Chan<Integer> ch, int id, AtomicInteger sendsDone, ConcurrentLinkedQueue<Throwable> failures) {
        try {
            ch.send(id);
            sendsDone.incrementAndGet();
        } catch (Throwable t) {
            failures.add(t);
        }
    }

    /** How many live goroutines show each status in a goroutine dump. */
    private static Map<String, Long> statuses() {
        return Go.goroutines().stream().collect(Collectors.groupingBy(GoroutineInfo::status, Collectors.counting()));
    }
}
