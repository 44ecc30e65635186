package io.go4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TestSupport holds what the channel and select specification tests share: bounded waits, a
 * goroutine whose outcome a test can await, wait-reason polling, the stress scale and a
 * statistical bound.
 *
 * <p>Every wait here is bounded. Two durations drive them: {@link #LONG} bounds anything that
 * must happen (a correct implementation needs microseconds, so reaching it means the rule is
 * broken), and {@link #SHORT} is how long a test watches for something that must not happen (a
 * blocked operation completing).
 */
final class TestSupport {

    /** Bound on anything that must happen; reaching it fails the test. */
    static final Duration LONG = Duration.ofSeconds(10);

    /** How long a test watches a blocked operation to check that it stays blocked. */
    static final Duration SHORT = Duration.ofMillis(100);

    /** The capacities every channel rule is checked on: unbuffered, tiny, small and large buffers. */
    static final int[] CAPACITIES = {0, 1, 2, 16, 1024};

    /** Goroutines started by the running test; {@link #reap()} interrupts the ones still alive. */
    private static final Set<Thread> started = ConcurrentHashMap.newKeySet();

    private TestSupport() {}

    /** Runs a parameterised test once for each channel capacity in {@link #CAPACITIES}. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {0, 1, 2, 16, 1024})
    @interface EachCapacity {}

    /** Runs a parameterised test once for each buffered capacity in {@link #CAPACITIES}. */
    @Target(ElementType.METHOD)
    @Retention(RetentionPolicy.RUNTIME)
    @ParameterizedTest(name = "capacity {0}")
    @ValueSource(ints = {1, 2, 16, 1024})
    @interface EachBufferedCapacity {}

    // ---------------------------------------------------------------------------------------------
    // Stress scale

    /** Reports whether the tests run in CI (system property {@code go4j.ci} is "true"). */
    static boolean ci() {
        return "true".equalsIgnoreCase(System.getProperty("go4j.ci"));
    }

    /** Returns the stress multiplier: 1 in CI, larger on a developer's machine. */
    static int stressScale() {
        return ci() ? 1 : 8;
    }

    // ---------------------------------------------------------------------------------------------
    // Goroutines whose outcome a test awaits

    /** A body that may throw anything. */
    @FunctionalInterface
    interface Body {
        void run() throws Exception;
    }

    /**
     * A Call is a goroutine running one body; the test awaits its outcome with a bound.
     *
     * <p>The body's exception, if any, is captured (never left to the uncaught-exception handler),
     * together with whether the goroutine's interrupt flag was set when it was thrown.
     */
    static final class Call<T> {
        final String what;
        final CompletableFuture<T> outcome = new CompletableFuture<>();
        volatile boolean interruptFlagWhenThrown;
        Thread thread;

        private Call(String what) {
            this.what = what;
        }

        /** Waits (bounded) for the body to return and returns its value; fails if it threw. */
        T await() {
            try {
                return outcome.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
            } catch (TimeoutException e) {
                return fail(what + ": still blocked after " + LONG + " (wait reason "
                        + waitReasonOf(thread) + ")");
            } catch (ExecutionException e) {
                return fail(what + ": threw " + e.getCause(), e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("test thread interrupted");
            }
        }

        /** Waits (bounded) for the body to throw, checks the exception's type and returns it. */
        <X extends Throwable> X awaitThrows(Class<X> type) {
            try {
                T v = outcome.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
                return fail(what + ": returned " + v + " where " + type.getSimpleName() + " was expected");
            } catch (TimeoutException e) {
                return fail(what + ": still blocked after " + LONG + " where " + type.getSimpleName()
                        + " was expected (wait reason " + waitReasonOf(thread) + ")");
            } catch (ExecutionException e) {
                return assertInstanceOf(type, e.getCause(), what + ": threw the wrong exception");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return fail("test thread interrupted");
            }
        }

        /** Checks that the body has not finished after watching it for {@link #SHORT}. */
        void assertBlocked(String rule) {
            try {
                T v = outcome.get(SHORT.toMillis(), TimeUnit.MILLISECONDS);
                fail(rule + ": " + what + " returned " + v + " instead of blocking");
            } catch (TimeoutException expected) {
                // still blocked, as the rule requires
            } catch (ExecutionException e) {
                fail(rule + ": " + what + " threw " + e.getCause() + " instead of blocking", e.getCause());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("test thread interrupted");
            }
        }

        /** Interrupts the goroutine. */
        void interrupt() {
            thread.interrupt();
        }

        /**
         * Interrupts the goroutine and checks that its blocked operation ended with a
         * GoInterruptedException thrown with the interrupt flag set.
         */
        void interruptAndExpectGoInterrupted() {
            interrupt();
            GoInterruptedException e = awaitThrows(GoInterruptedException.class);
            assertTrue(interruptFlagWhenThrown,
                    what + ": GoInterruptedException must be thrown with the interrupt flag set (" + e + ")");
        }
    }

    /** Starts a goroutine (with {@link Go#go(String, Runnable)}) computing {@code body}. */
    static <T> Call<T> go(String what, Callable<T> body) {
        Call<T> call = new Call<>(what);
        call.thread = Go.go(what, () -> {
            try {
                call.outcome.complete(body.call());
            } catch (Throwable t) {
                call.interruptFlagWhenThrown = Thread.currentThread().isInterrupted();
                call.outcome.completeExceptionally(t);
            }
        });
        started.add(call.thread);
        return call;
    }

    /** Starts a goroutine running {@code body}; its value is null. */
    static Call<Void> goRun(String what, Body body) {
        return go(what, () -> {
            body.run();
            return null;
        });
    }

    /**
     * Runs {@code body} in a goroutine and returns its value, failing if it does not complete
     * within {@link #LONG}: for operations a rule says must not block.
     */
    static <T> T completes(String what, Callable<T> body) {
        return go(what, body).await();
    }

    /** Runs {@code body} in a goroutine and fails if it does not complete within {@link #LONG}. */
    static void completesRun(String what, Body body) {
        goRun(what, body).await();
    }

    /**
     * Interrupts every goroutine the test started that is still alive and waits (bounded) for them
     * to end, so no test leaves goroutines blocked behind it. Best effort: it never fails.
     */
    static void reap() {
        for (Thread t : started) {
            if (t.isAlive()) {
                t.interrupt();
            }
        }
        long deadline = System.nanoTime() + LONG.toNanos();
        for (Thread t : started) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                try {
                    t.join(Duration.ofNanos(left));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
        }
        started.clear();
    }

    // ---------------------------------------------------------------------------------------------
    // Wait reasons and conditions

    /** Returns the registry's entry for {@code thread}, or null if it is not a live goroutine. */
    static GoroutineInfo infoOf(Thread thread) {
        for (GoroutineInfo g : Go.goroutines()) {
            if (g.id() == thread.threadId()) {
                return g;
            }
        }
        return null;
    }

    /** Returns the wait reason {@link Go#goroutines()} reports for {@code thread}, if any. */
    static String waitReasonOf(Thread thread) {
        if (thread == null) {
            return null;
        }
        GoroutineInfo g = infoOf(thread);
        return g == null ? "<not in Go.goroutines()>" : g.waitReason();
    }

    /**
     * Waits, polling {@link Go#goroutines()} until {@code timeout}, for {@code thread} to be
     * reported with wait reason {@code reason}; fails with the last entry seen otherwise.
     */
    static void awaitWaitReason(Thread thread, String reason, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        GoroutineInfo last;
        while (true) {
            last = infoOf(thread);
            if (last != null && reason.equals(last.waitReason())) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                fail("goroutine " + thread + " should be reported waiting with reason \"" + reason
                        + "\" but after " + timeout + " Go.goroutines() shows " + last);
            }
            LockSupport.parkNanos(200_000); // poll pacing
        }
    }

    /** {@link #awaitWaitReason(Thread, String, Duration)} with {@link #LONG}. */
    static void awaitWaitReason(Thread thread, String reason) {
        awaitWaitReason(thread, reason, LONG);
    }

    /** Waits for the call's goroutine to be blocked with {@code reason}. */
    static void awaitWaitReason(Call<?> call, String reason) {
        awaitWaitReason(call.thread, reason, LONG);
    }

    /** Waits for every call's goroutine to be blocked with {@code reason}. */
    static void awaitWaitReasons(List<? extends Call<?>> calls, String reason) {
        for (Call<?> c : calls) {
            awaitWaitReason(c.thread, reason, LONG);
        }
    }

    /** Polls {@code condition} until it holds or {@link #LONG} has passed, then fails. */
    static void awaitCondition(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("condition never held within " + LONG + ": " + what);
            }
            LockSupport.parkNanos(200_000); // poll pacing
        }
    }

    /** Waits (bounded) for {@code thread} to end; fails if it does not. */
    static void join(Thread thread, String what) {
        try {
            if (!thread.join(LONG)) {
                fail(what + ": did not finish within " + LONG + " (wait reason " + waitReasonOf(thread)
                        + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("test thread interrupted");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Panics

    /** Checks that {@code body} throws a GoPanic with Go's text {@code message}. */
    static GoPanic assertPanics(String message, Body body) {
        try {
            body.run();
        } catch (GoPanic p) {
            assertEquals(message, p.getMessage(), "GoPanic text");
            return p;
        } catch (Throwable t) {
            return fail("expected GoPanic(\"" + message + "\") but got " + t, t);
        }
        return fail("expected GoPanic(\"" + message + "\") but nothing was thrown");
    }

    // ---------------------------------------------------------------------------------------------
    // Child JVMs

    /** What a child JVM did: its exit status and everything it printed. */
    record Child(int exit, String stdout, String stderr) {}

    /**
     * Runs {@code mainClass} with {@code args} in a child JVM on this JVM's class path, with
     * {@code jvmArgs}; fails if it has not ended within a minute. Its output goes to files, so a
     * chatty child cannot block on a full pipe.
     */
    static Child runJava(List<String> jvmArgs, Class<?> mainClass, String... args) {
        try {
            String java = ProcessHandle.current().info().command().orElse("java");
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(jvmArgs);
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), mainClass.getName()));
            cmd.addAll(List.of(args));
            Path out = Files.createTempFile("go4j-child", ".out");
            Path err = Files.createTempFile("go4j-child", ".err");
            try {
                Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
                if (!p.waitFor(60, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    fail("child JVM " + cmd + " did not end within a minute");
                }
                return new Child(p.exitValue(), Files.readString(out).replace(System.lineSeparator(), "\n"),
                        Files.readString(err).replace(System.lineSeparator(), "\n"));
            } finally {
                Files.deleteIfExists(out);
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            return fail("cannot run a child JVM", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("test thread interrupted");
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Statistics

    /**
     * Checks that {@code count} successes in {@code n} independent trials of probability {@code p}
     * lie within Hoeffding's bound: a correct implementation fails with probability at most
     * {@code alpha} (P(|X/n - p| >= t) <= 2 exp(-2 n t^2)), whatever the distribution's shape.
     */
    static void assertFrequency(String what, long count, long n, double p, double alpha) {
        double margin = Math.sqrt(Math.log(2 / alpha) / (2.0 * n));
        double observed = (double) count / n;
        assertTrue(Math.abs(observed - p) <= margin,
                what + ": observed frequency " + observed + " (" + count + " of " + n + "), expected "
                        + p + " +/- " + margin + " (bound chosen so a uniform choice fails with probability < "
                        + alpha + ")");
    }
}
