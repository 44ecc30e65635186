package io.go4j.sync;

import static io.go4j.TestSupport.awaitCollected;
import static io.go4j.TestSupport.awaitWhileCollecting;
import static io.go4j.TestSupport.goRun;
import static io.go4j.TestSupport.pick;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.TestSupport.Call;
import java.lang.ref.WeakReference;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Pool (Go's sync.Pool): get makes a new object when empty, hands out what was put, never to two
 * holders at once, keeps a bounded number of objects, and lets the GC have them after two cycles.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class PoolTest {

    /** A pooled object that knows whether someone holds it. */
    private static final class Item {
        final AtomicBoolean held = new AtomicBoolean();
    }

    @Test
    @DisplayName("get calls the new function when the pool is empty, and returns null without one")
    void getOnAnEmptyPool() {
        AtomicInteger made = new AtomicInteger();
        Pool<Integer> numbered = new Pool<>(made::incrementAndGet);
        assertEquals(1, numbered.get());
        assertEquals(2, numbered.get());
        assertNull(new Pool<String>().get());
    }

    @Test
    @DisplayName("an object put is handed out by a later get instead of a new one")
    void putObjectIsReused() {
        Pool<Object> pool = new Pool<>(Object::new);
        for (int attempt = 0; attempt < 100; attempt++) {
            long ended = Pool.gcCyclesEnded();
            Object x = new Object();
            pool.put(x);
            Object got = pool.get();
            if (Pool.gcCyclesBegun() - ended <= 1) {   // a second GC cycle in between may drop it, as in Go
                assertSame(x, got);
                return;
            }
        }
        fail("two GC cycles ran between every put and get of 100 tries");
    }

    @Test
    @DisplayName("an object survives one GC cycle in the pool (Go's victim cache)")
    void objectSurvivesOneGcCycle() {
        Pool<Object> pool = new Pool<>(Object::new);
        for (int attempt = 0; attempt < 100; attempt++) {
            long ended = Pool.gcCyclesEnded();
            Object x = new Object();
            pool.put(x);
            awaitWhileCollecting("a GC cycle rotates the pools", () -> Pool.gcCyclesEnded() > ended);
            Object got = pool.get();
            if (Pool.gcCyclesBegun() - ended == 1) {   // exactly one: a second one may drop it
                assertSame(x, got);
                return;
            }
        }
        fail("two GC cycles ran between every put and get of 100 tries");
    }

    @Test
    @DisplayName("put(null) is ignored")
    void putNullIsIgnored() {
        Pool<String> pool = new Pool<>();
        pool.put(null);
        assertNull(pool.get());
    }

    @Test
    @DisplayName("under contention an object is handed to one holder at a time, and the pool saves allocations")
    void oneHolderAtATime() {
        AtomicInteger made = new AtomicInteger();
        Pool<Item> pool = new Pool<>(() -> {
            made.incrementAndGet();
            return new Item();
        });
        int goroutines = 8;
        int rounds = pick(5_000, 50_000);
        AtomicInteger doubleHolds = new AtomicInteger();
        List<Call<Void>> calls = new ArrayList<>();
        for (int g = 0; g < goroutines; g++) {
            calls.add(goRun(() -> {
                for (int i = 0; i < rounds; i++) {
                    Item it = pool.get();
                    if (!it.held.compareAndSet(false, true)) {
                        doubleHolds.incrementAndGet();
                    }
                    Thread.onSpinWait();
                    it.held.set(false);
                    pool.put(it);
                }
            }));
        }
        for (Call<Void> c : calls) {
            c.await();
        }
        assertEquals(0, doubleHolds.get(), "an object was handed to two holders at once");
        assertTrue(made.get() < goroutines * rounds / 2,
                made.get() + " objects made for " + goroutines * rounds + " gets: the pool saves few");
    }

    @Test
    @DisplayName("the pool keeps a bounded number of objects and drops the rest")
    void retentionIsBounded() {
        Pool<Object> pool = new Pool<>();
        for (int i = 0; i < 20 * Pool.SLOTS; i++) {
            pool.put(new Object());
        }
        Map<Object, Boolean> kept = new IdentityHashMap<>();
        for (Object x = pool.get(); x != null; x = pool.get()) {
            assertNull(kept.put(x, true), "an object was handed out twice");
        }
        assertTrue(kept.size() >= 1 && kept.size() <= 2 * Pool.SLOTS,
                kept.size() + " objects kept; at most " + 2 * Pool.SLOTS + " expected");
    }

    @Test
    @DisplayName("the pool lets the GC have the objects it holds, two GC cycles after they were put")
    void gcClearsThePool() {
        Pool<Object> pool = new Pool<>();
        long ended = Pool.gcCyclesEnded();
        WeakReference<Object> ref = putAndForget(pool);
        awaitCollected("the pooled object", ref);
        assertTrue(Pool.gcCyclesEnded() - ended >= 1, "a cycle moved it to the victims before another dropped it");
        assertNull(pool.get());
    }

    private static WeakReference<Object> putAndForget(Pool<Object> pool) {
        Object x = new Object();
        pool.put(x);
        return new WeakReference<>(x);
    }
}
