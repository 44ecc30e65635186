package io.go4j.semaphore;

import io.go4j.Chan;
import io.go4j.GoInterruptedException;
import io.go4j.GoPanic;
import io.go4j.Select;
import io.go4j.context.Context;
import io.go4j.internal.runtime.Hooks;

import java.util.ArrayDeque;
import java.util.Objects;

/**
 * Weighted is a semaphore of a fixed total weight that goroutines acquire and release in
 * amounts (Go's {@code semaphore.Weighted}). Waiters are served first-in first-out: a large
 * request at the head of the queue holds back smaller ones behind it, so it is never starved.
 *
 * <pre>{@code
 * Weighted sem = new Weighted(3);
 * sem.acquire(Context.background(), 2);
 * System.out.println(sem.tryAcquire(2));   // false: only 1 left
 * sem.release(2);
 * System.out.println(sem.tryAcquire(3));   // true
 * }</pre>
 *
 * <p>Memory model: a {@link #release} happens-before an {@link #acquire} or {@link #tryAcquire}
 * that obtains the weight it released.
 */
public final class Weighted {
    /*
     * Implementation notes. Invariants (under the monitor): 0 <= cur <= size; the queue holds
     * the waiters not yet granted, in arrival order, and is non-empty only if its head's request
     * does not fit (size - cur < head.n) — grants happen in order, from the head, as soon as
     * weight is released. A waiter is granted by adding its weight to cur and closing its
     * `ready` channel; the waiter selects on `ready` and the context's done channel, so a
     * cancelled or interrupted waiter that loses the race with its grant gives the weight back.
     * The monitor is held for a few field updates only, never while blocking.
     */

    private final long size;
    private long cur;                                           // guarded by this
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();   // guarded by this

    private record Waiter(long n, Chan<Void> ready) {}

    /**
     * Creates a semaphore with total weight {@code n}.
     *
     * @param n the total weight
     * @throws IllegalArgumentException if {@code n} is negative
     */
    public Weighted(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("semaphore: negative size " + n);
        }
        this.size = n;
    }

    /**
     * Acquires weight {@code n}, blocking until it is available or {@code ctx} is done. If
     * {@code ctx} is already done, acquire may still succeed without blocking, as in Go. A
     * request larger than the total weight waits for {@code ctx}.
     *
     * @param ctx stops the wait when it is done
     * @param n   the weight to acquire
     * @throws RuntimeException       {@code ctx.err()} (Canceled or DeadlineExceeded) if ctx
     *                                was done first; nothing was acquired
     * @throws GoInterruptedException if interrupted while waiting; nothing was acquired
     */
    public void acquire(Context ctx, long n) {
        Objects.requireNonNull(ctx, "ctx");
        checkWeight(n);
        Waiter w;
        synchronized (this) {
            if (size - cur >= n && waiters.isEmpty()) {
                cur += n;
                acquired();
                return;
            }
            w = new Waiter(n, Chan.make());
            if (n <= size) {
                waiters.addLast(w);
            }
            // else: can never be granted; wait for ctx below without queueing, as Go does
        }
        boolean granted;
        try {
            granted = Select.select(
                    Select.recv(w.ready(), v -> Boolean.TRUE),
                    Select.recv(ctx.done(), v -> Boolean.FALSE));
        } catch (GoInterruptedException e) {
            abandon(w);
            throw e;
        }
        if (!granted) {
            abandon(w);
            throw ctx.err();
        }
        acquired();
    }

    /**
     * Acquires weight {@code n} if it is available now and nobody is queued; returns whether it did.
     *
     * @param n the weight to acquire
     * @return true if the weight was acquired
     */
    public boolean tryAcquire(long n) {
        checkWeight(n);
        synchronized (this) {
            if (size - cur >= n && waiters.isEmpty()) {
                cur += n;
                acquired();
                return true;
            }
            return false;
        }
    }

    /**
     * Releases weight {@code n}, granting queued waiters in order while their requests fit.
     *
     * @param n the weight to release
     * @throws GoPanic "semaphore: released more than held"
     */
    public void release(long n) {
        checkWeight(n);
        synchronized (this) {
            if (n > cur) {
                throw new GoPanic("semaphore: released more than held");
            }
            if (Hooks.SYNC_EVENTS) {
                Hooks.releaseMerge(this, 0);   // many releasers: Go's Weighted has a Mutex here
            }
            cur -= n;
            grantWaiters();
        }
    }

    /** Go's Weighted takes a Mutex in every operation: a release happens-before later acquires. */
    private void acquired() {
        if (Hooks.SYNC_EVENTS) {
            Hooks.acquire(this, 0);
        }
    }

    /** Gives up waiting: leaves the queue, or gives back the weight granted meanwhile. */
    private void abandon(Waiter w) {
        synchronized (this) {
            if (w.ready().tryRecv() != null) {
                // Granted after ctx was done or the interrupt came: pretend it was not.
                cur -= w.n();
                grantWaiters();
                return;
            }
            boolean wasHead = waiters.peekFirst() == w;
            waiters.remove(w);
            if (wasHead) {
                grantWaiters();   // a smaller waiter behind the head may fit now
            }
        }
    }

    /** Grants queued waiters from the head while their requests fit; under the monitor. */
    private void grantWaiters() {
        for (Waiter head = waiters.peekFirst(); head != null; head = waiters.peekFirst()) {
            if (size - cur < head.n()) {
                return;   // FIFO: do not let smaller waiters behind it overtake
            }
            cur += head.n();
            waiters.removeFirst();
            head.ready().close();
        }
    }

    private static void checkWeight(long n) {
        if (n < 0) {
            throw new IllegalArgumentException("semaphore: negative weight " + n);
        }
    }
}
