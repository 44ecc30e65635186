package io.go4j.context;

import io.go4j.Chan;
import io.go4j.RecvChan;
import io.go4j.internal.runtime.Hooks;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A CancelCtx is a cancellable context ({@link Context#withCancel},
 * {@link Context#withCancelCause}) and the base of {@link TimerCtx}.
 *
 * <p>Invariants: {@code err} goes from null to non-null once, under {@code lock}, and
 * {@code cause} is written just before it; from then on {@code children} is null and
 * {@code done} holds a closed channel and never changes again. While {@code err} is null, every node in
 * {@code children} has this context as its {@code owner}. Non-invariants: a node's presence in
 * {@code children} does not mean it is not cancelled (it removes itself after cancelling).
 */
sealed class CancelCtx extends Node implements CancelCauseContext, OwnContext
        permits TimerCtx {
    /*
     * Implementation notes: this follows the shape of Go's cancelCtx (a mutex, a lazily made
     * done channel, a set of children, err and cause) with three differences.
     *
     * 1. The done channel is published lock-free: done() CASes a fresh channel into an empty
     *    slot; cancellation CASes a shared, already closed channel into it and, if that fails,
     *    closes the channel done() installed (which stays, so done() keeps returning the same
     *    channel). The tempting version, "if (done == null) done = make()" in done() and
     *    "if (done != null) close(done)" in cancel, loses a wake-up: done() can read null, the
     *    canceller then sees null and closes nothing, and done() installs an open channel that
     *    nobody will ever close. With both sides CASing from null, exactly one of them wins and
     *    the other sees its write. A context nobody waits on never allocates a channel.
     * 2. Children are cancelled outside the lock, iteratively (see Node): the set is detached
     *    under the lock, so a child cancelling itself concurrently finds no set to remove itself
     *    from, and a child added after cancellation is refused (addChild returns false) and
     *    cancelled by its creator.
     * 3. The deadline is copied from the parent at creation, so deadline() does not recurse.
     * 4. err() reads err without the lock, but Go's Err() takes the lock, which guarantees both
     *    "done closed => err non-null" and "err non-null => done closed". The first holds here
     *    because err is written before done is closed. For the second, err() that sees a
     *    non-null err while the lock is held passes through the lock once: the cancellation
     *    that wrote err is then over, done included. If the lock is free, that cancellation
     *    (which began before our read) has already released it. The common cases, a null err
     *    and a long-cancelled context, cost one or two volatile reads.
     */

    final Context parent;
    private final Instant deadline;          // inherited or own; null if none
    final ReentrantLock lock = new ReentrantLock();

    private HashSet<Node> children;          // guarded by lock; null when empty or cancelled
    private RuntimeException cause;          // written under lock just before err; read after err
    private volatile RuntimeException err;   // written once under lock; read without it
    private volatile Done done;              // null, an open Done, or Done.CLOSED; see note 1

    CancelCtx(Context parent, Instant deadline) {
        this.parent = parent;
        this.deadline = deadline;
    }

    static CancelCtx create(Context parent) {
        Objects.requireNonNull(parent, "cannot create context from null parent");
        CancelCtx c = new CancelCtx(parent, parent.deadline().orElse(null));
        Tree.attach(parent, c);
        return c;
    }

    // ---- Context ----

    @Override
    public final Optional<Instant> deadline() {
        return Optional.ofNullable(deadline);
    }

    @Override
    public final RecvChan<Void> done() {
        Done d = done;
        if (d == null) {
            Done fresh = new Done();
            Done witness = caeDone(null, fresh);
            d = witness == null ? fresh : witness;
        }
        if (Hooks.SYNC_EVENTS && d == Done.CLOSED) {
            Hooks.acquire(this, 0);   // the shared closed channel carries no edge from our cancel
        }
        return d.view;
    }

    @Override
    public final RuntimeException err() {
        RuntimeException e = err;
        if (e != null && lock.isLocked()) {
            lock.lock();     // see note 4: let a cancellation in progress close done first
            lock.unlock();
        }
        if (Hooks.SYNC_EVENTS && e != null) {
            Hooks.acquire(this, 0);   // Go's Err() takes the lock the cancel held
        }
        return e;
    }

    @Override
    public final Object value(Object key) {
        return Tree.value(this, key);
    }

    @Override
    public final void cancel(RuntimeException cause) {
        cancel(true, Canceled.INSTANCE, cause);
    }

    @Override
    public String toString() {
        return parent + ".WithCancel";
    }

    // ---- The tree ----

    /** Returns the cause recorded at cancellation, or null if not cancelled. */
    final RuntimeException cause() {
        return err == null ? null : cause;
    }

    /**
     * Cancels this context and its descendants, if not already cancelled; with
     * {@code removeFromParent}, also leaves the parent's child set (the parent is not cancelled).
     */
    final void cancel(boolean removeFromParent, RuntimeException err, RuntimeException cause) {
        if (cause == null) {
            cause = err;
        }
        ArrayDeque<Node> work = new ArrayDeque<>();
        if (!cancelSelf(err, cause, work)) {
            return;
        }
        if (removeFromParent) {
            detach();
        }
        Tree.drain(work, err, cause);
    }

    @Override
    final void cancelByParent(RuntimeException err, RuntimeException cause, ArrayDeque<Node> work) {
        cancelSelf(err, cause, work);
    }

    @Override
    final RecvChan<Void> watchDone() {
        return done();
    }

    /** Adds {@code child} to the child set; returns false, adding nothing, if already cancelled. */
    final boolean addChild(Node child) {
        lock.lock();
        try {
            if (err != null) {
                return false;
            }
            if (children == null) {
                children = new HashSet<>();
            }
            children.add(child);
            child.owner = this;
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Removes {@code child} from the child set, if it is there. */
    final void removeChild(Node child) {
        lock.lock();
        try {
            if (children != null) {
                children.remove(child);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Returns the number of children not yet cancelled or stopped; for tests. */
    final int childCount() {
        lock.lock();
        try {
            return children == null ? 0 : children.size();
        } finally {
            lock.unlock();
        }
    }

    /** Called under lock once, right after this context is cancelled. */
    void onCancelLocked() {}

    /**
     * Marks this context cancelled, closes done and moves its children to {@code work};
     * returns false if it was already cancelled.
     */
    private boolean cancelSelf(RuntimeException err, RuntimeException cause, ArrayDeque<Node> work) {
        lock.lock();
        try {
            if (this.err != null) {
                return false;
            }
            if (Hooks.SYNC_EVENTS) {
                Hooks.release(this, 0);   // cancel happens-before err() and done() see it
            }
            this.cause = cause;
            this.err = err;
            if (children != null) {
                work.addAll(children);
                children = null;
            }
            Done d = caeDone(null, Done.CLOSED);   // keeps a channel done() already handed out
            if (d != null) {
                d.chan.close();
            }
            onCancelLocked();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** A done channel and its receive-only view, made together so done() returns one object. */
    static final class Done {
        static final Done CLOSED = closed();

        final Chan<Void> chan = Chan.make();
        final RecvChan<Void> view = chan.recvOnly();

        private static Done closed() {
            Done d = new Done();
            d.chan.close();
            return d;
        }
    }

    // Atomic updates

    /** Installs {@code update} if done is {@code expected}; returns the value it found. */
    private Done caeDone(Done expected, Done update) {
        return (Done) DONE.compareAndExchange(this, expected, update);
    }

    // VarHandle mechanics
    private static final VarHandle DONE;

    static {
        try {
            DONE = MethodHandles.lookup().findVarHandle(CancelCtx.class, "done", Done.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
