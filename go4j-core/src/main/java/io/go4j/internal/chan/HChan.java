package io.go4j.internal.chan;

import io.go4j.internal.runtime.LockBackoff;
import io.go4j.internal.runtime.WaitReason;
import io.go4j.internal.runtime.Waiter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.atomic.AtomicLong;

/**
 * HChan is a channel (Go's {@code hchan}): a ring buffer of {@code capacity} slots, a queue of
 * blocked receivers and one of blocked senders, a closed flag, and a lock guarding them all.
 *
 * <p>Invariants (under the lock):
 * <ul>
 *   <li>At least one of the receive and send queues holds no pending node (one that can still be
 *       completed), except while a select that registered on both ends of this channel is
 *       parked: its own two nodes never pair with each other.</li>
 *   <li>Buffered: if {@code count > 0} the receive queue holds no pending node; if
 *       {@code count < capacity} the send queue holds no pending node.</li>
 *   <li>Unbuffered: {@code count == 0}; a value moves straight from a sender's node or call to a
 *       receiver's node (direct handoff), never through the buffer.</li>
 *   <li>Once {@code closed}, both queues are empty and stay empty: close completes every queued
 *       node, and no operation registers on a closed channel.</li>
 *   <li>A node is in a queue exactly while {@code node.queued}; it is a send node exactly when
 *       its element is non-null.</li>
 * </ul>
 * Non-invariants: {@code spinNanos}, {@code yieldScore} and {@code waits} are racy hints, read and
 * written without the lock; a lost update only delays adaptation.
 */
public final class HChan {
    /*
     * Implementation notes.
     *
     * The algorithm is Go's runtime/chan.go, with its lock, and three changes for the JVM:
     *
     * 1. Completion is one CAS on the blocked peer's state word (Waiter): a counterpart that
     *    finds a blocked peer dequeues its node under this channel's lock, writes the value into
     *    the node, completes it with that CAS, releases the lock, and only then unparks the peer,
     *    and only if the peer had really parked (as Go calls goready after unlock).
     * 2. Before parking, a blocked operation spins on its state word for an adaptive budget kept
     *    per channel: doubled when a spin ends in a wake-up, halved when it ends in a park, and
     *    re-probed now and then once it reaches zero. A park/unpark pair costs ~500 ns between
     *    virtual threads on two carriers, a successful spin ~100 ns; but in a ring or a long
     *    chain the counterpart is never about to run, and a fixed spin count (jox's) wastes the
     *    carrier on every hop. The budget learns which shape this channel is in.
     *    Yield: when this goroutine has just unparked a peer, that peer is most likely queued
     *    on our own carrier, where spinning only delays it. Yielding once lets it run at once;
     *    that pays when the peer is who completes our wait (ping-pong), and costs an extra
     *    unmount when it is not (a ring, where the token comes back a thousand hops later). A
     *    per-channel score keeps yielding only while it pays, probing now and then.
     * 3. The lock is a test-and-test-and-set spin lock. Critical sections are a few dozen
     *    instructions and never block, and a lock holder never leaves its carrier, so a
     *    waiting locker only ever waits for a running thread. That is why a select taking
     *    its second, third... lock (lockNested) only spins: yielding with a lock held
     *    livelocked a soak run (SelectLivelockTest, go4j-concurrency-tests). The JDK
     *    scheduler drains a carrier's local queue before it looks at the shared one, where a
     *    yielded virtual thread may land; goroutines yielding on the held lock kept the local
     *    queues full, so the holder was never run again. A locker holding no lock waits with
     *    LockBackoff: spins, then yields between tries. Go's runtime lock is the same idea
     *    with a futex behind it.
     *
     * Select (SelectImpl) locks all its channels in id order, as Go's selectgo does in address
     * order, so a select observes all its cases at one instant. After wake-up it removes its
     * other nodes one channel at a time; counterparts that meet such a node first drop it.
     * Blocked receivers and senders are intrusive lists of Nodes whose head and tail fields live
     * in this object, next to the lock word, so taking the lock brings them into cache too.
     *
     * Why a lock and not the lock-free segment algorithm of Koval, Alistarh and Elizarov
     * (kotlinx, jox): on two cores throughput is bounded by the cache-line transfers per message
     * and by park/unpark, not by lock hold time; the lock makes select (several channels at one
     * instant, the same channel on both ends), close, cancellation on interrupt, and per-node
     * wait reasons straightforward to prove, and Go's own runtime shows the figures it reaches.
     */

    /** Receive results that are not values. */
    public static final Object CLOSED = new Marker("closed");
    public static final Object WOULD_BLOCK = new Marker("would block");
    public static final Object INTERRUPTED = new Marker("interrupted");

    /** Send results. */
    public static final int SENT = 0;
    public static final int SEND_CLOSED = 1;
    public static final int SEND_WOULD_BLOCK = 2;
    public static final int SEND_INTERRUPTED = 3;

    /** Longest spin before parking, in ns. Empirical (2-core machine, JDK 25): a park/unpark pair costs ~500 ns; revisit with the pingpong and chain benchmarks. */
    static final int MAX_SPIN_NANOS = 2_000;
    /** Spin budget used when probing again from zero. Empirical, as above. */
    static final int PROBE_SPIN_NANOS = 250;
    /** Below this budget spinning is not worth it and the budget drops to zero. */
    static final int MIN_SPIN_NANOS = 100;
    /** A channel with a zero budget probes spinning again once in this many waits (power of two). */
    static final int PROBE_PERIOD = 64;
    /** Bound of the yield score: how many failed yields it takes to stop yielding. Empirical. */
    static final int MAX_YIELD_SCORE = 4;

    private static final AtomicLong IDS = new AtomicLong();

    final long id;                   // lock order for select
    final int capacity;
    private final Object[] buf;      // null when unbuffered

    private volatile int lock;       // 0 free, 1 held; CAS to take, release-store to free
    private int count;               // guarded by lock
    private int recvx;               // guarded by lock: next slot to receive from
    private int sendx;               // guarded by lock: next slot to send into
    private boolean closed;          // guarded by lock
    private Node recvHead;           // guarded by lock: blocked receivers, FIFO
    private Node recvTail;           // guarded by lock
    private Node sendHead;           // guarded by lock: blocked senders, FIFO
    private Node sendTail;           // guarded by lock

    private int spinNanos = PROBE_SPIN_NANOS;   // racy hint: adaptive spin budget (int: no torn reads)
    private int yieldScore;                     // racy hint: >= 0 while yielding to a woken peer pays
    private int waits;                          // racy: counts waits, for probing

    public HChan(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("makechan: size out of range");
        }
        this.id = IDS.incrementAndGet();
        this.capacity = capacity;
        this.buf = capacity == 0 ? null : new Object[capacity];
    }

    public int capacity() {
        return capacity;
    }

    /** Returns the number of buffered values (Go's {@code len}). */
    public int length() {
        if (capacity == 0) {
            return 0;
        }
        lock();
        int n = count;
        unlock();
        return n;
    }

    // ---------------------------------------------------------------------------------------
    // Send

    /**
     * Sends {@code elem} (non-null). Returns {@link #SENT}, {@link #SEND_CLOSED} (the caller
     * panics), {@link #SEND_WOULD_BLOCK} (only when {@code block} is false) or
     * {@link #SEND_INTERRUPTED} (the value was not sent).
     */
    public int send(Object elem, boolean block) {
        lock();
        int r = sendLocked(elem);
        if (r != SEND_WOULD_BLOCK) {
            return r;  // sendLocked released the lock
        }
        if (!block) {
            unlock();
            return r;
        }
        Node n = new Node(elem);
        enqueue(n);
        unlock();
        if (await(n, WaitReason.CHAN_SEND) == Waiter.CANCELLED_RESULT) {
            dequeue(n);
            return SEND_INTERRUPTED;
        }
        return n.closed ? SEND_CLOSED : SENT;
    }

    /**
     * Completes a send if one is possible now. Called with the lock held; releases it unless it
     * returns {@link #SEND_WOULD_BLOCK}.
     */
    int sendLocked(Object elem) {
        if (closed) {
            unlock();
            return SEND_CLOSED;
        }
        for (Node receiver = recvHead; receiver != null; receiver = recvHead) {
            unlink(receiver);
            int r = receiver.completeRecv(elem);
            if (r != Waiter.LOST) {
                unlock();
                if (r == Waiter.COMPLETED_MUST_UNPARK) {
                    receiver.owner.unpark();
                }
                return SENT;
            }
            // A select that completed elsewhere, or a cancelled receive: drop it, try the next.
        }
        if (count < capacity) {
            buf[sendx] = elem;
            sendx = next(sendx);
            count++;
            unlock();
            return SENT;
        }
        return SEND_WOULD_BLOCK;
    }

    // ---------------------------------------------------------------------------------------
    // Receive

    /**
     * Receives a value. Returns the value, {@link #CLOSED} (closed and drained),
     * {@link #WOULD_BLOCK} (only when {@code block} is false) or {@link #INTERRUPTED}.
     */
    public Object recv(boolean block) {
        lock();
        Object v = recvLocked();
        if (v != WOULD_BLOCK) {
            return v;  // recvLocked released the lock
        }
        if (!block) {
            unlock();
            return v;
        }
        Node n = new Node(null);
        enqueue(n);
        unlock();
        if (await(n, WaitReason.CHAN_RECEIVE) == Waiter.CANCELLED_RESULT) {
            dequeue(n);
            return INTERRUPTED;
        }
        return n.closed ? CLOSED : n.item;
    }

    /**
     * Completes a receive if one is possible now. Called with the lock held; releases it unless
     * it returns {@link #WOULD_BLOCK}.
     */
    Object recvLocked() {
        for (Node sender = sendHead; sender != null; sender = sendHead) {
            unlink(sender);
            int r = sender.complete(false);
            if (r != Waiter.LOST) {
                Object v;
                if (capacity == 0) {
                    v = sender.elem;
                } else {
                    // Full buffer: take its head, append the sender's value at its tail (FIFO).
                    v = buf[recvx];
                    buf[recvx] = sender.elem;
                    recvx = next(recvx);
                    sendx = recvx;
                }
                unlock();
                if (r == Waiter.COMPLETED_MUST_UNPARK) {
                    sender.owner.unpark();
                }
                return v;
            }
        }
        if (count > 0) {
            Object v = buf[recvx];
            buf[recvx] = null;
            recvx = next(recvx);
            count--;
            unlock();
            return v;
        }
        if (closed) {
            unlock();
            return CLOSED;
        }
        return WOULD_BLOCK;
    }

    // ---------------------------------------------------------------------------------------
    // Close

    /** Closes the channel; returns false if it was already closed (the caller panics). */
    public boolean close() {
        lock();
        if (closed) {
            unlock();
            return false;
        }
        closed = true;
        Node receivers = detachAll(recvHead);
        Node senders = detachAll(sendHead);
        recvHead = recvTail = sendHead = sendTail = null;
        unlock();
        // Outside the lock: detached nodes are reachable only from here, and each waiter's
        // state word keeps other completers away.
        completeClosed(receivers);
        completeClosed(senders);
        return true;
    }

    /** Marks every node from {@code first} on as unqueued, keeping their next links; under the lock. */
    private static Node detachAll(Node first) {
        for (Node n = first; n != null; n = n.next) {
            n.queued = false;
        }
        return first;
    }

    private static void completeClosed(Node first) {
        for (Node n = first; n != null; ) {
            Node next = n.next;
            n.prev = n.next = null;
            if (n.complete(true) == Waiter.COMPLETED_MUST_UNPARK) {
                n.owner.unpark();
            }
            n = next;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Blocking

    /**
     * Waits until {@code w} completes, spinning first with this channel's adaptive budget.
     * Returns the completed case or {@link Waiter#CANCELLED_RESULT}.
     */
    int await(Waiter w, WaitReason reason) {
        if (Waiter.wokePeerSinceLastWait() && shouldYield()) {
            Thread.yield();
            boolean done = w.isDone();
            yieldScore = done ? Math.min(yieldScore + 1, MAX_YIELD_SCORE) : Math.max(yieldScore - 1, -MAX_YIELD_SCORE);
            if (done) {
                return w.park(reason, this);  // returns at once: completed while we yielded
            }
        }
        int budget = spinNanos;
        if (budget == 0 && (++waits & (PROBE_PERIOD - 1)) == 0) {
            budget = PROBE_SPIN_NANOS;
        }
        if (budget > 0) {
            if (w.spin(budget)) {
                spinNanos = Math.min(MAX_SPIN_NANOS, Math.max(budget * 2, PROBE_SPIN_NANOS));
            } else {
                int halved = budget / 2;
                spinNanos = halved < MIN_SPIN_NANOS ? 0 : halved;
            }
        }
        return w.park(reason, this);  // returns at once if the spin saw it complete
    }

    /** Yield after waking a peer while that has paid off here lately, and probe now and then. */
    private boolean shouldYield() {
        return yieldScore >= 0 || (++waits & (PROBE_PERIOD - 1)) == 0;
    }

    /** Removes a cancelled or losing node from its queue, if it is still there. */
    void dequeue(Node n) {
        lock();
        if (n.queued) {
            unlink(n);
        }
        unlock();
    }

    /** Appends {@code n} to the send or receive queue; called with the lock held. */
    void enqueue(Node n) {
        n.queued = true;
        if (n.isSend()) {
            n.prev = sendTail;
            if (sendTail == null) {
                sendHead = n;
            } else {
                sendTail.next = n;
            }
            sendTail = n;
        } else {
            n.prev = recvTail;
            if (recvTail == null) {
                recvHead = n;
            } else {
                recvTail.next = n;
            }
            recvTail = n;
        }
    }

    /** Unlinks a queued node from its queue; called with the lock held. */
    private void unlink(Node n) {
        boolean send = n.isSend();
        if (n.prev == null) {
            if (send) {
                sendHead = n.next;
            } else {
                recvHead = n.next;
            }
        } else {
            n.prev.next = n.next;
        }
        if (n.next == null) {
            if (send) {
                sendTail = n.prev;
            } else {
                recvTail = n.prev;
            }
        } else {
            n.next.prev = n.prev;
        }
        n.prev = n.next = null;
        n.queued = false;
    }

    private int next(int index) {
        return index + 1 == capacity ? 0 : index + 1;
    }

    // ---------------------------------------------------------------------------------------
    // Lock

    /** Takes the lock; the caller holds no other channel lock, so it may yield while waiting. */
    void lock() {
        if (!LOCK.compareAndSet(this, 0, 1)) {
            lockSlow();
        }
    }

    /**
     * Takes the lock while holding others (a select, in id order). It only spins: the holder
     * of this lock is running, and this goroutine must not leave its carrier (note 3 above).
     */
    void lockNested() {
        while (!(lock == 0 && LOCK.compareAndSet(this, 0, 1))) {
            Thread.onSpinWait();
        }
    }

    private void lockSlow() {
        for (int tries = 0; !(lock == 0 && LOCK.compareAndSet(this, 0, 1)); tries++) {
            LockBackoff.pause(tries);
        }
    }

    void unlock() {
        LOCK.setRelease(this, 0);
    }

    private record Marker(String name) {
        @Override
        public String toString() {
            return name;
        }
    }

    // VarHandle mechanics
    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(HChan.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
