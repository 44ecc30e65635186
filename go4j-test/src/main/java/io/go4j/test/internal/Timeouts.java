package io.go4j.test.internal;

import io.go4j.debug.internal.GoDuration;
import io.go4j.debug.internal.Snapshot;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.WeakHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Timeouts turns a test's timeout into the failure {@code go test -timeout} gives: the dump of
 * every goroutine, and here also the goroutines the test started, which are then interrupted so
 * that the next test starts clean. It serves JUnit's own {@code @Timeout} (whose
 * {@link TimeoutException} it replaces) and go4j-test's default timeout, which it enforces as
 * JUnit's same-thread mode does: at the deadline it interrupts the test's thread.
 *
 * <p>Invariant: a timeout interrupts the test's thread at most once, never after the test's code
 * has returned, and its interrupt status is cleared before the failure is thrown.
 */
public final class Timeouts {
    /*
     * Implementation notes.
     *
     * The report is taken on the timer's thread, at the deadline, before anything is
     * interrupted: afterwards the stacks would show the unwinding, not the hang. The test's
     * thread and the timer agree through one state word: whoever moves it from RUNNING first
     * decides whether the test finished in time (then nothing is interrupted) or timed out (then
     * the test's thread waits for the timer to finish the report and the interrupt, and clears
     * its interrupt status, so the interrupt cannot leak into the next test's code).
     */

    private static final int RUNNING = 0;
    private static final int DONE = 1;
    private static final int FIRED = 2;

    /** The failures this class made, so that they are not reported twice. */
    private static final Set<Throwable> OURS = Collections.synchronizedSet(Collections.newSetFromMap(new WeakHashMap<>()));

    private Timeouts() {}

    /** The one timer thread, started with the first default timeout. */
    private static final class Timer {
        static final ScheduledThreadPoolExecutor EXECUTOR = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "go4j-test timeouts");
            t.setDaemon(true);
            return t;
        });

        static {
            EXECUTOR.setRemoveOnCancelPolicy(true);
        }
    }

    /**
     * Returns whether {@code t} is JUnit's timeout failure ({@code @Timeout}, or JUnit's default
     * timeouts), not yet given a goroutine report.
     *
     * @param t a test's failure
     * @return true if it is a JUnit timeout to report on
     */
    public static boolean isJUnitTimeout(Throwable t) {
        return t instanceof TimeoutException && t.getMessage() != null && t.getMessage().contains(" timed out after ")
                && !OURS.contains(t);
    }

    /**
     * Builds the failure of a timed-out scope and interrupts the scope's goroutines: the message
     * is {@code headline}, the scope's goroutines as they were, then the dump of every goroutine.
     *
     * @param headline what timed out, and after how long
     * @param scopeId  the scope's JUnit unique id
     * @param cause    the original failure (JUnit's timeout), or null
     * @return the failure
     */
    public static TimeoutException failure(String headline, String scopeId, Throwable cause) {
        Dumps.Dump dump = Dumps.full();
        List<Snapshot.Entry> mine = Scopes.goroutinesOf(scopeId, true);
        for (Snapshot.Entry e : mine) {
            e.thread().interrupt();
        }
        StringBuilder msg = new StringBuilder(headline).append("\n\n");
        if (mine.isEmpty()) {
            msg.append("the test had no goroutine running\n");
        } else {
            msg.append("goroutines the test started, interrupted now:\n\n").append(GoroutineList.render(mine));
        }
        msg.append("\nall goroutines at the timeout:\n\n").append(dump.text());
        TimeoutException failure = new TimeoutException(msg.toString());
        if (cause != null) {
            failure.initCause(cause);
        }
        OURS.add(failure);
        return dump.attachTo(failure);
    }

    /**
     * Runs {@code body}, the code of scope {@code scopeId}, on the current thread; if it has not
     * returned after {@code timeout}, reports and interrupts the scope's goroutines, interrupts
     * the current thread, and throws the report once {@code body} has returned.
     *
     * @param what    the test's name, for the message ({@code leaks()})
     * @param scopeId the scope's JUnit unique id
     * @param timeout how long it may run
     * @param body    the test's code
     * @param <T>     what it returns
     * @return what {@code body} returned
     * @throws TimeoutException if it timed out (with what {@code body} threw suppressed)
     * @throws Throwable        what {@code body} threw, if it did not time out
     */
    public static <T> T run(String what, String scopeId, Duration timeout, Scopes.Body<T> body) throws Throwable {
        Thread runner = Thread.currentThread();
        AtomicInteger state = new AtomicInteger(RUNNING);
        CountDownLatch reported = new CountDownLatch(1);
        TimeoutException[] failure = new TimeoutException[1];   // written before reported.countDown()
        String headline = what + " timed out after " + GoDuration.format(timeout);
        ScheduledFuture<?> timer = Timer.EXECUTOR.schedule(() -> {
            if (!state.compareAndSet(RUNNING, FIRED)) {
                return;
            }
            try {
                failure[0] = failure(headline, scopeId, null);
            } catch (RuntimeException | Error e) {
                failure[0] = new TimeoutException(headline + " (the goroutine report failed: " + e + ")");
                failure[0].addSuppressed(e);
            } finally {
                runner.interrupt();
                reported.countDown();
            }
        }, timeout.toNanos(), TimeUnit.NANOSECONDS);

        T result = null;
        Throwable thrown = null;
        try {
            result = body.run();
        } catch (Throwable t) {
            thrown = t;
        }
        if (state.compareAndSet(RUNNING, DONE)) {
            timer.cancel(false);
            if (thrown != null) {
                throw thrown;
            }
            return result;
        }
        awaitUninterruptibly(reported);
        Thread.interrupted();   // the timer's interrupt: it must not reach the next test's code
        if (thrown != null) {
            failure[0].addSuppressed(thrown);
        }
        throw failure[0];
    }

    /** Waits for the timer's report (it takes a dump: bounded, not instant). */
    private static void awaitUninterruptibly(CountDownLatch latch) {
        while (true) {
            try {
                latch.await();
                return;
            } catch (InterruptedException e) {
                // the timer interrupts us once; keep waiting for its report
            }
        }
    }
}
