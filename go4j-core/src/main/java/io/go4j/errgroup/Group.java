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
 * <p>A task's exception is never lost: an {@link Exception} is the group's error (the first one
 * wins); an {@link Error} (Go's panic) is also the group's error and {@link #await()} rethrows it.
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
     * returns the first exception a task threw, or null.
     *
     * @return the first task's exception, or null if no task failed
     * @throws Error                          the first error if it was an {@link Error} (a panic)
     * @throws io.go4j.GoInterruptedException if interrupted while waiting
     */
    public Exception await() {
        tasks.await();
        if (cancel != null) {
            Throwable first = firstError.get();
            cancel.cancel(first == null ? null : asCause(first));
        }
        Throwable first = firstError.get();
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
                } catch (Exception | Error e) {
                    fail(e);
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

    private void fail(Throwable e) {
        if (firstError.compareAndSet(null, e) && cancel != null) {
            cancel.cancel(asCause(e));
        }
    }

    /** The context's cause must be unchecked; a checked exception travels wrapped. */
    private static RuntimeException asCause(Throwable e) {
        return e instanceof RuntimeException r ? r : new CompletionException(e);
    }
}
