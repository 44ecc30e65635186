package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.context.CancelContext;
import io.go4j.context.Canceled;
import io.go4j.context.Context;
import io.go4j.context.DeadlineExceeded;
import io.go4j.context.StopFunc;
import io.go4j.reliability.Mode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * context.AfterFunc runs its function once, in a goroutine of its own, after the context is
 * done, however it comes to be done (its cancel, its parent's, its deadline, several of them
 * racing); cancel never waits for the function; a stopped registration never runs, and stop
 * reports false exactly when the function was started; and many registrations on one context are
 * independent.
 *
 * <p>Mirrors Go's {@code context/x_test.go} AfterFunc tests (Go 1.21): {@code
 * TestAfterFuncCalledAfterCancel}, {@code TestAfterFuncCalledAfterTimeout}, {@code
 * TestAfterFuncCalledImmediately} (a context already done: f runs, stop reports false), {@code
 * TestAfterFuncNotCalledAfterStop} and {@code TestAfterFuncCalledAsynchronously} (f blocks on an
 * unbuffered send that the test only receives after cancel has returned: cancel must not run f
 * itself), and the documented rules "AfterFunc arranges to call f in its own goroutine after ctx
 * is canceled. If ctx is already canceled, AfterFunc calls f immediately in its own goroutine.
 * Multiple calls to AfterFunc on a context operate independently." go4j-core's ContextTest
 * checks the single-registration basics; this class adds the racing, parent, deadline,
 * asynchrony and many-registration cases.
 */
@GoLeakCheck
class ContextAfterFuncTest {

    @Test
    @DisplayName("cancel does not wait for f: f blocked on a send nobody receives yet does not block cancel")
    void cancelDoesNotRunFItself() {
        CancelContext ctx = Context.withCancel(Context.background());
        Chan<Long> ranOn = Chan.make(); // unbuffered: f blocks until the test receives
        Context.afterFunc(ctx, () -> ranOn.send(Go.goid()));
        ctx.cancel(); // would deadlock if cancel ran f on this thread
        long goid = Conformance.receive(ranOn, "f's report").value();
        assertNotEquals(Thread.currentThread().threadId(), goid, "f ran in the cancelling thread");
    }

    @Test
    @DisplayName("f runs after the parent's cancellation, and after the deadline, with the context already done")
    @SuppressWarnings("LostCancel")   // deliberate: the child is cancelled through its parent, which the test checks
    void fRunsWhicheverWayTheContextIsDone() {
        CancelContext parent = Context.withCancel(Context.background());
        CancelContext child = Context.withCancel(parent);
        Chan<RuntimeException> errSeen = Chan.make(1);
        Context.afterFunc(child, () -> errSeen.send(child.err()));
        parent.cancel();
        assertSame(Canceled.INSTANCE, Conformance.receive(errSeen, "f after the parent's cancel").value(),
                "f sees the context done");

        CancelContext timed = Context.withTimeout(Context.background(), Duration.ofMillis(5));
        Context.afterFunc(timed, () -> errSeen.send(timed.err()));
        assertSame(DeadlineExceeded.INSTANCE, Conformance.receive(errSeen, "f after the deadline").value());
        timed.cancel();
    }

    @Test
    @DisplayName("on a context already done f runs at once, in its own goroutine, and stop reports false")
    void alreadyDoneRunsAtOnce() {
        CancelContext ctx = Context.withCancel(Context.background());
        ctx.cancel();
        Chan<Long> ranOn = Chan.make(1);
        StopFunc stop = Context.afterFunc(ctx, () -> ranOn.send(Go.goid()));
        assertNotEquals(Thread.currentThread().threadId(), Conformance.receive(ranOn, "f").value());
        assertFalse(stop.stop(), "stop() after f started");
    }

    @Test
    @DisplayName("a registration stopped before the cancellation never runs, while the others do")
    void stoppedRegistrationNeverRuns() {
        CancelContext ctx = Context.withCancel(Context.background());
        AtomicInteger stoppedRuns = new AtomicInteger();
        StopFunc stop = Context.afterFunc(ctx, stoppedRuns::incrementAndGet);
        Chan<Boolean> later = Chan.make(1);
        assertTrue(stop.stop(), "stop() before cancel");
        Context.afterFunc(ctx, () -> later.send(true)); // registered after the stopped one
        ctx.cancel();
        Conformance.receive(later, "the registration that was not stopped");
        assertEquals(0, stoppedRuns.get(), "AfterFunc called for a stopped registration");
        assertFalse(stop.stop(), "a second stop()");
    }

    @Test
    @DisplayName("cancel, parent cancel, deadline and stop racing: each registration runs exactly once unless its stop won")
    void racingCancellationsRunEachRegistrationOnce() {
        int rounds = Mode.pick(500, 20_000);
        int registrations = 4;
        AtomicIntegerArray runs = new AtomicIntegerArray(rounds * registrations);
        boolean[] stopped = new boolean[rounds * registrations];
        Chan<Boolean> ran = Chan.make(rounds * registrations);
        int started = 0;
        try (Goroutines g = new Goroutines("racing afterfunc")) {
            for (int r = 0; r < rounds; r++) {
                CancelContext parent = Context.withCancel(Context.background());
                CancelContext ctx = Context.withTimeout(parent, Duration.ofNanos(r % 3 == 0 ? 1 : 50_000));
                List<StopFunc> stops = new ArrayList<>();
                for (int k = 0; k < registrations; k++) {
                    int slot = r * registrations + k;
                    stops.add(Context.afterFunc(ctx, () -> {
                        runs.incrementAndGet(slot);
                        ran.send(true);
                    }));
                }
                g.go("cancel parent", parent::cancel);
                g.go("cancel", ctx::cancel);
                g.go("cancel again", ctx::cancel);
                Conformance.receive(ctx.done(), "round " + r);
                // Done may close a moment before the registrations are fired (as in Go), so a stop
                // can still win here; whichever way, exactly one of "stop returned true" and "f ran"
                for (int k = 0; k < registrations; k++) {
                    stopped[r * registrations + k] = stops.get(k).stop();
                    if (!stopped[r * registrations + k]) {
                        started++;
                    }
                }
            }
            for (int i = 0; i < started; i++) {
                Conformance.receive(ran, "registration runs");
            }
            g.awaitAll();
        }
        assertNull(ran.tryRecv(), "more registrations ran than stop() reported started");
        for (int i = 0; i < runs.length(); i++) {
            assertEquals(stopped[i] ? 0 : 1, runs.get(i), "round " + (i / registrations) + ", registration "
                    + (i % registrations) + " (stop() returned " + stopped[i] + ")");
        }
    }
}
