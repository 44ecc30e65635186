package io.go4j.internal.chan;

/**
 * WaitQueue is a channel's FIFO of blocked senders or receivers (Go's {@code waitq}): an
 * intrusive doubly linked list of {@link Node}s, guarded by the owning channel's lock.
 *
 * <p>Invariants: every linked node has {@code queued == true}; a node is linked in at most one
 * queue. Non-invariant: a linked node's waiter may already be claimed through another queue (a
 * select that fired elsewhere) or cancelled; such nodes are dropped when met.
 */
final class WaitQueue {
    private Node head;
    private Node tail;

    boolean isEmpty() {
        return head == null;
    }

    void enqueue(Node n) {
        n.queued = true;
        n.prev = tail;
        n.next = null;
        if (tail == null) {
            head = n;
        } else {
            tail.next = n;
        }
        tail = n;
    }

    /** Unlinks {@code n} if it is still queued; a node already dequeued is left alone. */
    void remove(Node n) {
        if (!n.queued) {
            return;
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
        n.prev = n.next = null;
        n.queued = false;
    }

    /**
     * Removes and returns the first node whose waiter this caller manages to claim, dropping
     * nodes whose waiter was claimed or cancelled elsewhere.
     *
     * <p>A select never meets its own nodes here: it completes cases only in its first pass,
     * before it registers anywhere, so a select on both ends of one channel cannot pair with
     * itself.
     */
    Node claimFirst() {
        for (Node n = head; n != null; n = head) {
            remove(n);
            if (n.waiter.tryClaim(n.caseIndex)) {
                return n;
            }
        }
        return null;
    }

    /** Unlinks every node and returns the first of them (still chained through {@code next}). */
    Node drain() {
        Node first = head;
        head = tail = null;
        for (Node n = first; n != null; n = n.next) {
            n.queued = false;
        }
        return first;
    }
}
