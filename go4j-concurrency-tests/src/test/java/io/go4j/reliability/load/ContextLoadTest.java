package io.go4j.reliability.load;

import static io.go4j.reliability.TestSupport.allWaiting;
import static io.go4j.reliability.TestSupport.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Go;
import io.go4j.context.CancelContext;
import io.go4j.context.Canceled;
import io.go4j.context.Context;
import io.go4j.context.StopFunc;
import io.go4j.reliability.soak.Probes;

import java.lang.ref.Reference;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * ContextLoadTest cancels 100,000 contexts at once, two ways: 100,000 siblings under one
 * parent, each watched by a goroutine blocked on its {@code done()} or by a
 * {@code context.AfterFunc}; and a tree (fan-out 10, depth 5, 111,110 contexts) cancelled at its
 * root, its 100,000 leaves watched by AfterFuncs. Every watcher must wake exactly once, every
 * context must report {@link Canceled}, and afterwards nothing may be retained: the parent's
 * child set is empty, deadline timers are released, every context is garbage collected while
 * the parent is still alive, and the live heap returns to its baseline.
 *
 * <p>It mirrors Go's context package contract: cancelling a parent cancels every descendant,
 * a cancelled child leaves its parent's children, {@code AfterFunc} runs once unless stopped,
 * and {@code cancel} releases the resources (timers) a context holds.
 */
class ContextLoadTest {

    /** The size the issue asks for; cheap enough for the short mode too. */
    private static final int N = 100_000;

    private static final Duration BOUND = Duration.ofMinutes(2);

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @DisplayName("100,000 sibling contexts cancelled at once by their parent: every watcher wakes once, nothing is retained")
    void siblingContextsCancelledAtOnceWakeEveryWatcherAndAreFreed() {
        // The test's own arrays exist before the baseline, so they count on both sides.
        CancelContext[] children = new CancelContext[N];
        StopFunc[] stops = new StopFunc[N];
        Thread[] watchers = new Thread[N];
        Heap.Population population = new Heap.Population(N);
        Heap.warmUpVirtualThreads(N);
        int baseGoroutines = Go.numGoroutine();
        int basePending = Probes.pendingTimers();
        Map<String, Long> histogramBefore = Heap.histogram();
        long before = Heap.settled();

        CancelContext parent = Context.withCancel(Context.background());
        AtomicInteger woke = new AtomicInteger();
        AtomicInteger ran = new AtomicInteger();
        ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
        int withDeadline = 0;

        // Even children: a goroutine blocked on done(). Odd: an AfterFunc. Every 4th has a deadline timer.
        for (int i = 0; i < N; i++) {
            boolean deadline = i % 4 == 3;
            CancelContext child = deadline ? Context.withTimeout(parent, Duration.ofHours(1)) : Context.withCancel(parent);
            withDeadline += deadline ? 1 : 0;
            children[i] = child;
            population.watch(child);
            if (i % 2 == 0) {
                watchers[i] = Go.go(() -> {
                    child.done().recv();
                    if (!(child.err() instanceof Canceled)) {
                        failures.add("woke with err() " + child.err());
                    }
                    woke.incrementAndGet();
                });
            } else {
                stops[i] = Context.afterFunc(child, ran::incrementAndGet);
            }
        }
        assertTrue(await(BOUND, () -> allWaiting(watchers)), "watchers did not all park on done()");
        assertEquals(withDeadline, Probes.pendingTimers() - basePending, "one deadline timer per withTimeout child");

        // Before the mass cancel: cancel every 10th child alone, and stop every 10th AfterFunc.
        int cancelledAlone = 0;
        int stopped = 0;
        for (int i = 0; i < N; i += 10) {
            children[i].cancel();
            cancelledAlone++;
            assertTrue(stops[i + 5].stop(), "stop of an AfterFunc whose context is live");
            stopped++;
        }
        assertEquals(N - cancelledAlone, childCount(parent), "a cancelled child leaves its parent's child set");
        assertTrue(await(BOUND, () -> woke.get() == N / 10), "watchers of the children cancelled alone");
        long peak = Heap.settled();

        long t0 = System.nanoTime();
        parent.cancel();
        int expectedRan = N / 2 - stopped;
        assertTrue(await(BOUND, () -> woke.get() == N / 2 && ran.get() == expectedRan),
                () -> "after cancel: woke " + woke + " of " + N / 2 + ", AfterFuncs ran " + ran + " of " + expectedRan);
        long cancelNanos = System.nanoTime() - t0;

        for (CancelContext c : children) {
            assertSame(Canceled.INSTANCE, c.err());
        }
        assertTrue(failures.isEmpty(), () -> failures.size() + " failures, e.g. " + failures.peek());
        assertEquals(0, childCount(parent), "the cancelled parent holds no children");
        assertTrue(await(BOUND, () -> Go.numGoroutine() <= baseGoroutines), "watcher and AfterFunc goroutines ended");
        assertTrue(await(BOUND, () -> Probes.pendingTimers() <= basePending), "deadline timers released by cancel");
        // Ran exactly expectedRan, never more, even after everything settled.
        assertEquals(expectedRan, ran.get());

        Arrays.fill(children, null);
        Arrays.fill(stops, null);
        Arrays.fill(watchers, null);
        assertEquals(0, population.awaitCollected(BOUND), "contexts still reachable while their parent is alive");
        Reference.reachabilityFence(parent);
        population.forget();
        long after = Heap.settled();

        System.out.printf(Locale.ROOT, "LOAD SUMMARY contexts (siblings): n=%d (%d watched by goroutines, %d by AfterFunc, %d with deadlines)"
                        + " cancelled at once in %.3fs; heap before=%s peak=%s after=%s%n",
                N, N / 2, N / 2, withDeadline, cancelNanos / 1e9, Heap.mib(before), Heap.mib(peak), Heap.mib(after));
        Heap.assertBackToBaseline(before, after, N, histogramBefore);
    }

    @Test
    @Timeout(value = 5, unit = TimeUnit.MINUTES)
    @DisplayName("a tree of 111,110 contexts cancelled at its root: all 100,000 leaves see it, nothing is retained")
    void contextTreeCancelledAtItsRootReachesEveryLeafAndIsFreed() {
        int fanOut = 10;
        int depth = 5;
        Heap.Population population = new Heap.Population(200_000);   // before the baseline: counts on both sides
        Heap.warmUpVirtualThreads(N);
        int baseGoroutines = Go.numGoroutine();
        Map<String, Long> histogramBefore = Heap.histogram();
        long before = Heap.settled();

        CancelContext root = Context.withCancel(Context.background());
        AtomicInteger ran = new AtomicInteger();
        CancelContext[] level = {root};
        CancelContext[] all = new CancelContext[0];
        for (int d = 1; d <= depth; d++) {
            CancelContext[] next = new CancelContext[level.length * fanOut];
            for (int i = 0; i < next.length; i++) {
                next[i] = Context.withCancel(level[i / fanOut]);
                population.watch(next[i]);
            }
            all = concat(all, next);
            level = next;
        }
        int leaves = level.length;
        for (CancelContext leaf : level) {
            Context.afterFunc(leaf, ran::incrementAndGet);
        }
        assertEquals(fanOut, childCount(root));
        long peak = Heap.settled();

        long t0 = System.nanoTime();
        root.cancel();
        assertTrue(await(BOUND, () -> ran.get() == leaves), () -> "AfterFuncs ran " + ran + " of " + leaves);
        long cancelNanos = System.nanoTime() - t0;
        for (CancelContext c : all) {
            assertSame(Canceled.INSTANCE, c.err());
        }
        assertTrue(await(BOUND, () -> Go.numGoroutine() <= baseGoroutines), "AfterFunc goroutines ended");
        assertEquals(leaves, ran.get(), "each AfterFunc ran exactly once");

        int contexts = all.length;
        all = null;
        level = null;
        assertEquals(0, population.awaitCollected(BOUND), "contexts still reachable while the root is alive");
        Reference.reachabilityFence(root);
        population.forget();
        long after = Heap.settled();

        System.out.printf(Locale.ROOT, "LOAD SUMMARY contexts (tree): n=%d (fan-out %d, depth %d, %d leaves with AfterFunc)"
                        + " cancelled at the root in %.3fs; heap before=%s peak=%s after=%s%n",
                contexts, fanOut, depth, leaves, cancelNanos / 1e9, Heap.mib(before), Heap.mib(peak), Heap.mib(after));
        Heap.assertBackToBaseline(before, after, contexts, histogramBefore);
    }

    private static CancelContext[] concat(CancelContext[] a, CancelContext[] b) {
        CancelContext[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    /**
     * The number of children in a context's child set. go4j exposes it only to its own tests
     * (package-private {@code CancelCtx.childCount()}), so it is read reflectively.
     */
    private static int childCount(Context ctx) {
        for (Class<?> c = ctx.getClass(); c != null; c = c.getSuperclass()) {
            try {
                Method m = c.getDeclaredMethod("childCount");
                m.setAccessible(true);
                return (int) m.invoke(ctx);
            } catch (NoSuchMethodException e) {
                // look in the superclass
            } catch (ReflectiveOperationException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("no childCount() on " + ctx.getClass());
    }
}
