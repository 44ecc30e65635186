package io.go4j.sync;

import io.go4j.internal.runtime.LockBackoff;
import io.go4j.internal.runtime.Waiter;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * WaitQueue is the FIFO of blocked goroutines every primitive of this package keeps, with the
 * small lock that guards it (Go's {@code sudog} lists behind a semaphore root's lock).
 *
 * <p>Invariants (under the lock): a node is linked exactly while {@code node.queued}; {@code head}
 * and {@code tail} are both null or both non-null; {@code size} counts linked nodes.
 * Non-invariants: a linked node may already be cancelled (its owner was interrupted and has not
 * taken the lock yet to unlink itself); whoever completes nodes must expect {@link Waiter#LOST}.
 */
final class WaitQueue {
    /*
     * Implementation notes.
     *
     * The lock is a test-and-test-and-set spin lock waited for with LockBackoff, as the channel
     * lock is: critical sections are a few pointer writes and never block, and a virtual thread
     * is not unmounted inside one, so a waiting locker only ever waits for a running thread.
     * Completing a node (a CAS) happens under the lock; unparking happens after
     * it is released, so a woken goroutine never finds the lock held by its waker.
     */

    private volatile int lock;   // 0 free, 1 held; CAS to take, release-store to free
    private Node head;           // guarded by lock
    private Node tail;           // guarded by lock
    private int size;            // guarded by lock

    /** A queued operation: a Waiter with links and the time its owner first blocked. */
    static final class Node extends Waiter {
        Node prev;               // guarded by the queue lock
        Node next;               // guarded by the queue lock
        boolean queued;          // guarded by the queue lock
        final long since;        // owner-written before linking: first block, System.nanoTime()

        Node(long since) {
            this.since = since;
        }
    }

    void lock() {
        if (!LOCK.compareAndSet(this, 0, 1)) {
            lockSlow();
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

    // VarHandle mechanics
    private static final VarHandle LOCK;

    static {
        try {
            LOCK = MethodHandles.lookup().findVarHandle(WaitQueue.class, "lock", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }
}
