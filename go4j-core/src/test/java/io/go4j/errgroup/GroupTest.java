package io.go4j.errgroup;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.GoPanic;
import io.go4j.context.Canceled;
import io.go4j.context.Context;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static io.go4j.TestSupport.awaitCondition;
import static io.go4j.TestSupport.awaitWaitReason;
import static io.go4j.TestSupport.panicsDuring;
import static org.junit.jupiter.api.Assertions.*;

/** errgroup.Group: first error, context cancellation, limits. */
@Timeout(60)
class GroupTest {

    @Test
    @DisplayName("await waits for every task and returns null when none failed")
    void awaitWaitsForAllAndReturnsNull() {
        Group g = new Group();
        AtomicInteger ran = new AtomicInteger();
        for (int i = 0; i < 100; i++) {
            g.go(ran::incrementAndGet);
        }
        assertNull(g.await());
        assertEquals(100, ran.get());
    }

    @Test
    @DisplayName("the first error wins and cancels the context with it as cause; later errors are dropped")
    void firstErrorWinsAndCancelsContext() {
        Group.WithContext gc = Group.withContext(Context.background());
        IllegalStateException first = new IllegalStateException("first");
        gc.group().go(() -> {
            throw first;
        });
        gc.group().go(() -> {
            gc.context().done().recv();   // stops because the first error cancelled the context
            throw new IllegalStateException("second");
        });
        assertSame(first, gc.group().await());
        assertSame(Canceled.class, gc.context().err().getClass());
        assertSame(first, Context.cause(gc.context()));
    }

    @Test
    @DisplayName("withContext's context is cancelled when await returns, even without errors")
    void contextCancelledWhenAwaitReturns() {
        Group.WithContext gc = Group.withContext(Context.background());
        gc.group().go(() -> { });
        assertNull(gc.group().await());
        assertNotNull(gc.context().err());
    }

    @Test
    @DisplayName("a checked exception is returned as is; the context's cause wraps it")
    void checkedExceptionReturnedAsIs() {
        Group.WithContext gc = Group.withContext(Context.background());
        IOException io = new IOException("disk");
        gc.group().go(() -> {
            throw io;
        });
        assertSame(io, gc.group().await());
        RuntimeException cause = Context.cause(gc.context());
        assertInstanceOf(CompletionException.class, cause);
        assertSame(io, cause.getCause());
    }

    @Test
    @DisplayName("an Error thrown by a task (a panic) is not lost: await rethrows it")
    void errorRethrownByAwait() {
        Group g = new Group();
        AssertionError panic = new AssertionError("panic");
        List<Throwable> reported = panicsDuring(() -> {
            g.go(() -> {
                throw panic;
            });
            assertSame(panic, assertThrows(AssertionError.class, g::await));
        });
        assertEquals(List.of(panic), reported);
    }

    @Test
    @DisplayName("an Error thrown after another task's exception is not lost: await throws the Error")
    void errorAfterExceptionWins() {
        Group.WithContext gc = Group.withContext(Context.background());
        IOException failure = new IOException("first failure");
        AssertionError panic = new AssertionError("later panic");
        List<Throwable> reported = panicsDuring(() -> {
            gc.group().go(() -> {
                throw failure;
            });
            gc.group().go(() -> {
                gc.context().done().recv();   // the exception has been recorded: it cancelled the context
                throw panic;
            });
            assertSame(panic, assertThrows(AssertionError.class, gc.group()::await));
        });
        assertEquals(List.of(panic), reported);
        assertSame(failure, Context.cause(gc.context()).getCause(), "the context's cause is the first failure");
        assertEquals(0, panic.getSuppressed().length, "the task's Error is not modified");
    }

    @Test
    @DisplayName("an Error thrown by a task is reported as its goroutine's panic before await returns")
    void errorReportedThroughThePanicPath() {
        Group g = new Group();
        AssertionError panic = new AssertionError("panic");
        AtomicReference<Thread> taskThread = new AtomicReference<>();
        List<Thread> reportedOn = new ArrayList<>();
        Thread.UncaughtExceptionHandler previous = Thread.getDefaultUncaughtExceptionHandler();
        Thread.setDefaultUncaughtExceptionHandler((t, e) -> {
            synchronized (reportedOn) {
                reportedOn.add(t);
            }
        });
        try {
            g.go(() -> {
                taskThread.set(Thread.currentThread());
                throw panic;
            });
            assertThrows(AssertionError.class, g::await);
            synchronized (reportedOn) {
                assertEquals(List.of(taskThread.get()), reportedOn, "reported once, on the task's goroutine, before await returned");
            }
        } finally {
            Thread.setDefaultUncaughtExceptionHandler(previous);
        }
    }

    @Test
    @DisplayName("of several Errors, await throws the first; every one is reported")
    void firstErrorOfSeveralWins() {
        Group g = new Group();
        AssertionError first = new AssertionError("first");
        AssertionError second = new AssertionError("second");
        Chan<Boolean> firstDone = Chan.make();
        List<Throwable> reported = panicsDuring(() -> {
            g.go(() -> {
                try {
                    throw first;
                } finally {
                    firstDone.close();
                }
            });
            g.go(() -> {
                firstDone.recv();
                throw second;
            });
            assertSame(first, assertThrows(AssertionError.class, g::await));
        });
        assertEquals(Set.of(first, second), Set.copyOf(reported));
    }

    @Test
    @DisplayName("setLimit bounds the tasks running at once; go blocks at the limit and tryGo refuses")
    void limitBoundsConcurrency() throws Exception {
        Group g = new Group();
        g.setLimit(2);
        Chan<Boolean> release = Chan.make();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        Group.Task task = () -> {
            maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            release.recv();
            running.decrementAndGet();
        };
        g.go(task);
        g.go(task);
        // both are within the limit: wait until both run (a scheduler may start the second only
        // once the first has received, and then at most one would ever be seen running)
        awaitCondition("both tasks under the limit running", () -> running.get() == 2);
        assertFalse(g.tryGo(task), "tryGo refuses at the limit");
        Thread third = Go.go(() -> g.go(task));   // blocks until a running task finishes
        awaitWaitReason(third, "chan send");
        for (int i = 0; i < 3; i++) {
            release.send(true);
        }
        assertTrue(third.join(Duration.ofSeconds(10)));
        assertNull(g.await());
        assertEquals(2, maxRunning.get());
    }

    @Test
    @DisplayName("changing the limit while tasks are active panics with Go's message")
    void setLimitWhileActivePanics() {
        Group g = new Group();
        g.setLimit(1);
        Chan<Boolean> release = Chan.make();
        g.go(release::recv);
        GoPanic p = assertThrows(GoPanic.class, () -> g.setLimit(2));
        assertEquals("errgroup: modify limit while 1 goroutines in the group are still active", p.getMessage());
        release.send(true);
        assertNull(g.await());
        g.setLimit(3);   // allowed again once idle
    }
}
