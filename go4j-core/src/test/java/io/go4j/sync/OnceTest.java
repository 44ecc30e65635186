package io.go4j.sync;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static io.go4j.TestSupport.*;
import static org.junit.jupiter.api.Assertions.*;

@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class OnceTest {

    @Test
    @DisplayName("Once: the function runs exactly once under concurrent callers, and all see its effect")
    void runsOnceUnderConcurrency() {
        for (int round = 0; round < pick(10, 100); round++) {
            Once once = new Once();
            AtomicInteger runs = new AtomicInteger();
            int[] value = new int[1];
            AtomicInteger sawIt = new AtomicInteger();
            WaitGroup wg = new WaitGroup();
            for (int i = 0; i < 20; i++) {
                wg.go(() -> {
                    once.run(() -> {
                        runs.incrementAndGet();
                        value[0] = 42;
                    });
                    if (value[0] == 42) {
                        sawIt.incrementAndGet();
                    }
                });
            }
            wg.await();
            assertEquals(1, runs.get());
            assertEquals(20, sawIt.get());
        }
    }

    @Test
    @DisplayName("Once: concurrent callers block until the first call has returned")
    void callersBlockUntilFirstReturns() throws InterruptedException {
        Once once = new Once();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Call<Void> first = goRun(() -> once.run(() -> {
            started.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }));
        assertTrue(started.await(LONG.toMillis(), TimeUnit.MILLISECONDS));
        Call<Void> second = goRun(() -> once.run(() -> fail("ran twice")));
        awaitWaitReason(second.thread, "sync.Mutex.Lock");
        assertFalse(second.isDone());
        finish.countDown();
        first.await();
        second.await();
    }

    @Test
    @DisplayName("Once: a panicking (throwing) function counts as run and the exception reaches its caller")
    void throwingFunctionCountsAsRun() {
        Once once = new Once();
        RuntimeException boom = new RuntimeException("boom");
        assertSame(boom, assertThrows(RuntimeException.class, () -> once.run(() -> {
            throw boom;
        })));
        AtomicInteger runs = new AtomicInteger();
        once.run(runs::incrementAndGet);
        assertEquals(0, runs.get());
    }

    @Test
    @DisplayName("Once: interrupt ends a caller blocked behind the first call")
    void interruptBlockedCaller() throws InterruptedException {
        Once once = new Once();
        CountDownLatch started = new CountDownLatch(1);
        CountDownLatch finish = new CountDownLatch(1);
        Call<Void> first = goRun(() -> once.run(() -> {
            started.countDown();
            try {
                finish.await();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }));
        assertTrue(started.await(LONG.toMillis(), TimeUnit.MILLISECONDS));
        Call<Void> second = goRun(() -> once.run(() -> { }));
        awaitWaitReason(second.thread, "sync.Mutex.Lock");
        second.thread.interrupt();
        assertInterrupted(second, "sync.Once.Do");
        finish.countDown();
        first.await();
    }

    @Test
    @DisplayName("Once.onceFunc: runs f once; later calls rethrow the first call's exception")
    void onceFunc() {
        AtomicInteger runs = new AtomicInteger();
        Runnable f = Once.onceFunc(runs::incrementAndGet);
        f.run();
        f.run();
        assertEquals(1, runs.get());

        IllegalStateException boom = new IllegalStateException("boom");
        Runnable g = Once.onceFunc(() -> {
            runs.incrementAndGet();
            throw boom;
        });
        assertSame(boom, assertThrows(IllegalStateException.class, g::run));
        assertSame(boom, assertThrows(IllegalStateException.class, g::run));
        assertEquals(2, runs.get());
    }

    @Test
    @DisplayName("Once.onceValue: computes once under concurrency and returns the value to every caller")
    void onceValue() {
        AtomicInteger runs = new AtomicInteger();
        Supplier<String> s = Once.onceValue(() -> "v" + runs.incrementAndGet());
        List<Call<Void>> calls = new ArrayList<>();
        List<String> seen = java.util.Collections.synchronizedList(new ArrayList<>());
        for (int i = 0; i < 10; i++) {
            calls.add(goRun(() -> seen.add(s.get())));
        }
        for (Call<Void> c : calls) {
            c.await();
        }
        assertEquals(1, runs.get());
        assertEquals(java.util.Collections.nCopies(10, "v1"), seen);
    }

    @Test
    @DisplayName("Once.onceValues: returns the same pair on every call; a throwing f rethrows on every call")
    void onceValues() {
        AtomicInteger runs = new AtomicInteger();
        Supplier<Once.Values<String, Integer>> s =
                Once.onceValues(() -> new Once.Values<>("port", 8080 + runs.getAndIncrement()));
        assertEquals(new Once.Values<>("port", 8080), s.get());
        assertEquals(new Once.Values<>("port", 8080), s.get());
        assertEquals(1, runs.get());

        Supplier<Once.Values<String, Integer>> bad = Once.onceValues(() -> {
            throw new ArithmeticException("bad");
        });
        ArithmeticException e = assertThrows(ArithmeticException.class, bad::get);
        assertSame(e, assertThrows(ArithmeticException.class, bad::get));
    }
}
