package io.go4j;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.lang.ref.WeakReference;
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
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * TestSupport holds what every test of go4j-core shares: the short/long switch of the stress
 * loops, bounded waits, a goroutine whose outcome a test can await, wait-reason polling,
 * collection of unreferenced objects, panics, captured standard output, child JVMs and a
 * statistical bound. It is the module's only test-support class; the tests of every package
 * ({@code io.go4j.sync}, {@code io.go4j.context}, {@code io.go4j.time}, ...) use it.
 *
 * <p>Every wait here is bounded. Two durations drive them: {@link #LONG} bounds anything that
 * must happen (a correct implementation needs microseconds, so reaching it means the rule is
 * broken), and {@link #SHORT} is how long a test watches for something that must not happen (a
 * blocked operation completing).
 *
 * <p>Every stress loop sizes itself with {@link #pick(int, int)}: the short value when
 * {@link #shortMode()} holds (in CI), the long one otherwise.
 */
public final class TestSupport {

    /** Bound on anything that must happen; reaching it fails the test. */
    public static final Duration LONG = Duration.ofSeconds(20);

    /** How long a test watches a blocked operation to check that it stays blocked. */
    public static final Duration SHORT = Duration.ofMillis(100);

    /** The capacities every channel rule is checked on: unbuffered, tiny, small and large buffers. */
    public static final int[] CAPACITIES = {0, 1, 2, 16, 1024};

    /** Goroutines started by the running test; {@link #reap()} interrupts the ones still alive. */
    private static final Set<Thread> started = ConcurrentHashMap.newKeySet();

    private TestSupport() {}

    // The two annotations stay package-private (their tests are in io.go4j): public, they would
    // expose JUnit's annotations, which go4j-core's module does not read, from a public type.

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
    // Short or long: the one switch for every stress loop

    /**
     * Reports whether the tests run in their short mode: in CI, that is when the environment has
     * {@code CI=true} or the system property {@code go4j.ci} is "true" (the root pom passes
     * {@code CI} on as {@code go4j.ci}). Otherwise, on a developer's machine, they run long.
     */
    public static boolean shortMode() {
        return Boolean.getBoolean("go4j.ci") || "true".equalsIgnoreCase(System.getenv("CI"));
    }

    /** Returns {@code shortValue} in the {@linkplain #shortMode() short mode}, {@code longValue} otherwise. */
    public static int pick(int shortValue, int longValue) {
        return shortMode() ? shortValue : longValue;
    }

    // ---------------------------------------------------------------------------------------------
    // Goroutines whose outcome a test awaits

    /** A body that may throw anything. */
    @FunctionalInterface
    public interface Body {
        void run() throws Exception;
    }

    /**
     * A Call is a goroutine running one body; the test awaits its outcome with a bound.
     *
     * <p>The body's exception, if any, is captured (never left to the uncaught-exception handler),
     * together with whether the goroutine's interrupt flag was set when it was thrown.
     */
    public static final class Call<T> {
        /** What the goroutine does, for failure messages; also the goroutine's name. */
        public final String what;
        /** The goroutine. */
        public final Thread thread;
        private final CompletableFuture<T> outcome = new CompletableFuture<>();
        private volatile boolean interruptFlagWhenThrown;

        private Call(String what, Callable<T> body) {
            this.what = what;
            this.thread = Go.go(what, () -> {
                try {
                    outcome.complete(body.call());
                } catch (Throwable t) {
                    interruptFlagWhenThrown = Thread.currentThread().isInterrupted();
                    outcome.completeExceptionally(t);
                }
            });
        }

        /** Waits (bounded) for the body to return and returns its value; fails if it threw. */
        public T await() {
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
        public <X extends Throwable> X awaitThrows(Class<X> type) {
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
        public void assertBlocked(String rule) {
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

        /** Reports whether the body has returned or thrown. */
        public boolean isDone() {
            return outcome.isDone();
        }

        /** Reports whether the goroutine's interrupt flag was set when the body threw. */
        public boolean interruptFlagWhenThrown() {
            return interruptFlagWhenThrown;
        }

        /** Interrupts the goroutine. */
        public void interrupt() {
            thread.interrupt();
        }

        /**
         * Waits (bounded) for the body to end with a GoInterruptedException thrown with the
         * interrupt flag set, and returns it.
         */
        public GoInterruptedException awaitGoInterrupted() {
            GoInterruptedException e = awaitThrows(GoInterruptedException.class);
            assertTrue(interruptFlagWhenThrown,
                    what + ": GoInterruptedException must be thrown with the interrupt flag set (" + e + ")");
            return e;
        }

        /**
         * Interrupts the goroutine and checks that its blocked operation ended with a
         * GoInterruptedException thrown with the interrupt flag set.
         */
        public void interruptAndExpectGoInterrupted() {
            interrupt();
            awaitGoInterrupted();
        }
    }

    /** Starts a goroutine (with {@link Go#go(String, Runnable)}) computing {@code body}. */
    public static <T> Call<T> go(String what, Callable<T> body) {
        Call<T> call = new Call<>(what, body);
        started.add(call.thread);
        return call;
    }

    /** Starts a goroutine running {@code body}; its value is null. */
    public static Call<Void> goRun(String what, Body body) {
        return go(what, () -> {
            body.run();
            return null;
        });
    }

    /** Starts a goroutine, named "goroutine", running {@code body}; its value is null. */
    public static Call<Void> goRun(Body body) {
        return goRun("goroutine", body);
    }

    /**
     * Runs {@code body} in a goroutine and returns its value, failing if it does not complete
     * within {@link #LONG}: for operations a rule says must not block.
     */
    public static <T> T completes(String what, Callable<T> body) {
        return go(what, body).await();
    }

    /** Runs {@code body} in a goroutine and fails if it does not complete within {@link #LONG}. */
    public static void completesRun(String what, Body body) {
        goRun(what, body).await();
    }

    /**
     * Checks that {@code call} ended with a GoInterruptedException whose message is
     * {@code "<operation> interrupted"}, thrown with the interrupt flag set.
     */
    public static void assertInterrupted(Call<?> call, String operation) {
        assertEquals(operation + " interrupted", call.awaitGoInterrupted().getMessage());
    }

    /**
     * Interrupts every goroutine the test started that is still alive and waits (bounded) for them
     * to end, so no test leaves goroutines blocked behind it. Best effort: it never fails.
     */
    public static void reap() {
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
    public static GoroutineInfo infoOf(Thread thread) {
        for (GoroutineInfo g : Go.goroutines()) {
            if (g.id() == thread.threadId()) {
                return g;
            }
        }
        return null;
    }

    /** Returns the wait reason {@link Go#goroutines()} reports for {@code thread}, if any. */
    public static String waitReasonOf(Thread thread) {
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
    public static void awaitWaitReason(Thread thread, String reason, Duration timeout) {
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
    public static void awaitWaitReason(Thread thread, String reason) {
        awaitWaitReason(thread, reason, LONG);
    }

    /** Waits for the call's goroutine to be blocked with {@code reason}. */
    public static void awaitWaitReason(Call<?> call, String reason) {
        awaitWaitReason(call.thread, reason, LONG);
    }

    /** Waits for every call's goroutine to be blocked with {@code reason}. */
    public static void awaitWaitReasons(List<? extends Call<?>> calls, String reason) {
        for (Call<?> c : calls) {
            awaitWaitReason(c.thread, reason, LONG);
        }
    }

    /** Polls {@code condition} until it holds or {@link #LONG} has passed, then fails. */
    public static void awaitCondition(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("condition never held within " + LONG + ": " + what);
            }
            LockSupport.parkNanos(200_000); // poll pacing
        }
    }

    /** Waits (bounded) for {@code thread} to end; fails if it does not. */
    public static void join(Thread thread, String what) {
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
    // Garbage collection

    /**
     * Polls {@code condition}, running the collector between polls, until it holds; fails after
     * {@link #LONG}. For conditions only a collection can bring about (a weak reference cleared,
     * a queue forgetting what was collected); a collection can also need a later one (an object
     * found still in use the first time is freed by the next).
     */
    public static void awaitWhileCollecting(String what, BooleanSupplier condition) {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("never happened within " + LONG + " of collections: " + what);
            }
            System.gc();
            LockSupport.parkNanos(5_000_000); // lets the reference handler run; bounded by the loop
        }
    }

    /** Runs the collector until every one of {@code refs} is cleared; fails after {@link #LONG}. */
    public static void awaitCollected(String what, WeakReference<?>... refs) {
        awaitWhileCollecting(what + " collected", () -> {
            for (WeakReference<?> r : refs) {
                if (!r.refersTo(null)) {
                    return false;
                }
            }
            return true;
        });
    }

    // ---------------------------------------------------------------------------------------------
    // Panics

    /** Checks that {@code body} throws a GoPanic with Go's text {@code message}. */
    public static GoPanic assertPanics(String message, Body body) {
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

    /**
     * Runs {@code body} with a default uncaught-exception handler that collects the panics
     * reported meanwhile, and returns them.
     */
    public static List<Throwable> panicsDuring(Body body) {
        List<Throwable> reported = new ArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            synchronized (reported) {
                reported.add(e);
            }
        });
        try {
            body.run();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Exception e) {
            throw new AssertionError(e);
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
        synchronized (reported) {
            return List.copyOf(reported);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // Standard output

    /**
     * Runs {@code body} with standard output captured and asserts it printed exactly
     * {@code expected} (line ends as "\n"), as Go's {@code Example...} functions check
     * {@code // Output:}.
     */
    public static void assertPrints(String expected, Body body) throws Exception {
        assertEquals(expected, captured(System.out, System::setOut, body));
    }

    /** Runs {@code body} with standard error captured; returns what it printed (line ends as "\n"). */
    public static String stderrOf(Body body) throws Exception {
        return captured(System.err, System::setErr, body);
    }

    /** Runs {@code body} with {@code stream} (standard output or error, set by {@code set}) captured. */
    private static String captured(PrintStream stream, Consumer<PrintStream> set, Body body) throws Exception {
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        set.accept(new PrintStream(captured, true, UTF_8));
        try {
            body.run();
        } finally {
            set.accept(stream);
        }
        return captured.toString(UTF_8).replace(System.lineSeparator(), "\n");
    }

    // ---------------------------------------------------------------------------------------------
    // Child JVMs

    /** What a child JVM did: its exit status and everything it printed. */
    public record Child(int exit, String stdout, String stderr) {}

    /**
     * Runs {@code mainClass} with {@code args} in a child JVM on this JVM's class path, with
     * {@code jvmArgs}; fails if it has not ended within a minute. Its output goes to files, so a
     * chatty child cannot block on a full pipe.
     */
    public static Child runJava(List<String> jvmArgs, Class<?> mainClass, String... args) {
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
    public static void assertFrequency(String what, long count, long n, double p, double alpha) {
        double margin = Math.sqrt(Math.log(2 / alpha) / (2.0 * n));
        double observed = (double) count / n;
        assertTrue(Math.abs(observed - p) <= margin,
                what + ": observed frequency " + observed + " (" + count + " of " + n + "), expected "
                        + p + " +/- " + margin + " (bound chosen so a uniform choice fails with probability < "
                        + alpha + ")");
    }
}
