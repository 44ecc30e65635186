package io.go4j.sync;

import io.go4j.Go;
import io.go4j.GoroutineInfo;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/** Bounded-wait helpers for the sync tests: goroutines with an outcome, wait-reason polling. */
final class SyncTestSupport {
    /** Upper bound for anything a test waits for. */
    static final Duration LONG = Duration.ofSeconds(20);

    private SyncTestSupport() {}

    /** Whether the tests run in CI (system property {@code go4j.ci} is "true"): shorter stress loops. */
    static boolean ci() {
        return "true".equalsIgnoreCase(System.getProperty("go4j.ci"));
    }

    /** Scales a stress iteration count down in CI. */
    static int iterations(int full) {
        return ci() ? Math.max(1, full / 10) : full;
    }

    /** A goroutine running a task, with what it ended with. */
    static final class Call {
        final Thread thread;
        private final CountDownLatch done = new CountDownLatch(1);
        private volatile Throwable error;
        private volatile boolean interruptedAtEnd;

        Call(Runnable task) {
            this.thread = Go.go(() -> {
                try {
                    task.run();
                } catch (Throwable t) {
                    error = t;
                } finally {
                    interruptedAtEnd = Thread.currentThread().isInterrupted();
                    done.countDown();
                }
            });
        }

        /** Waits (bounded) for the call to end; returns what it threw, or null. */
        Throwable awaitEnd() {
            try {
                if (!done.await(LONG.toMillis(), TimeUnit.MILLISECONDS)) {
                    fail("goroutine did not finish within " + LONG + " (wait reason " + waitReasonOf(thread) + ")");
                }
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
            return error;
        }

        /** Waits for the call to end normally. */
        void awaitNormal() {
            Throwable t = awaitEnd();
            if (t != null) {
                throw new AssertionError("goroutine threw", t);
            }
        }

        /** Waits for the call to end by throwing {@code type}; returns it. */
        <T extends Throwable> T awaitThrows(Class<T> type) {
            Throwable t = awaitEnd();
            return assertInstanceOf(type, t);
        }

        boolean isDone() {
            return done.getCount() == 0;
        }

        boolean interruptedAtEnd() {
            return interruptedAtEnd;
        }
    }

    static Call call(Runnable task) {
        return new Call(task);
    }

    static String waitReasonOf(Thread thread) {
        for (GoroutineInfo g : Go.goroutines()) {
            if (g.id() == thread.threadId()) {
                return g.waitReason();
            }
        }
        return "<not in Go.goroutines()>";
    }

    /** Waits until {@code thread} is reported parked with {@code reason}. */
    static void awaitWaitReason(Thread thread, String reason) {
        awaitCondition("goroutine waits with reason \"" + reason + "\"",
                () -> reason.equals(waitReasonOf(thread)));
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

    /** Asserts that {@code call} ended with GoInterruptedException and its interrupt flag set. */
    static void assertInterrupted(Call call, String operation) {
        var e = call.awaitThrows(io.go4j.GoInterruptedException.class);
        assertEquals(operation + " interrupted", e.getMessage());
        assertTrue(call.interruptedAtEnd(), "interrupt flag set again");
    }

    static void assertNoError(Call call) {
        assertNull(call.awaitEnd());
    }
}
