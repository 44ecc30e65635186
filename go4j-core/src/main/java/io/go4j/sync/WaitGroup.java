package io.go4j.sync;

import io.go4j.Go;
import io.go4j.GoInterruptedException;
import io.go4j.GoPanic;
import io.go4j.internal.runtime.Bubble;
import io.go4j.internal.runtime.Hooks;
import io.go4j.internal.runtime.Outcome;
import io.go4j.internal.runtime.WaitReason;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * WaitGroup waits for a collection of goroutines to finish, as Go's {@code sync.WaitGroup}: the
 * main goroutine calls {@link #add(int)} to set the number of goroutines to wait for, each of
 * them calls {@link #done()} when it finishes, and {@link #await()} (Go's {@code Wait}) blocks
 * until all have. {@link #go(Runnable)} does the three steps for one task (Go 1.25's
 * {@code WaitGroup.Go}).
 *
 * <p>Rules, as in Go: a positive {@code add} that starts from zero must happen before the
 * {@code await} it is meant to hold back, so call it before starting the goroutine, not inside
 * it; an {@code add} racing with an {@code await} at zero is misuse (it throws
 * {@code sync: WaitGroup misuse: Add called concurrently with Wait} where detected). To reuse a
 * WaitGroup for a new round, the new {@code add} calls must happen after every {@code await} of
 * the previous round has returned; otherwise {@code await} throws
 * {@code sync: WaitGroup is reused before previous Wait has returned} where detected. A counter
 * driven below zero throws {@link GoPanic} {@code sync: negative WaitGroup counter}, and one
 * driven above {@link Integer#MAX_VALUE} throws {@code sync: WaitGroup counter overflow}; either
 * way the counter is left unchanged.
 *
 * <p>Synctest bubbles (go4j-test's {@code Synctest}), as in Go 1.25: the first {@code add}
 * made inside a bubble associates the WaitGroup with it, and only then is an {@code await} in
 * the bubble durably blocking; an {@code add} from outside an associated WaitGroup's bubble, or
 * from inside a bubble after adds from outside, throws {@code sync: WaitGroup.Add called from
 * inside and outside synctest bubble}, and one from a second bubble {@code sync: WaitGroup.Add
 * called from multiple synctest bubbles}.
 *
 * <p>Interruption: a goroutine interrupted while blocked in {@link #await()} throws
 * {@link GoInterruptedException} with its interrupt flag set; the counter is unchanged.
 *
 * <p>Memory model: a call to {@link #done()} happens-before the return of any {@link #await()}
 * it unblocks.
 * <pre>{@code
 * WaitGroup wg = new WaitGroup();
 * AtomicInteger sum = new AtomicInteger();
 * for (int i = 1; i <= 3; i++) {
 *     int n = i;
 *     wg.go(() -> sum.addAndGet(n));
 * }
 * wg.await();
 * System.out.println(sum.get());   // 6
 * }</pre>
 */
public final class WaitGroup {
    /*
     * Implementation notes.
     *
     * As in Go, one 64-bit word holds the counter (high half) and the number of waiters (low
     * half), so add can tell in one atomic step whether it brought the counter to zero with
     * waiters to release. Waiters register (waiters + 1, by a CAS that requires a non-zero
     * counter) and link their node under the queue lock; the add that reaches zero takes the same
     * lock, resets the word to 0 and completes every node. So a waiter either sees the counter at
     * zero and returns at once, or registers while it was positive and is linked before the
     * releaser can look at the queue: no lost wake-up.
     *
     * Tempting and wrong: letting a waiter that wakes skip the state check. Go checks it to catch
     * reuse; a new add landing before an old waiter has returned would otherwise go unnoticed and
     * that waiter could observe a half-started new round.
     *
     * add is a CAS loop, not Go's unconditional atomic add: the add that would drive the counter
     * below zero throws before changing the word. Applying the delta and undoing it let an
     * await see the transient negative counter, register and park, with no add left to release
     * it (WaitGroupLincheckTest, go4j-concurrency-tests, found it under model checking).
     *
     * An interrupted waiter unlinks itself and takes itself out of the waiter count under the
     * queue lock; if the releaser got there first (the node is no longer linked), the wait
     * completed and there is nothing to undo.
     */

    private static final long ONE = 1L << 32;   // one unit of the counter

    private final WaitQueue queue = new WaitQueue();

    private volatile long state;   // counter << 32 | waiters; CAS by add and await

    /** Creates a WaitGroup with a zero counter. */
    public WaitGroup() {}

    /**
     * Adds {@code delta}, which may be negative, to the counter; at zero, releases every goroutine
     * blocked in {@link #await()}.
     *
     * @param delta the amount to add to the counter, negative to subtract
     * @throws GoPanic {@code sync: negative WaitGroup counter} if the counter would drop below
     *                 zero, {@code sync: WaitGroup counter overflow} if it would exceed
     *                 {@link Integer#MAX_VALUE}; the counter is then unchanged
     */
    public void add(int delta) {
        if (Hooks.SYNC_EVENTS && delta < 0) {
            Hooks.releaseMerge(this, 0);
        }
        if (Bubble.anyLive()) {
            checkBubble();
        }
        long s;
        long next;
        do {
            s = state;
            long counter = (s >> 32) + delta;
            if (counter < 0) {
                // Checked before the word changes: an await racing this add never sees a
                // negative counter, and the counter is left as it was.
                throw new GoPanic("sync: negative WaitGroup counter");
            }
            if (counter > Integer.MAX_VALUE) {
                // Go's int32 counter wraps to negative and reports "negative WaitGroup counter",
                // which misleads: nothing was subtracted. Say what happened.
                throw new GoPanic("sync: WaitGroup counter overflow");
            }
            next = s + ((long) delta << 32);
        } while (!STATE.compareAndSet(this, s, next));
        int v = (int) (next >> 32);
        int w = (int) next;
        if (w != 0 && delta > 0 && v == delta) {
            throw new GoPanic("sync: WaitGroup misuse: Add called concurrently with Wait");
        }
        if (v > 0 || w == 0) {
            return;
        }
        release();
    }

    /** Decrements the counter by one: {@code add(-1)}. */
    public void done() {
        add(-1);
    }

    /**
     * Runs {@code task} in a new goroutine counted by this WaitGroup: {@code add(1)}, then start
     * the goroutine, which calls {@link #done()} when the task returns or throws.
     *
     * @param task what the goroutine runs
     */
    public void go(Runnable task) {
        Objects.requireNonNull(task, "task");
        add(1);
        try {
            Go.go(() -> {
                try {
                    task.run();
                } finally {
                    done();
                }
            });
        } catch (RuntimeException | Error e) {
            done();
            throw e;
        }
    }

    /**
     * Blocks until the counter is zero (Go's {@code Wait}).
     *
     * @throws GoInterruptedException if interrupted while blocked
     * @throws GoPanic {@code sync: WaitGroup is reused before previous Wait has returned} when
     *         detected
     */
    public void await() {
        awaitZero();
        if (Hooks.SYNC_EVENTS) {
            Hooks.acquire(this, 0);
        }
    }

    private void awaitZero() {
        if (state >>> 32 == 0) {
            return;
        }
        WaitQueue.Node node = new WaitQueue.Node(0, 0);
        queue.lock();
        for (;;) {
            long s = state;
            if (s >>> 32 == 0) {
                queue.unlock();
                return;
            }
            if (STATE.compareAndSet(this, s, s + 1)) {
                break;
            }
        }
        queue.addLast(node);
        queue.unlock();
        WaitReason reason = Bubble.anyLive() && Bubble.current() != null
                && Bubble.associatedWith(this) == Bubble.current()
                ? WaitReason.SYNCTEST_WAITGROUP_WAIT : WaitReason.SYNC_WAITGROUP_WAIT;
        if (node.park(reason, this) == Outcome.INTERRUPTED) {
            queue.lock();
            if (queue.remove(node)) {
                STATE.getAndAdd(this, -1L);
            }
            queue.unlock();
            throw new GoInterruptedException("sync.WaitGroup.Wait");
        }
        if (state != 0) {
            throw new GoPanic("sync: WaitGroup is reused before previous Wait has returned");
        }
    }

    /**
     * Go 1.25's rules for WaitGroups and synctest bubbles: the first add made inside a bubble
     * associates the WaitGroup with it (its wait is then durable there), and from then on every
     * add must come from that bubble.
     */
    private void checkBubble() {
        Bubble owner = Bubble.associatedWith(this);
        Bubble current = Bubble.current();
        if (current == null ? owner != null : owner == null && state != 0) {
            throw new GoPanic("sync: WaitGroup.Add called from inside and outside synctest bubble");
        }
        if (current != null && Bubble.associate(this) == Bubble.Association.OTHER) {
            throw new GoPanic("sync: WaitGroup.Add called from multiple synctest bubbles");
        }
    }

    @Override
    public String toString() {
        return "WaitGroup[counter=" + (state >> 32) + "]";
    }

    /** The counter reached zero with waiters: reset the word and wake them all. */
    private void release() {
        List<WaitQueue.Node> wake = new ArrayList<>();
        queue.lock();
        try {
            if (state >>> 32 != 0) {
                throw new GoPanic("sync: WaitGroup misuse: Add called concurrently with Wait");
            }
            state = 0;
            queue.completeAll(wake);
        } finally {
            queue.unlock();
        }
        WaitQueue.unparkAll(wake);
    }

    // VarHandle mechanics
    private static final VarHandle STATE;

    static {
        try {
            STATE = MethodHandles.lookup().findVarHandle(WaitGroup.class, "state", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
