package io.go4j;

import static io.go4j.Go.go;
import static io.go4j.TestSupport.awaitWaitReason;
import static io.go4j.TestSupport.infoOf;
import static io.go4j.TestSupport.join;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.context.CancelContext;
import io.go4j.context.Canceled;
import io.go4j.context.Context;
import io.go4j.errgroup.Group;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's runtime functions and the {@code go} statement's corners: a task that throws checked
 * exceptions, {@code Goexit}, {@code Gosched}, {@code LockOSThread}. What only a whole program
 * shows (how it ends, one carrier thread) runs in a child JVM, {@link GoRuntimeMain}.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class GoRuntimeTest {

    /** Every panic reported while a test runs (the application's default handler gets them). */
    private final List<Throwable> panics = new ArrayList<>();
    private Thread.UncaughtExceptionHandler previousHandler;

    @BeforeEach
    void recordPanics() {
        previousHandler = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            synchronized (panics) {
                panics.add(e);
            }
        });
    }

    @AfterEach
    void restoreHandler() {
        Thread.setDefaultUncaughtExceptionHandler(previousHandler);
    }

    private List<Throwable> panics() {
        synchronized (panics) {
            return List.copyOf(panics);
        }
    }

    // ---------------------------------------------------------------------------------------------
    // go with a task that throws checked exceptions

    @Test
    @DisplayName("a lambda that throws a checked exception starts with go(), and that exception, unwrapped, is the goroutine's panic")
    void checkedExceptionIsThePanicUnwrapped() {
        IOException diskFull = new IOException("disk full");
        IOException named = new IOException("named");
        IOException locked = new IOException("locked");
        join(go(() -> {
            throw diskFull;
        }), "go");
        join(go("writer", () -> {
            throw named;
        }), "go with a name");
        join(Go.goLocked(() -> {
            throw locked;
        }), "goLocked");
        List<Throwable> got = panics();
        assertEquals(3, got.size(), "one panic per goroutine: " + got);
        assertTrue(got.contains(diskFull) && got.contains(named) && got.contains(locked),
                "the panics are the exceptions thrown, not wrappers: " + got);
    }

    @Test
    @DisplayName("lambdas that throw nothing, method references and Runnable values still start with go() and goLocked()")
    void runnablesAndPlainLambdasStillWork() {
        AtomicInteger runs = new AtomicInteger();
        Runnable r = runs::incrementAndGet;
        List<Thread> started = List.of(
                go(r),
                go("named runnable", r),
                go(() -> runs.incrementAndGet()),
                go(() -> {
                    runs.incrementAndGet();
                }),
                go(runs::incrementAndGet),
                go("named lambda", () -> runs.incrementAndGet()),
                Go.goLocked(r),
                Go.goLocked(() -> runs.incrementAndGet()));
        for (Thread t : started) {
            join(t, "goroutine");
        }
        assertEquals(started.size(), runs.get());
        assertEquals(List.of(), panics());
    }

    @Test
    @DisplayName("ThrowingRunnable.run rethrows the task's checked exception as it is")
    void throwingRunnableRunRethrowsUnwrapped() {
        IOException e = new IOException("boom");
        Go.ThrowingRunnable task = () -> {
            throw e;
        };
        Runnable asRunnable = task;
        assertSame(e, assertThrows(IOException.class, asRunnable::run));
    }

    // ---------------------------------------------------------------------------------------------
    // goexit

    @Test
    @DisplayName("goexit ends the goroutine after its finally blocks and try-with-resources have run, with no panic")
    void goexitRunsDeferredWorkAndIsNoPanic() {
        AtomicBoolean closed = new AtomicBoolean();
        AtomicBoolean finallyRan = new AtomicBoolean();
        AtomicBoolean wentOn = new AtomicBoolean();
        Thread t = go(() -> {
            try (AutoCloseable resource = () -> closed.set(true)) {
                try {
                    Go.goexit();
                    wentOn.set(true);
                } finally {
                    finallyRan.set(true);
                }
            }
            wentOn.set(true);
        });
        join(t, "goexit");
        assertTrue(finallyRan.get(), "finally ran");
        assertTrue(closed.get(), "the resource was closed");
        assertFalse(wentOn.get(), "nothing after goexit ran");
        assertEquals(List.of(), panics(), "goexit is not a panic");
        TestSupport.awaitCondition("the goroutine is deregistered", () -> infoOf(t) == null);
    }

    @Test
    @DisplayName("catch (Exception) does not stop goexit; catch (Throwable) does, and isGoexit recognises what it caught")
    void goexitPassesCatchExceptionNotCatchThrowable() {
        AtomicBoolean caughtAsException = new AtomicBoolean();
        AtomicReference<Throwable> caught = new AtomicReference<>();
        AtomicBoolean wentOn = new AtomicBoolean();
        join(go(() -> {
            try {
                try {
                    Go.goexit();
                } catch (Exception e) {
                    caughtAsException.set(true);
                }
            } catch (Throwable t) {
                caught.set(t);
            }
            wentOn.set(true);
        }), "goexit caught");
        assertFalse(caughtAsException.get());
        assertTrue(Go.isGoexit(caught.get()), "caught " + caught.get());
        assertTrue(wentOn.get(), "a goroutine that swallows goexit goes on");
        assertFalse(Go.isGoexit(new IllegalStateException()));
        assertFalse(Go.isGoexit(null));
    }

    @Test
    @DisplayName("goexit in an errgroup task ends the task without an error, as in Go")
    void goexitInErrgroupTaskIsNoError() {
        Group.WithContext gc = Group.withContext(Context.background());
        AtomicBoolean deferred = new AtomicBoolean();
        AtomicBoolean otherRan = new AtomicBoolean();
        gc.group().go(() -> {
            try {
                Go.goexit();
            } finally {
                deferred.set(true);
            }
        });
        gc.group().go(() -> otherRan.set(true));
        Exception err = TestSupport.completes("await", () -> gc.group().await());
        assertNull(err, "the group has no error");
        assertTrue(deferred.get() && otherRan.get());
        assertSame(Canceled.INSTANCE, Context.cause(gc.context()),
                "the context is cancelled by await, with no cause from the task");
        assertEquals(List.of(), panics());
    }

    @Test
    @DisplayName("goexit in a context.afterFunc goroutine ends it after its finally block, with no panic")
    void goexitInAfterFunc() {
        AtomicReference<Thread> ran = new AtomicReference<>();
        Chan<Empty> deferred = Chan.make(1);
        CancelContext ctx = Context.withCancel(Context.background());
        Context.afterFunc(ctx, () -> {
            ran.set(Thread.currentThread());
            try {
                Go.goexit();
            } finally {
                deferred.send(Empty.VALUE);
            }
        });
        ctx.cancel();
        assertSame(Empty.VALUE, TestSupport.completes("afterFunc's finally", deferred::recv));
        join(ran.get(), "afterFunc goroutine");
        assertEquals(List.of(), panics());
    }

    @Test
    @DisplayName("goexit on a platform thread that is not a goroutine runs its finally blocks and ends it quietly")
    void goexitOnAPlatformThread() {
        AtomicBoolean finallyRan = new AtomicBoolean();
        Thread quiet = Thread.ofPlatform().start(() -> {
            try {
                Go.goexit();
            } finally {
                finallyRan.set(true);
            }
        });
        join(quiet, "platform thread calling goexit");
        assertTrue(finallyRan.get());
        assertEquals(List.of(), panics(), "nothing reported");

        IllegalStateException later = new IllegalStateException("later");
        join(Thread.ofPlatform().start(() -> {
            try {
                Go.goexit();
            } catch (Throwable swallowed) {
                // the thread goes on, and its other uncaught exceptions are reported as before
            }
            throw later;
        }), "platform thread failing after a swallowed goexit");
        assertEquals(List.of(later), panics());
    }

    @Test
    @DisplayName("goexit on main runs main's finally, lets goroutines run on, then exits 2 with Go's fatal error")
    void goexitOnMainEndsTheProgramLikeGo() {
        TestSupport.Child r = TestSupport.runJava(List.of(), GoRuntimeMain.class, "goexit-main");
        assertEquals("main's finally ran\ngoroutine ran after main's goexit\n", r.stdout(), r.stderr());
        assertEquals("fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n", r.stderr());
        assertEquals(2, r.exit());
    }

    @Test
    @DisplayName("with -Dgo4j.panic=exit, a goroutine's goexit neither reports nor ends the process")
    void goexitIsNotFatalWithPanicExit() {
        TestSupport.Child r = TestSupport.runJava(List.of("-Dgo4j.panic=exit"), GoRuntimeMain.class, "goexit-goroutine");
        assertEquals("survived\n", r.stdout(), r.stderr());
        assertEquals("", r.stderr());
        assertEquals(0, r.exit());
    }

    // ---------------------------------------------------------------------------------------------
    // gosched, and no preemption

    @Test
    @DisplayName("on one carrier, a goroutine that never blocks is not preempted, and one that calls gosched lets a goroutine queued on that carrier run")
    void noPreemptionButGosched() {
        TestSupport.Child r = TestSupport.runJava(List.of(
                "-Djdk.virtualThreadScheduler.parallelism=1", "-Djdk.virtualThreadScheduler.maxPoolSize=1"),
                GoRuntimeMain.class, "one-carrier");
        assertEquals("""
                spin, other started by main: the other goroutine never ran
                spin, other started by the spinner: the other goroutine never ran
                gosched, other started by the spinner: the other goroutine ran
                """, r.stdout(), r.stderr());
        assertEquals(0, r.exit(), r.stderr());
    }

    // ---------------------------------------------------------------------------------------------
    // goLocked, lockOSThread

    @Test
    @DisplayName("goLocked runs the task on a platform daemon thread, registered as a goroutine locked to its thread")
    void goLockedRunsOnItsOwnPlatformThread() {
        Chan<Empty> release = Chan.make();
        Thread t = Go.goLocked(release::recv);
        try {
            assertFalse(t.isVirtual());
            assertTrue(t.isDaemon(), "like every goroutine, it does not keep the JVM alive");
            awaitWaitReason(t, "chan receive");
            GoroutineInfo g = infoOf(t);
            assertNotNull(g);
            assertTrue(g.lockedToThread());
            assertEquals("chan receive, locked to thread", g.status());
            assertEquals("", g.name());
            assertEquals(Thread.currentThread().threadId(), g.creatorId());
            assertEquals("goLockedRunsOnItsOwnPlatformThread", g.createdBy().getMethodName());
        } finally {
            release.close();
        }
        join(t, "locked goroutine");
        TestSupport.awaitCondition("the goroutine is deregistered", () -> infoOf(t) == null);
    }

    @Test
    @DisplayName("a goroutine on a virtual thread is not locked to its thread")
    void virtualGoroutineIsNotLocked() {
        Chan<Empty> release = Chan.make();
        Thread t = go(release::recv);
        try {
            awaitWaitReason(t, "chan receive");
            assertFalse(infoOf(t).lockedToThread());
            assertEquals("chan receive", infoOf(t).status());
        } finally {
            release.close();
        }
        join(t, "goroutine");
    }

    @Test
    @DisplayName("lockOSThread holds on a platform thread and throws on a virtual one, naming goLocked; unlockOSThread is a no-op")
    void lockOSThreadHoldsOnPlatformThreadsOnly() {
        AtomicReference<Throwable> onLocked = new AtomicReference<>();
        AtomicReference<Thread> before = new AtomicReference<>();
        AtomicReference<Thread> after = new AtomicReference<>();
        join(Go.goLocked(() -> {
            try {
                before.set(Thread.currentThread());
                Go.lockOSThread();
                Go.unlockOSThread();
                Go.lockOSThread();
                after.set(Thread.currentThread());
            } catch (Throwable t) {
                onLocked.set(t);
            }
        }), "locked goroutine");
        assertNull(onLocked.get());
        assertSame(before.get(), after.get());

        Go.lockOSThread();   // the test's own platform thread
        Go.unlockOSThread();

        UnsupportedOperationException e = TestSupport.go("lockOSThread on a virtual thread", () -> {
            Go.unlockOSThread();   // never locked: a no-op, as in Go
            Go.lockOSThread();
            return null;
        }).awaitThrows(UnsupportedOperationException.class);
        assertTrue(e.getMessage().contains("Go.goLocked"), e.getMessage());
    }
}
