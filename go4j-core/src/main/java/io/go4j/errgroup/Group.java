package io.go4j.errgroup;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.GoPanic;
import io.go4j.context.CancelCauseContext;
import io.go4j.context.Context;
import io.go4j.sync.WaitGroup;

import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Group runs related tasks in goroutines and reports the first error (Go's
 * {@code errgroup.Group}): {@link #await()} waits for all of them and returns the first exception
 * one threw. A group made by {@link #withContext} also cancels its context at that first error,
 * so the other tasks can stop early.
 *
 * <pre>{@code
 * Group.WithContext gc = Group.withContext(Context.background());
 * for (int i = 1; i <= 3; i++) {
 *     int n = i;
 *     gc.group().go(() -> {
 *         if (n == 2) throw new IllegalStateException("task " + n + " failed");
 *     });
 * }
 * System.out.println(gc.group().await().getMessage());   // task 2 failed
 * System.out.println(gc.context().err().getMessage());   // context canceled
 * }</pre>
 *
 * <p>A task's exception is never lost. An {@link Exception} is a failure, Go's returned error:
 * the first one is the group's error, which {@link #await()} returns. An {@link Error} is Go's
 * panic, which in Go ends the program, so it is never silently lost:
 * <ul>
 * <li>it is reported at once as the uncaught panic of the task's goroutine (printed in Go's panic
 *     format, or passed to the default uncaught-exception handler, and with
 *     {@code -Dgo4j.panic=exit} the process ends with status 2), before the task counts as
 *     finished, so before {@link #await()} returns;</li>
 * <li>{@link #await()} throws the first Error a task threw, in preference to any Exception,
 *     even one thrown earlier; that Exception is then not reported by {@code await} (in a
 *     group made by {@link #withContext} it remains the context's cause). The Error is thrown
 *     as it is: the group adds nothing to it.</li>
 * </ul>
 * The first failure of either kind cancels the context of a group made by {@link #withContext}.
 * A task that calls {@link Go#goexit()} ends there, as a task that returned: it is no error.
 * A zero Group (made with {@code new Group()}) has no context and no limit.
 *
 * <p>Memory model: the completion of every task started by {@link #go} or {@link #tryGo}
 * happens-before {@link #await()} returns.
 */
public final class Group {
    /*
     * Implementation notes. Invariants: `tasks` counts started, unfinished tasks; a task holds a
     * token of `limit` (when set) from before it starts until after it finishes, so at most
     * `cap(limit)` tasks run at once; `firstError` is set once, by CAS, and the context (if any)
     * is cancelled right after that CAS with the error as cause, and again (with Canceled) when
     * await returns, as Go's errgroup does. The limit is a buffered channel of tokens, as in Go:
     * go() blocks on a send when the group is full, which makes it interruptible and visible in
     * goroutine dumps as "chan send".
     *
     * `firstError` holds the first failure, except that an Error replaces an Exception (never
     * the reverse, and never another Error), so await finds the Error to throw in one read.
     * A task's Error is reported by calling its goroutine's uncaught-exception handler (the
     * path Go.go's panics take) inside the task, before the token and the WaitGroup are
     * released: with -Dgo4j.panic=exit the process ends before await can return. Rethrowing
     * it out of the goroutine instead would report it only after tasks.done(), racing await.
     * Tempting and wrong: attaching the replaced Exception to the Error with addSuppressed.
     * The Error may be an instance shared by others (a preallocated JVM error, a constant), so
     * the group would leak state into it; the Exception stays reachable as the context's cause.
     */

    /**
     * A task: like Go's {@code func() error}, it reports failure by throwing.
     *
     * <pre>{@code
     * Group g = new Group();
     * Group.Task save = () -> {
     *     throw new java.io.IOException("disk full");
     * };
     * g.go(save);
     * System.out.println(g.await().getMessage());   // disk full
     * }</pre>
     */
    @FunctionalInterface
    public interface Task {
        /**
         * Does the task's work.
         *
         * @throws Exception the task's failure, which {@link Group#await()} returns if it is the first
         */
        void run() throws Exception;
    }

    /**
     * WithContext is a group and the context it cancels at its first error or when
     * {@link Group#await()} returns.
     *
     * <pre>{@code
     * Group.WithContext gc = Group.withContext(Context.background());
     * gc.group().go(() -> System.out.println("done: " + gc.context().err()));   // done: null
     * System.out.println(gc.group().await());                 // null: no task failed
     * System.out.println(gc.context().err().getMessage());    // context canceled
     * }</pre>
     *
     * @param group   the group
     * @param context the derived context its tasks should watch
     */
    public record WithContext(Group group, Context context) {}

    private final WaitGroup tasks = new WaitGroup();
    private final AtomicReference<Throwable> firstError = new AtomicReference<>();
    private final CancelCauseContext cancel;   // null for a zero group
    private volatile Chan<Boolean> limit;       // null: no limit

    /** Creates a group with no context and no limit (Go's zero {@code errgroup.Group}). */
    public Group() {
        this(null);
    }

    private Group(CancelCauseContext cancel) {
        this.cancel = cancel;
    }

    /**
     * Returns a new group and a context derived from {@code parent} that is cancelled the first
     * time a task fails or the first time {@link #await()} returns, whichever occurs first.
     *
     * @param parent the context the group's context derives from
     * @return the group and its context
     */
    public static WithContext withContext(Context parent) {
        CancelCauseContext ctx = Context.withCancelCause(Objects.requireNonNull(parent, "parent"));
        return new WithContext(new Group(ctx), ctx);
    }

    /**
     * Starts {@code task} in a new goroutine, first blocking while the group is at its limit.
     *
     * @param task the task
     * @throws io.go4j.GoInterruptedException if interrupted while waiting for room; the task
     *                                        was not started
     */
    public void go(Task task) {
        Objects.requireNonNull(task, "task");
        Chan<Boolean> tokens = limit;
        if (tokens != null) {
            tokens.send(Boolean.TRUE);
        }
        start(task, tokens);
    }

    /**
     * Starts {@code task} in a new goroutine only if the group is below its limit; returns
     * whether it started.
     *
     * @param task the task
     * @return true if the task was started
     */
    public boolean tryGo(Task task) {
        Objects.requireNonNull(task, "task");
        Chan<Boolean> tokens = limit;
        if (tokens != null && !tokens.trySend(Boolean.TRUE)) {
            return false;
        }
        start(task, tokens);
        return true;
    }

    /**
     * Limits the group to {@code n} tasks running at once; a negative {@code n} removes the limit.
     * With a limit of zero no task can start.
     *
     * @param n the most tasks that may run at once, or negative for no limit
     * @throws GoPanic if tasks of the group are still running (Go's "errgroup: modify limit while
     *                 N goroutines in the group are still active")
     */
    public void setLimit(int n) {
        Chan<Boolean> tokens = limit;
        if (tokens != null && tokens.len() != 0) {
            throw new GoPanic("errgroup: modify limit while " + tokens.len()
                    + " goroutines in the group are still active");
        }
        limit = n < 0 ? null : Chan.make(n);
    }

    /**
     * Waits until every task started so far has finished, cancels the group's context, and
     * returns the first exception a task threw, or null; if a task threw an {@link Error},
     * throws the first such Error instead.
     *
     * @return the first Exception a task threw, or null if none failed
     * @throws Error                          the first Error a task threw (a panic), even if an
     *                                        Exception was thrown before it
     * @throws io.go4j.GoInterruptedException if interrupted while waiting
     */
    public Exception await() {
        tasks.await();
        Throwable first = firstError.get();
        if (cancel != null) {
            cancel.cancel(first == null ? null : asCause(first));
        }
        if (first instanceof Error e) {
            throw e;
        }
        return (Exception) first;
    }

    private void start(Task task, Chan<Boolean> tokens) {
        tasks.add(1);
        try {
            Go.go(() -> {   // qualified: this class's own go(Task) would shadow a static import
                try {
                    task.run();
                } catch (Exception e) {
                    fail(e);
                } catch (Error e) {
                    if (!Go.isGoexit(e)) {   // Go.goexit() ends the task, not the group: no error, as in Go
                        fail(e);
                        Thread self = Thread.currentThread();
                        self.getUncaughtExceptionHandler().uncaughtException(self, e);   // Go's panic
                    }
                } finally {
                    if (tokens != null) {
                        tokens.recv();
                    }
                    tasks.done();
                }
            });
        } catch (RuntimeException | Error e) {
            // The goroutine could not start: undo, so await() does not wait for it.
            if (tokens != null) {
                tokens.recv();
            }
            tasks.done();
            throw e;
        }
    }

    /** Records {@code e} as the first failure, or as the Error that replaces an Exception. */
    private void fail(Throwable e) {
        for (;;) {
            Throwable current = firstError.get();
            if (current == null) {
                if (firstError.compareAndSet(null, e)) {
                    if (cancel != null) {
                        cancel.cancel(asCause(e));
                    }
                    return;
                }
            } else if (e instanceof Error && current instanceof Exception) {
                if (firstError.compareAndSet(current, e)) {
                    return;
                }
            } else {
                return;
            }
        }
    }

    /** The context's cause must be unchecked; a checked exception travels wrapped. */
    private static RuntimeException asCause(Throwable e) {
        return e instanceof RuntimeException r ? r : new CompletionException(e);
    }
}
