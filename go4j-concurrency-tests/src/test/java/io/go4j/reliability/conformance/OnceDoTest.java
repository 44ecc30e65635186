package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static io.go4j.reliability.TestSupport.collect;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.Chan;
import io.go4j.reliability.Mode;
import io.go4j.sync.Once;
import java.lang.ref.WeakReference;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Once runs its function exactly once however many goroutines call it at the same time, every
 * caller returns only after the function has, and sees what it did; a function that panics
 * still counts as run; and the once-wrapped functions (OnceFunc, OnceValue, OnceValues) call
 * their function once, repeat its panic on every call, and let it be garbage collected once
 * called.
 *
 * <p>Mirrors Go's {@code sync/once_test.go}: {@code TestOnce} (10 goroutines call {@code
 * once.Do(increment)} and each checks, right after Do returns, that the counter is 1) and
 * {@code TestOncePanic} (Do's panicking function propagates the panic, and a second Do does not
 * call its function); and {@code sync/oncefunc_test.go}: {@code TestOnceFunc}/{@code Value}/
 * {@code Values} (one call whatever the number of calls), {@code TestOnceFuncPanic}... (every call
 * panics with the first panic's value) and {@code TestOnceXGC} ("the function passed to
 * Once(Func|Value|Values) is not kept alive after the first call"). TestOnce runs here for many
 * rounds, each with a fresh Once and a plain (non-volatile) counter, and a function that yields
 * the processor before incrementing, so that a caller not made to wait for it would see 0.
 */
@GoLeakCheck
class OnceDoTest {

    @Test
    @DisplayName("ten goroutines racing to run a Once: the function runs once and each caller sees its effect")
    void onceRunsOnceAndCallersSeeItsEffect() {
        int rounds = Mode.pick(2_000, 50_000);
        int callers = 10;
        try (Goroutines g = new Goroutines("once")) {
            for (int r = 0; r < rounds; r++) {
                Once once = new Once();
                int[] counter = {0}; // plain: Once's happens-before is all that publishes it
                Chan<Integer> seen = Chan.make(callers);
                for (int i = 0; i < callers; i++) {
                    g.go("caller", () -> {
                        once.run(() -> {
                            Thread.yield(); // take a moment: a caller not made to wait would return now
                            counter[0]++;
                        });
                        seen.send(counter[0]);
                    });
                }
                for (int i = 0; i < callers; i++) {
                    assertEquals(1, seen.recv(), "round " + r + ": once failed inside run");
                }
                assertEquals(1, counter[0], "round " + r + ": once failed outside run");
            }
            g.awaitAll();
        }
    }

    @Test
    @DisplayName("a function that panics counts as run: the panic propagates and the next run does nothing")
    void panickingFunctionCountsAsRun() {
        Once once = new Once();
        IllegalStateException failed = new IllegalStateException("failed");
        assertSame(failed, assertThrows(IllegalStateException.class, () -> once.run(() -> {
            throw failed;
        })));
        once.run(() -> fail("Once.Do called twice"));
    }

    /** Go's three once-wrappers, each wrapping {@code f} and returning something that calls the wrapper. */
    enum Wrapper {
        ONCE_FUNC(f -> {
            Runnable w = Once.onceFunc(f);
            return w;
        }),
        ONCE_VALUE(f -> {
            Supplier<Object> w = Once.onceValue(() -> {
                f.run();
                return "value";
            });
            return w::get;
        }),
        ONCE_VALUES(f -> {
            Supplier<Once.Values<Object, Object>> w = Once.onceValues(() -> {
                f.run();
                return new Once.Values<>("first", "second");
            });
            return w::get;
        });

        final Function<Runnable, Runnable> wrap;

        Wrapper(Function<Runnable, Runnable> wrap) {
            this.wrap = wrap;
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Wrapper.class)
    @DisplayName("a once-wrapped function called from many goroutines runs once")
    void wrappedFunctionRunsOnce(Wrapper wrapper) {
        int[] calls = {0};
        Runnable f = wrapper.wrap.apply(() -> calls[0]++);
        try (Goroutines g = new Goroutines("once wrapper")) {
            for (int i = 0; i < 20; i++) {
                g.go("caller", () -> {
                    for (int k = 0; k < 100; k++) {
                        f.run();
                    }
                });
            }
            g.awaitAll();
        }
        f.run();
        assertEquals(1, calls[0], "calls of the wrapped function");
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Wrapper.class)
    @DisplayName("a once-wrapped function that panicked panics again, with the same value, on every call")
    void wrappedPanicRepeats(Wrapper wrapper) {
        int[] calls = {0};
        IllegalStateException boom = new IllegalStateException("x");
        Runnable f = wrapper.wrap.apply(() -> {
            calls[0]++;
            throw boom;
        });
        for (int i = 0; i < 3; i++) {
            assertSame(boom, assertThrows(IllegalStateException.class, f::run), "call " + i);
        }
        assertEquals(1, calls[0], "calls of the wrapped function");
    }

    /** Something the wrapped function uses; collectable once the wrapper no longer holds the function. */
    private static final class Captured {
        final byte[] buf = new byte[1024];
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(Wrapper.class)
    @DisplayName("the function passed to a once-wrapper is not kept alive after the first call")
    void wrappedFunctionIsReleasedAfterTheCall(Wrapper wrapper) {
        for (boolean panics : List.of(false, true)) {
            Captured captured = new Captured();
            WeakReference<Captured> ref = new WeakReference<>(captured);
            Runnable f = wrapper.wrap.apply(capturing(captured, panics));
            captured = null;
            collect(3, List.of(ref));
            assertTrue(ref.refersTo(null) == false, "wrapped function garbage collected too early");
            runIgnoringPanic(f);
            collect(20, List.of(ref));
            assertTrue(ref.refersTo(null), wrapper + (panics ? " (panicking)" : "")
                    + ": the wrapped function should be garbage collected after the first call, but is still live");
            runIgnoringPanic(f); // the wrapper itself still works
        }
    }

    /** A function that writes to {@code c}, throwing afterwards if asked; it captures only c. */
    private static Runnable capturing(Captured c, boolean panics) {
        return () -> {
            c.buf[0] = 1;
            if (panics) {
                throw new IllegalStateException("test panic");
            }
        };
    }

    private static void runIgnoringPanic(Runnable f) {
        try {
            f.run();
        } catch (IllegalStateException expected) {
            // the panicking variant
        }
    }
}
