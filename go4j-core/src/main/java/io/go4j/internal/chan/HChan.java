package io.go4j.internal.chan;

import io.go4j.internal.runtime.AdaptiveWaits;
import io.go4j.internal.runtime.Bubble;
import io.go4j.internal.runtime.Hooks;
import io.go4j.internal.runtime.Outcome;
import io.go4j.internal.runtime.Scheduling;
import io.go4j.internal.runtime.WaitReason;
import io.go4j.internal.runtime.Waiter;

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
 * Non-invariants: the adaptive wait state inherited from {@link AdaptiveWaits} is a racy hint,
 * read and written without the lock.
 *
 * <p>Lock ownership: whoever takes the lock releases it, except in the methods named
 * {@code ...IfReadyAndUnlock}, which release it exactly when they complete the operation (so
 * that the peer is unparked after the lock is free) and keep it held when they return
 * {@link Outcome#WOULD_BLOCK} (so that a select can register on the channel at the same instant).
 */
public final class HChan extends AdaptiveWaits implements Bubble.Owned {
    /*
     * Implementation notes.
     *
     * The algorithm is Go's runtime/chan.go, with its lock, and three changes for the JVM:
     *
     * 1. Completion is one CAS on the blocked peer's state word (Waiter): a counterpart that
     *    finds a blocked peer dequeues its node under this channel's lock, writes the value into
     *    the node, completes it with that CAS, releases the lock, and only then unparks the peer,
     *    and only if the peer had really parked (as Go calls goready after unlock).
     * 2. Before parking, a blocked operation yields to a peer it has just woken and spins on its
     *    state word, with a budget and a yield score kept per channel (AdaptiveWaits) and adapted
     *    by Scheduling.awaitAdaptive: a fixed spin count (jox's) wastes the carrier on every hop
     *    of a ring or a long chain, where the counterpart is never about to run, and a
     *    ping-pong's counterpart answers within a microsecond. The policy and the scheduler
     *    assumptions it rests on are written once, in Scheduling.
     * 3. The lock is go4j's SpinLock (test-and-test-and-set). Critical sections are a few dozen
     *    instructions and never block, and a lock holder never leaves its carrier, so a
     *    waiting locker only ever waits for a running thread. That is why a select taking
     *    its second, third... lock (lockNested) only spins: yielding with a lock held
     *    livelocked a soak run (SelectLivelockTest, go4j-concurrency-tests; Scheduling,
     *    assumption 2). Go's runtime lock is the same idea with a futex behind it.
     * 4. Happens-before events (Hooks.SYNC_EVENTS, off unless a race detector asked) follow Go's
     *    race annotations in chan.go: a value through buffer slot i is an acquire-release of
     *    (this, i) by the sender and then by the receiver, so the k-th receive happens before
     *    the (k+C)-th send completes; a direct handoff on an unbuffered channel releases and
     *    acquires slot 0 on both sides; close releases CLOSE_SLOT and a receive that sees the
     *    close acquires it. Go reports a parked peer's events in the completer's context before
     *    goready; here a parked peer may run the instant the completing CAS lands, so the
     *    completer reports them right after its CAS and then sets the node's published flag,
     *    and the woken owner waits for that flag (awaitPublished) before it goes on. That wait
     *    exists only with the switch on. A direct handoff on a buffered channel advances
     *    recvx and sendx together as Go does, so slot numbers keep counting messages.
     *
     * 5. Synctest bubbles (internal.runtime.Bubble): a channel made by a goroutine of a bubble
     *    keeps it in `bubble` (a final field, read once per operation by Chan and Select to
     *    refuse use from outside the bubble with Go's panic, and here to wait with Go 1.25's
     *    durable reasons, "chan receive (durable)", which tell Waiter that the wait is durable).
     *    The timer code and the bubble's driver call this class directly, past those checks.
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

    /** Result of a send that delivered its value (case 0 completed; the others are {@link Outcome}s). */
    public static final int SENT = 0;

    private static final AtomicLong IDS = new AtomicLong();

    final long id;                   // lock order for select
    final int capacity;
    /**
     * The synctest bubble this channel was created in, or null: then only the bubble's
     * goroutines (and its driver, firing timers) may use it, and waiting on it is durable.
     */
    public final Bubble bubble;
    private final Object[] buf;      // null when unbuffered

    private int count;               // guarded by lock
    private int recvx;               // guarded by lock: next slot to receive from
    private int sendx;               // guarded by lock: next slot to send into
    private boolean closed;          // guarded by lock
    private Node recvHead;           // guarded by lock: blocked receivers, FIFO
    private Node recvTail;           // guarded by lock
    private Node sendHead;           // guarded by lock: blocked senders, FIFO
    private Node sendTail;           // guarded by lock

    public HChan(int capacity) {
        if (capacity < 0) {
            throw new IllegalArgumentException("makechan: size out of range");
        }
        this.id = IDS.incrementAndGet();
        this.capacity = capacity;
        this.bubble = Bubble.anyLive() ? Bubble.current() : null;   // one static read outside bubbles
        this.buf = capacity == 0 ? null : new Object[capacity];
    }

    /**
     * Returns the buffer's capacity (Go's {@code cap}).
     *
     * @return the capacity, 0 for an unbuffered channel
     */
    public int capacity() {
        return capacity;
    }

    /**
     * Returns this channel's id: unique, increasing in creation order, the order select locks in.
     *
     * @return the id
     */
    public long id() {
        return id;
    }

    /**
     * Returns the synctest bubble this channel belongs to, or null.
     *
     * @return the bubble, or null
     */
    @Override
    public Bubble bubble() {
        return bubble;
    }

    /**
     * Returns the number of buffered values (Go's {@code len}).
     *
     * @return the number of values in the buffer
     */
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
     * Sends {@code elem} (non-null).
     *
     * @param elem  the value
     * @param block whether to wait for room or a receiver
     * @return {@link #SENT}, {@link Outcome#CLOSED} (the caller panics),
     *         {@link Outcome#WOULD_BLOCK} (only when {@code block} is false) or
     *         {@link Outcome#INTERRUPTED} (the value was not sent)
     */
    public int send(Object elem, boolean block) {
        lock();
        int r = sendIfReadyAndUnlock(elem);
        if (r != Outcome.WOULD_BLOCK) {
            return r;  // the lock was released
        }
        if (!block) {
            unlock();
            return r;
        }
        Node n = new Node(elem);
        enqueue(n);
        unlock();
        if (await(n, bubble == null ? WaitReason.CHAN_SEND : WaitReason.SYNCTEST_CHAN_SEND, this) == Outcome.INTERRUPTED) {
            dequeue(n);
            return Outcome.INTERRUPTED;
        }
        if (Hooks.SYNC_EVENTS) {
            n.awaitPublished();
        }
        return n.closed ? Outcome.CLOSED : SENT;
    }

    /**
     * Completes a send if one is possible now, and then releases the lock; otherwise returns
     * {@link Outcome#WOULD_BLOCK} with the lock still held. Called with the lock held.
     */
    int sendIfReadyAndUnlock(Object elem) {
        if (closed) {
            unlock();
            return Outcome.CLOSED;
        }
        for (Node receiver = recvHead; receiver != null; receiver = recvHead) {
            unlink(receiver);
            int r = receiver.completeRecv(elem);
            if (r != Waiter.LOST) {
                if (Hooks.SYNC_EVENTS) {
                    handoffEvents(receiver);
                }
                unlock();
                if (r == Waiter.COMPLETED_MUST_UNPARK) {
                    receiver.owner.unpark();
                }
                return SENT;
            }
            // A select that completed elsewhere, or a cancelled receive: drop it, try the next.
        }
        if (count < capacity) {
            if (Hooks.SYNC_EVENTS) {
                Hooks.passThrough(Thread.currentThread(), this, sendx);
            }
            buf[sendx] = elem;
            sendx = next(sendx);
            count++;
            unlock();
            return SENT;
        }
        return Outcome.WOULD_BLOCK;
    }

    // ---------------------------------------------------------------------------------------
    // Receive

    /**
     * Receives a value.
     *
     * @param block whether to wait for a value or the close
     * @return the value, {@link #CLOSED} (closed and drained), {@link #WOULD_BLOCK} (only when
     *         {@code block} is false) or {@link #INTERRUPTED}
     */
    public Object recv(boolean block) {
        lock();
        Object v = recvIfReadyAndUnlock();
        if (v != WOULD_BLOCK) {
            return v;  // the lock was released
        }
        if (!block) {
            unlock();
            return v;
        }
        Node n = new Node(null);
        enqueue(n);
        unlock();
        if (await(n, bubble == null ? WaitReason.CHAN_RECEIVE : WaitReason.SYNCTEST_CHAN_RECEIVE, this) == Outcome.INTERRUPTED) {
            dequeue(n);
            return INTERRUPTED;
        }
        if (Hooks.SYNC_EVENTS) {
            n.awaitPublished();
        }
        return n.closed ? CLOSED : n.item;
    }

    /**
     * Completes a receive if one is possible now, and then releases the lock; otherwise returns
     * {@link #WOULD_BLOCK} with the lock still held. Called with the lock held.
     */
    Object recvIfReadyAndUnlock() {
        for (Node sender = sendHead; sender != null; sender = sendHead) {
            unlink(sender);
            int r = sender.complete(false);
            if (r != Waiter.LOST) {
                if (Hooks.SYNC_EVENTS) {
                    handoffEvents(sender);
                }
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
            if (Hooks.SYNC_EVENTS) {
                Hooks.passThrough(Thread.currentThread(), this, recvx);
            }
            Object v = buf[recvx];
            buf[recvx] = null;
            recvx = next(recvx);
            count--;
            unlock();
            return v;
        }
        if (closed) {
            if (Hooks.SYNC_EVENTS) {
                Hooks.acquire(this, Hooks.CLOSE_SLOT);
            }
            unlock();
            return CLOSED;
        }
        return WOULD_BLOCK;
    }

    /**
     * Reports the happens-before events of a direct handoff between the current thread and the
     * parked {@code peer} it has just completed (note 4), then lets the peer go on. Under the lock.
     * On a buffered channel the handoff counts as passing through slot {@code recvx}: the buffer
     * is empty (a waiting receiver) or full (a waiting sender), and both indexes advance.
     */
    private void handoffEvents(Node peer) {
        Thread me = Thread.currentThread();
        Thread other = peer.owner.thread();
        if (capacity == 0) {
            Hooks.release(me, this, 0);
            Hooks.acquire(other, this, 0);
            Hooks.release(other, this, 0);
            Hooks.acquire(me, this, 0);
        } else {
            Hooks.passThrough(me, this, recvx);
            Hooks.passThrough(other, this, recvx);
            if (!peer.isSend()) {   // a receiver; for a sender the full-buffer path advances them
                recvx = next(recvx);
                sendx = recvx;
            }
        }
        peer.publish();
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
        if (Hooks.SYNC_EVENTS) {
            Hooks.release(this, Hooks.CLOSE_SLOT);
        }
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

    private void completeClosed(Node first) {
        for (Node n = first; n != null; ) {
            Node next = n.next;
            n.prev = n.next = null;
            int r = n.complete(true);
            if (Hooks.SYNC_EVENTS && r != Waiter.LOST) {
                Hooks.acquire(n.owner.thread(), this, Hooks.CLOSE_SLOT);
                n.publish();
            }
            if (r == Waiter.COMPLETED_MUST_UNPARK) {
                n.owner.unpark();
            }
            n = next;
        }
    }

    // ---------------------------------------------------------------------------------------
    // Blocking

    /**
     * Waits until {@code w} completes, with this channel's adaptive spin and yield
     * ({@link Scheduling#awaitAdaptive}). Returns the completed case or {@link Outcome#INTERRUPTED}.
     */
    int await(Waiter w, WaitReason reason, Object blocker) {
        return Scheduling.awaitAdaptive(this, w, reason, blocker);
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

    private record Marker(String name) {
        @Override
        public String toString() {
            return name;
        }
    }
}
