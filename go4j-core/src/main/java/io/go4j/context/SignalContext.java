package io.go4j.context;

import io.go4j.RecvChan;
import io.go4j.internal.runtime.Durations;
import io.go4j.internal.runtime.SignalWatchers;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CancellationException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A SignalContext is a context cancelled when the JVM begins to shut down, which is what
 * SIGINT (Ctrl-C), SIGTERM and SIGHUP do to a JVM: Go's {@code signal.NotifyContext} for graceful
 * shutdown. Work that must finish before the process exits registers with {@link #startWork()};
 * the shutdown waits for it, up to a grace period.
 *
 * <pre>{@code
 * try (var ctx = SignalContext.notifyContext(Context.background(), Duration.ofSeconds(5));
 *      var work = ctx.startWork()) {
 *     serveUntil(ctx);                        // returns once ctx.done() is closed
 *     System.out.println("draining: " + ctx.err().getMessage());   // draining: context canceled
 * }                                           // the shutdown proceeds once work is closed
 * }</pre>
 *
 * <p>On shutdown the context is cancelled with {@link Canceled}, and
 * {@link Context#cause(Context)} reports a {@link CancellationException} saying that the JVM
 * is shutting down. The shutdown then waits until every {@link Work} is closed or the grace
 * period has passed, whichever is first; after that the JVM halts, whatever is still running.
 * {@link #cancel()} (or {@code close()}) cancels the context and unregisters it from shutdown,
 * as Go's {@code stop} does.
 *
 * <p>The JVM sets the limits. It has no portable, supported way to handle a signal without
 * shutting down: {@code sun.misc.Signal} can, but is unsupported, internal API and is not used
 * here. So the signals cannot be chosen: the context also fires on {@code System.exit} and when
 * the last non-daemon thread ends, and cannot fire on a signal that the JVM does not turn into a
 * shutdown. Once shutdown has begun it cannot be stopped: the grace period delays the exit, it
 * does not keep the process alive. SIGKILL ({@code kill -9}), {@code Runtime.halt} and a crash
 * run no shutdown hooks, so nothing here runs then. Shutdown hooks run concurrently, so other
 * hooks may already be tearing down what the work needs (a logging framework, for one).
 *
 * <p>Memory model: the start of the JVM's shutdown happens-before the cancellation it causes,
 * and the closing of every {@link Work} that the shutdown waited for happens-before the JVM
 * halts.
 */
public final class SignalContext implements CancelContext, OwnContext {
    /*
     * Implementation notes: one shutdown hook thread per SignalContext, registered at creation
     * and removed by cancel() (removal fails harmlessly if shutdown is already running). The
     * hook cancels the inner context and then waits on a condition for the count of open Works
     * to reach zero, with awaitNanos bounding the whole wait by the grace period. The tree walks
     * (Tree) see through a SignalContext to its inner context, so contexts derived from it are
     * ordinary children, with no watcher goroutine.
     *
     * The shutdown cause is a CancellationException made once per shutdown, for this context
     * and its descendants only, like a cause a user passes to cancel(cause): it is not a
     * JVM-wide value such as Canceled.INSTANCE, so it keeps the documented type (whose
     * constructors cannot disable suppression) rather than becoming immune.
     */

    /** The message of the cause recorded when shutdown cancels the context. */
    private static final String SHUTDOWN = "JVM shutdown started (signal, System.exit or last thread ended)";

    /** The grace period of {@link #notifyContext(Context)}. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(5);

    final CancelCauseContext inner;
    private final long graceNanos;
    private final Thread hook;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition allClosed = lock.newCondition();

    private int openWork;   // guarded by lock

    private SignalContext(Context parent, Duration grace) {
        this.inner = Context.withCancelCause(parent);
        this.graceNanos = Durations.saturatedNanos(grace);
        this.hook = new Thread(this::onShutdown, "go4j-signal-context");
    }

    /**
     * Returns a child of {@code parent} that is cancelled when the JVM starts to shut down (for
     * SIGINT, SIGTERM, SIGHUP, {@code System.exit}...), when it is cancelled, or when the parent
     * is; the shutdown then waits up to {@code grace} for open {@link Work}s.
     *
     * @param parent the context the child derives from
     * @param grace  how long the shutdown waits for open work
     * @return the child, with its cancel function
     * @throws NullPointerException     if an argument is null
     * @throws IllegalArgumentException if {@code grace} is negative
     * @throws IllegalStateException    if the JVM is already shutting down
     */
    public static SignalContext notifyContext(Context parent, Duration grace) {
        Objects.requireNonNull(parent, "cannot create context from null parent");
        if (Objects.requireNonNull(grace, "grace").isNegative()) {
            throw new IllegalArgumentException("negative grace period: " + grace);
        }
        SignalContext c = new SignalContext(parent, grace);
        Runtime.getRuntime().addShutdownHook(c.hook);
        SignalWatchers.added();   // the deadlock detector: a program waiting for Ctrl-C is not stuck
        return c;
    }

    /**
     * Returns {@link #notifyContext(Context, Duration) notifyContext(parent, DEFAULT_GRACE)}.
     *
     * @param parent the context the child derives from
     * @return the child, with its cancel function
     */
    public static SignalContext notifyContext(Context parent) {
        return notifyContext(parent, DEFAULT_GRACE);
    }

    /**
     * Registers work that a shutdown should wait for (up to the grace period) until it is
     * closed. Closing a Work more than once has no further effect.
     *
     * @return the registration; close it when the work is done
     */
    public Work startWork() {
        lock.lock();
        try {
            openWork++;
        } finally {
            lock.unlock();
        }
        return new Work(this);
    }

    /**
     * Work is a registration with {@link SignalContext#startWork()}: the JVM's shutdown waits,
     * up to the grace period, until it is closed.
     *
     * <pre>{@code
     * var ctx = SignalContext.notifyContext(Context.background());
     * try (var work = ctx.startWork()) {
     *     System.out.println("working");   // working
     * }
     * ctx.cancel();
     * }</pre>
     */
    public static final class Work implements AutoCloseable {
        private SignalContext owner;   // null once closed; guarded by this Work's monitor

        private Work(SignalContext owner) {
            this.owner = owner;
        }

        /** Ends the work; a shutdown waiting for it may proceed. */
        @Override
        public void close() {
            SignalContext o;
            synchronized (this) {
                o = owner;
                owner = null;
            }
            if (o != null) {
                o.finishWork();
            }
        }
    }

    // ---- Context ----

    @Override public Optional<Instant> deadline() { return inner.deadline(); }
    @Override public RecvChan<Void> done() { return inner.done(); }
    @Override public RuntimeException err() { return inner.err(); }
    @Override public Object value(Object key) { return inner.value(key); }

    /** Cancels this context and stops listening for shutdown (Go's {@code stop}). */
    @Override
    public void cancel() {
        inner.cancel();
        try {
            if (Runtime.getRuntime().removeShutdownHook(hook)) {
                SignalWatchers.removed();   // once: a second cancel finds the hook gone
            }
        } catch (IllegalStateException shuttingDown) {
            // The hook is running or about to; it finds the context already cancelled.
        }
    }

    @Override
    public String toString() {
        return inner + ".SignalContext";
    }

    // ---- Shutdown ----

    private void onShutdown() {
        inner.cancel(new CancellationException(SHUTDOWN));
        lock.lock();
        try {
            long left = graceNanos;
            while (openWork > 0 && left > 0) {
                left = allClosed.awaitNanos(left);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            lock.unlock();
        }
    }

    private void finishWork() {
        lock.lock();
        try {
            if (--openWork == 0) {
                allClosed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }
}
