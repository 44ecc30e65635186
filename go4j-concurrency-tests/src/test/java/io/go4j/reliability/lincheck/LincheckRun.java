package io.go4j.reliability.lincheck;

import io.go4j.reliability.Mode;
import org.jetbrains.kotlinx.lincheck.execution.ExecutionScenario;
import org.jetbrains.lincheck.datastructures.ModelCheckingOptions;
import org.jetbrains.lincheck.datastructures.Options;
import org.jetbrains.lincheck.datastructures.StressOptions;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

/**
 * LincheckRun runs Lincheck checks the same way for every primitive and reports how much each
 * explored: the number of invocations (one invocation is one execution of a scenario under one
 * interleaving chosen by the model checker, or one run of it on real threads under stress),
 * printed as a {@code [lincheck]} line that the module README quotes.
 *
 * <p>Budgets come from {@link Mode}: the short mode keeps the whole package within about three
 * minutes on a 2-core machine; {@code -Psoak} multiplies them.
 */
final class LincheckRun {
    /**
     * Random scenarios per generated check (Lincheck runs each as a custom scenario), besides
     * the named ones. Breadth pays more than depth: a bug planted in a scratch copy of go4j's
     * channel (a parked sender's value overtaking the buffer) escaped 6 random scenarios of 120
     * invocations each, and the named scenario holding its pattern found it at once.
     */
    static final int SCENARIOS = Mode.pick(8, 40);
    /** Model-checking invocations (interleavings) per scenario. */
    static final int MODEL_CHECKING_INVOCATIONS = Mode.pick(80, 400);
    /** Stress invocations (runs on real threads) per scenario. */
    static final int STRESS_INVOCATIONS = Mode.pick(100, 600);
    /** Iterations (scenarios) of Lincheck's own random generator. */
    static final int RANDOM_ITERATIONS = Mode.pick(5, 30);
    /** Model-checking invocations for a single fixed scenario. */
    static final int FIXED_INVOCATIONS = Mode.pick(500, 5_000);

    /**
     * Seed of this run's random scenarios: fixed in the short mode (CI checks the same scenarios
     * every time), new for every soak run, or {@code -Dgo4j.lincheck.seed=N} to replay one.
     * Printed with every check.
     */
    static final long SEED = Long.getLong("go4j.lincheck.seed", Mode.SOAK ? Math.floorMod(System.nanoTime(), 1_000_000) : 0);

    /** Test-class instances created: Lincheck creates one per invocation. */
    private static final AtomicLong INVOCATIONS = new AtomicLong();

    private LincheckRun() {}

    /** Called by every Lincheck test class's constructor. */
    static void invoked() {
        INVOCATIONS.incrementAndGet();
    }

    /** Model checking, {@link #MODEL_CHECKING_INVOCATIONS} invocations per scenario. */
    static ModelCheckingOptions modelChecking() {
        return new ModelCheckingOptions().invocationsPerIteration(MODEL_CHECKING_INVOCATIONS);
    }

    /** Model checking of one fixed scenario, {@link #FIXED_INVOCATIONS} invocations. */
    static ModelCheckingOptions modelCheckingOne() {
        return new ModelCheckingOptions().invocationsPerIteration(FIXED_INVOCATIONS);
    }

    /** Stress, {@link #STRESS_INVOCATIONS} invocations per scenario. */
    static StressOptions stress() {
        return new StressOptions().invocationsPerIteration(STRESS_INVOCATIONS);
    }

    /**
     * Adds {@code scenarios} as the only ones to run (no random ones from Lincheck's generator)
     * and checks them with {@link DualVerifier}. Minimisation is off: dropping an operation from
     * a scenario that cannot hang may give one that can, and a hang would hide the real failure.
     */
    static <O extends Options<O, ?>> O custom(O options, List<ExecutionScenario> scenarios) {
        options.iterations(0).verifier(DualVerifier.class).minimizeFailedScenario(false);
        for (ExecutionScenario s : scenarios) {
            options.addCustomScenario(s);
        }
        return options;
    }

    /** CPU time used by this JVM, all threads: a cost that does not depend on the machine's load. */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** The longest a check may take: seconds in the short mode, minutes under {@code -Psoak}. */
    static final Duration TIME_LIMIT = Duration.ofSeconds(Mode.pick(90, 30 * 60));

    /**
     * Runs the check within {@link #TIME_LIMIT}; returns the invocations it took and prints them
     * as a README figure. (Lincheck itself fails a hung invocation: at once under model checking,
     * after 30 s under stress.)
     */
    static long check(String what, Options<?, ?> options, Class<?> testClass) {
        long before = INVOCATIONS.get();
        long start = System.nanoTime();
        long cpuStart = processCpuNanos();
        try {
            assertTimeoutPreemptively(TIME_LIMIT, () -> options.check(testClass), what);
        } catch (RuntimeException | Error e) {
            System.out.printf("[lincheck] %s: FAILED; replay with -Dgo4j.lincheck.seed=%d%n", what, SEED);
            throw e;
        }
        long invocations = INVOCATIONS.get() - before;
        String mode = options instanceof ModelCheckingOptions ? "model checking" : "stress";
        System.out.printf("[lincheck] %-46s %-14s %,8d invocations %6.1f s (cpu %5.1f s) seed %d%s%n", what, mode,
                invocations, (System.nanoTime() - start) / 1e9, (processCpuNanos() - cpuStart) / 1e9, SEED,
                Mode.SOAK ? " soak" : "");
        return invocations;
    }
}
