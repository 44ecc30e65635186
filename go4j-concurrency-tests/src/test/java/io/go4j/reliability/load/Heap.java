package io.go4j.reliability.load;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.management.JMException;
import javax.management.ObjectName;
import java.lang.ref.Reference;
import java.lang.ref.ReferenceQueue;
import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.locks.LockSupport;

/**
 * Heap measures what the load tests claim about memory: the live heap (used heap after a full
 * collection, settled over a few collections), and whether every object of a population has
 * been collected (weak references on all of them, counted as the collector clears them).
 *
 * <p>"Memory returns to baseline" is checked two ways. The exact one: every channel, context,
 * timer and goroutine thread of the run is collected once the test drops its own references,
 * so nothing in go4j (a registry, a queue, a timer heap, a parent's child set) still holds any
 * of them. The coarse one: the settled live heap after the run is within
 * {@link #tolerance(int)} of the one before, which catches retention of things the test holds
 * no reference to (nodes, waiters, segments, arrays that grew and never shrank).
 *
 * <p>The JDK itself keeps some memory after a burst of virtual threads, whoever starts them:
 * the root thread container's set of live virtual threads (a ConcurrentHashMap, whose table
 * never shrinks: 8 MiB after a million) and the scheduler's queue arrays (4 MiB after a million
 * wake-ups). Measured with plain virtual threads and no go4j, it is the same amount. So each
 * test first calls {@link #warmUpVirtualThreads(int)}, which grows those to their high-water
 * mark without go4j, and takes its baseline after that: what remains above it is go4j's.
 */
final class Heap {

    /** Collections tried before accepting a reading as settled. */
    private static final int MAX_GCS = 10;

    /** Two readings this close are taken as settled: below the noise of a full GC. */
    private static final long SETTLED_BYTES = 512 * 1024;

    private static final MemoryMXBean MEMORY = ManagementFactory.getMemoryMXBean();

    private Heap() {}

    /**
     * Parks {@code n} plain virtual threads (no go4j) and wakes them, once from this platform
     * thread and once from a virtual thread, so that the JDK's growth-only structures (see the
     * class comment: the thread container's table, the scheduler's external and local queue
     * arrays) reach the size a run of {@code n} goroutines gives them before the baseline.
     */
    static void warmUpVirtualThreads(int n) {
        Thread[] parked = new Thread[n];
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < n; i++) {
                parked[i] = Thread.ofVirtual().start(LockSupport::park);
            }
            for (Thread t : parked) {
                while (t.getState() != Thread.State.WAITING && t.isAlive()) {
                    Thread.onSpinWait();
                }
            }
            Runnable wakeAll = () -> {
                for (Thread t : parked) {
                    LockSupport.unpark(t);
                }
            };
            try {
                if (round == 0) {
                    wakeAll.run();   // external submissions
                } else {
                    Thread.ofVirtual().start(wakeAll).join();   // pushes to a carrier's local queue
                }
                for (Thread t : parked) {
                    t.join();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted while warming up", e);
            }
        }
    }

    /** Used heap now, garbage included. */
    static long used() {
        return MEMORY.getHeapMemoryUsage().getUsed();
    }

    /**
     * The live heap: collects until two successive readings after a full collection agree
     * within {@link #SETTLED_BYTES} (at most {@link #MAX_GCS} collections), and returns the
     * lower one. System.gc() is a full, stop-the-world collection with the JDK's default G1
     * settings.
     */
    static long settled() {
        long previous = Long.MAX_VALUE;
        for (int i = 0; i < MAX_GCS; i++) {
            System.gc();
            long now = used();
            if (Math.abs(previous - now) < SETTLED_BYTES) {
                return Math.min(previous, now);
            }
            previous = now;
        }
        return previous;
    }

    /**
     * How far above the baseline the settled heap may be after a run of {@code n} items: 1 MiB
     * of noise (class mirrors and lambdas the run loads, JIT-related allocations) plus 2 bytes
     * per item. Measured, after the warm-up, the difference was between -7.5 MiB and 0 (the
     * baseline still holds garbage the later collections find). Retaining anything per item
     * costs at least 16 bytes (the smallest object with one field, compressed oops), and a
     * retained waiter, node or timer 32 to 100+, so even the smallest per-item leak exceeds
     * this at 100,000 items (1.6 MB against 1.2 MiB); smaller leaks are the weak references' job.
     */
    static long tolerance(int n) {
        return 1024L * 1024 + 2L * n;
    }

    /**
     * A class histogram of the live heap (it runs a full GC), from the JVM's own diagnostic
     * command, so that a failed heap check can say what grew.
     */
    static Map<String, Long> histogram() {
        try {
            String text = (String) ManagementFactory.getPlatformMBeanServer().invoke(
                    new ObjectName("com.sun.management:type=DiagnosticCommand"), "gcClassHistogram",
                    new Object[] {new String[0]}, new String[] {String[].class.getName()});
            Map<String, Long> bytes = new HashMap<>();
            for (String line : text.split("\n")) {
                String[] f = line.trim().split("\\s+");
                if (f.length >= 4 && f[0].endsWith(":")) {
                    bytes.merge(f[3], Long.parseLong(f[2]), Long::sum);
                }
            }
            return bytes;
        } catch (JMException | RuntimeException e) {
            return Map.of("(histogram unavailable: " + e + ")", 0L);
        }
    }

    /** The {@code top} classes whose live bytes grew most from {@code before} to now. */
    static String growth(Map<String, Long> before, int top) {
        Map<String, Long> after = histogram();
        List<Map.Entry<String, Long>> grown = new ArrayList<>();
        for (Map.Entry<String, Long> e : after.entrySet()) {
            grown.add(Map.entry(e.getKey(), e.getValue() - before.getOrDefault(e.getKey(), 0L)));
        }
        grown.sort((a, b) -> Long.compare(b.getValue(), a.getValue()));
        StringBuilder sb = new StringBuilder("grew most:");
        for (int i = 0; i < Math.min(top, grown.size()); i++) {
            sb.append(String.format(Locale.ROOT, "%n  %+,d bytes %s", grown.get(i).getValue(), grown.get(i).getKey()));
        }
        return sb.toString();
    }

    /**
     * Fails unless {@code after} is within {@link #tolerance(int)} of {@code before}, naming the
     * classes that grew most since {@code histogramBefore}.
     */
    static void assertBackToBaseline(long before, long after, int n, Map<String, Long> histogramBefore) {
        if (after - before > tolerance(n)) {
            throw new AssertionError("heap did not return to baseline: before " + mib(before) + ", after "
                    + mib(after) + ", tolerance " + mib(tolerance(n)) + "; " + growth(histogramBefore, 10));
        }
    }

    static String mib(long bytes) {
        return String.format(Locale.ROOT, "%.1fMiB", bytes / (1024.0 * 1024.0));
    }

    /**
     * Population watches a set of objects with weak references and counts how many of them
     * the collector has cleared.
     */
    static final class Population {
        private final ReferenceQueue<Object> queue = new ReferenceQueue<>();
        private final WeakReference<?>[] refs;
        private int size;
        private int cleared;

        Population(int capacity) {
            refs = new WeakReference<?>[capacity];
        }

        /** Watches {@code o}. */
        void watch(Object o) {
            refs[size++] = new WeakReference<>(o, queue);
        }

        int size() {
            return size;
        }

        /**
         * Collects until every watched object is cleared or {@code bound} elapses; returns how
         * many are still reachable (0: all collected).
         */
        int awaitCollected(Duration bound) {
            long deadline = System.nanoTime() + bound.toNanos();
            do {
                System.gc();
                for (Reference<?> r; (r = queue.poll()) != null; ) {
                    cleared++;
                }
                if (cleared == size) {
                    return 0;
                }
                LockSupport.parkNanos(5_000_000);   // let the reference handler enqueue what the GC cleared
            } while (System.nanoTime() - deadline < 0);
            return size - cleared;
        }

        /** Drops the references themselves, so they do not count in the heap measured after. */
        void forget() {
            java.util.Arrays.fill(refs, null);
            size = 0;
        }
    }
}
