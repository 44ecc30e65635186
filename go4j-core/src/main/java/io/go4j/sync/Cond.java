package io.go4j.sync;

import io.go4j.GoInterruptedException;
import io.go4j.internal.runtime.WaitReason;
import io.go4j.internal.runtime.Hooks;
import io.go4j.internal.runtime.Outcome;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Cond is a condition variable, Go's {@code sync.Cond}: a rendezvous point for goroutines
 * waiting for, or announcing, a change of state guarded by a {@link Locker}.
 *
 * <p>{@link #await()} (Go's {@code Wait}) atomically releases the locker and suspends the
 * goroutine; when woken it re-acquires the locker before returning. Because another goroutine
 * may change the state between the wake-up and the re-lock, call {@code await} in a loop:
 * {@code while (!condition) cond.await();}. A wake-up without {@link #signal()} or
 * {@link #broadcast()} does not happen.
 *
 * <p>Interruption: a goroutine interrupted while blocked in {@code await()} re-acquires the locker
 * (that wait is not interruptible), then throws {@link GoInterruptedException} with its interrupt
 * flag set, so a {@code finally} that unlocks stays correct. If the interrupt races with a signal,
 * the signal wins: {@code await} returns normally with the flag set, and no signal is lost.
 *
 * <p>Memory model: a call to {@code signal} or {@code broadcast} happens-before the return of
 * any {@code await} it unblocks.
 * <pre>{@code
 * Mutex mu = new Mutex();
 * Cond ready = new Cond(mu);
 * boolean[] flag = new boolean[1];
 * Go.go(() -> {
 *     mu.lock();
 *     flag[0] = true;
 *     ready.signal();
 *     mu.unlock();
 * });
 * mu.lock();
 * while (!flag[0]) {
 *     ready.await();
 * }
 * mu.unlock();
 * System.out.println("ready");   // ready
 * }</pre>
 */
public final class Cond {
    /*
     * Implementation notes.
     *
     * A waiter links its node before it releases the locker (Go's notifyListAdd before
     * L.Unlock), so a signal sent by a goroutine that takes the locker after the release always
     * finds it: no lost wake-up. signal completes the first node that is still live (a node whose
     * owner was interrupted first reports LOST and is skipped), so a signal is never spent on a
     * goroutine that has already left; broadcast completes every linked node. Both may be called
     * with or without the locker held, as in Go.
     */

    private final Locker l;
    private final WaitQueue queue = new WaitQueue();

    /**
     * Creates a Cond on locker {@code l}.
     *
     * @param l the locker held while checking or changing the condition
     */
    public Cond(Locker l) {
        this.l = Objects.requireNonNull(l, "l");
    }

    /** {@return the locker this Cond was created with (Go's field {@code L})} */
    public Locker locker() {
        return l;
    }

    /**
     * Releases the locker, blocks until woken by {@link #signal()} or {@link #broadcast()}, and
     * re-acquires the locker. The caller must hold the locker (else the locker's unlock
     * throws, e.g. {@code sync: unlock of unlocked mutex}, and nothing waits).
     *
     * @throws GoInterruptedException if interrupted while blocked; the locker is held again
     */
    public void await() {
        WaitQueue.Node node = new WaitQueue.Node(0, 0);
        queue.lock();
        queue.addLast(node);
        queue.unlock();
        try {
            l.unlock();
        } catch (RuntimeException | Error e) {   // not held: leave no node behind
            queue.lock();
            queue.remove(node);
            queue.unlock();
            throw e;
        }
        int r = node.park(WaitReason.SYNC_COND_WAIT, this);
        if (r == Outcome.INTERRUPTED) {
            queue.lock();
            queue.remove(node);
            queue.unlock();
        }
        if (Hooks.SYNC_EVENTS && r != Outcome.INTERRUPTED) {
            Hooks.acquire(this, 0);
        }
        relock();
        if (r == Outcome.INTERRUPTED) {
            throw new GoInterruptedException("sync.Cond.Wait");
        }
    }

    /** Wakes one goroutine waiting on this Cond, if there is any. */
    public void signal() {
        if (Hooks.SYNC_EVENTS) {
            Hooks.releaseMerge(this, 0);
        }
        queue.lock();
        WaitQueue.Node woken = queue.completeFirst();
        queue.unlock();
        if (woken != null) {
            woken.unpark();
        }
    }

    /** Wakes every goroutine waiting on this Cond. */
    public void broadcast() {
        if (Hooks.SYNC_EVENTS) {
            Hooks.releaseMerge(this, 0);
        }
        List<WaitQueue.Node> wake = new ArrayList<>();
        queue.lock();
        queue.completeAll(wake);
        queue.unlock();
        WaitQueue.unparkAll(wake);
    }

    /** Re-acquires the locker whatever interrupts arrive, keeping the interrupt flag. */
    private void relock() {
        boolean interrupted = Thread.interrupted();
        for (;;) {
            try {
                l.lock();
                break;
            } catch (GoInterruptedException e) {
                Thread.interrupted();
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }
}
