package io.go4j.sync;

import io.go4j.internal.runtime.SpinLock;
import io.go4j.internal.runtime.Waiter;

import java.util.List;

/**
 * WaitQueue is the FIFO of blocked goroutines every primitive of this package keeps, with the
 * small lock that guards it (Go's {@code sudog} lists behind a semaphore root's lock).
 *
 * <p>Invariants (under the lock): a node is linked exactly while {@code node.queued}; {@code head}
 * and {@code tail} are both null or both non-null; {@code size} counts linked nodes.
 * Non-invariants: a linked node may already be cancelled (its owner was interrupted and has not
 * taken the lock yet to unlink itself); whoever completes nodes must expect {@link Waiter#LOST}.
 */
final class WaitQueue extends SpinLock {
    /*
     * Implementation notes.
     *
     * The lock is go4j's SpinLock, as the channel's is: critical sections are a few pointer
     * writes and never block, and a virtual thread is not unmounted inside one, so a waiting
     * locker only ever waits for a running thread. Completing a node (a CAS) happens under the
     * lock; unparking happens after it is released, so a woken goroutine never finds the lock
     * held by its waker: completeAll and completeFirst complete, the caller unparks.
     */

    private Node head;           // guarded by lock
    private Node tail;           // guarded by lock
    private int size;            // guarded by lock

    /** A queued operation: a Waiter with links and the time its owner first blocked. */
    static final class Node extends Waiter {
        Node prev;               // guarded by the queue lock
        Node next;               // guarded by the queue lock
        boolean queued;          // guarded by the queue lock
        final long since;        // owner-written before linking: first block, System.nanoTime()
        final long parkedAt;     // owner-written before linking: this node's wait, System.nanoTime()

        Node(long since, long parkedAt) {
            this.since = since;
            this.parkedAt = parkedAt;
        }
    }

    // The operations below are called with the lock held.

    boolean isEmpty() {
        return head == null;
    }

    int size() {
        return size;
    }

    void addLast(Node n) {
        n.queued = true;
        n.prev = tail;
        if (tail == null) {
            head = n;
        } else {
            tail.next = n;
        }
        tail = n;
        size++;
    }

    void addFirst(Node n) {
        n.queued = true;
        n.next = head;
        if (head == null) {
            tail = n;
        } else {
            head.prev = n;
        }
        head = n;
        size++;
    }

    /** Unlinks and returns the first node, or null. */
    Node pollFirst() {
        Node n = head;
        if (n != null) {
            remove(n);
        }
        return n;
    }

    /** Unlinks {@code n} if it is still linked; returns whether it was. */
    boolean remove(Node n) {
        if (!n.queued) {
            return false;
        }
        if (n.prev == null) {
            head = n.next;
        } else {
            n.prev.next = n.next;
        }
        if (n.next == null) {
            tail = n.prev;
        } else {
            n.next.prev = n.prev;
        }
        n.prev = null;
        n.next = null;
        n.queued = false;
        size--;
        return true;
    }

    /**
     * Unlinks every node and completes each with case 0. Adds to {@code toUnpark} those whose
     * owner must be unparked, which the caller does with {@link #unparkAll} once the lock is
     * released; returns how many nodes were lost (cancelled by their owners meanwhile).
     */
    int completeAll(List<Node> toUnpark) {
        int lost = 0;
        for (Node n; (n = pollFirst()) != null; ) {
            int r = n.tryComplete(0);
            if (r == Waiter.LOST) {
                lost++;
            } else if (r == Waiter.COMPLETED_MUST_UNPARK) {
                toUnpark.add(n);
            }
        }
        return lost;
    }

    /**
     * Unlinks nodes from the head until one completes with case 0; returns it if its owner must
     * be unparked (by the caller, after the lock is released), else null.
     */
    Node completeFirst() {
        for (Node n; (n = pollFirst()) != null; ) {
            int r = n.tryComplete(0);
            if (r != Waiter.LOST) {
                return r == Waiter.COMPLETED_MUST_UNPARK ? n : null;
            }
        }
        return null;
    }

    /** Unparks the owners collected by {@link #completeAll}; called without the lock. */
    static void unparkAll(List<Node> toUnpark) {
        for (Node n : toUnpark) {
            n.unpark();
        }
    }
}
