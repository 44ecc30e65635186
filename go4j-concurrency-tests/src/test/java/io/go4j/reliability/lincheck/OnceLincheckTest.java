package io.go4j.reliability.lincheck;

import io.go4j.sync.Once;
import org.jetbrains.lincheck.datastructures.IntGen;
import org.jetbrains.lincheck.datastructures.Operation;
import org.jetbrains.lincheck.datastructures.Param;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * OnceLincheckTest proves that go4j's Once is Go's {@code sync.Once} under model checking and
 * stress: of all concurrent calls exactly one runs its function, and no call returns before that
 * function has returned (every caller sees its effects), even when the function panics, after
 * which Once counts as done. {@code Once.onceValue} computes its value once and every caller
 * gets it.
 *
 * <p>Every call completes (a caller blocks only while the winner's function runs), so Lincheck's
 * own random scenarios and linearizability verifier apply, against {@link SequentialOnce}.
 * Mirrors Go's sync.Once documentation ("no call to Do returns until the one call to f returns";
 * "if f panics, Do considers it to have returned; future calls of Do return without calling f")
 * and sync.OnceValue.
 */
@Timeout(value = 35, unit = TimeUnit.MINUTES)   // for -Psoak; each check is bounded by LincheckRun.TIME_LIMIT
class OnceLincheckTest {

    @Tag("model-checking")
    @Test
    void exactlyOneFunctionRunsAndEveryCallerSeesItUnderModelChecking() {
        LincheckRun.check("once (random)",
                LincheckRun.modelChecking().iterations(LincheckRun.RANDOM_ITERATIONS)
                        .threads(2).actorsPerThread(3).actorsBefore(0).actorsAfter(1)
                        .sequentialSpecification(SequentialOnce.class),
                Ops.class);
    }

    @Test
    void exactlyOneFunctionRunsAndEveryCallerSeesItUnderStress() {
        LincheckRun.check("once (random)",
                LincheckRun.stress().iterations(LincheckRun.RANDOM_ITERATIONS)
                        .threads(2).actorsPerThread(3).actorsBefore(0).actorsAfter(1)
                        .sequentialSpecification(SequentialOnce.class),
                Ops.class);
    }

    /** Lincheck test class: one Once, the state its functions write, and one onceValue. */
    public static class Ops {
        final Once once = new Once();
        int winner;        // written by the function that ran
        int calls;         // functions run: must end at 1
        int valueCalls;    // suppliers run by onceValue
        final Supplier<Integer> value = Once.onceValue(() -> ++valueCalls);

        public Ops() {
            LincheckRun.invoked();
        }

        /** Runs a function that records {@code v}; returns what the caller then sees. */
        @Operation
        public String run(@Param(gen = IntGen.class, conf = "1:9") int v) {
            once.run(() -> {
                calls++;
                winner = v;
            });
            return winner + "/" + calls;
        }

        /** Runs a function that records {@code v} and then panics. */
        @Operation
        public String runPanicking(@Param(gen = IntGen.class, conf = "1:9") int v) {
            try {
                once.run(() -> {
                    calls++;
                    winner = v;
                    throw new IllegalStateException("boom");
                });
                return winner + "/" + calls;
            } catch (IllegalStateException e) {
                return "panic: " + e.getMessage();
            }
        }

        @Operation
        public int value() {
            return value.get();
        }
    }

    /** Go's Once: the first call runs its function (and rethrows its panic); every later one sees its effects. */
    public static class SequentialOnce {
        private int winner;
        private int calls;

        public String run(int v) {
            if (calls == 0) {
                calls = 1;
                winner = v;
            }
            return winner + "/" + calls;
        }

        public String runPanicking(int v) {
            if (calls == 0) {
                calls = 1;
                winner = v;
                return "panic: boom";
            }
            return winner + "/" + calls;
        }

        public int value() {
            return 1;
        }
    }
}
