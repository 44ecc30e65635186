package io.go4j.internal.chan;

import io.go4j.internal.runtime.Waiter;

/**
 * Node is one registration of a blocked operation in one channel's wait queue (Go's
 * {@code sudog}): a plain send or receive has one; a select has one per case.
 *
 * <p>Invariants: {@code waiter}, {@code caseIndex} and {@code elem} never change; {@code prev},
 * {@code next} and {@code queued} change only under the lock of the channel whose queue holds
 * the node, and {@code queued} is true exactly while the node is linked into that queue.
 */
final class Node {
    final Waiter waiter;
    final int caseIndex;
    final Object elem;        // the value to send; null for a receive
    Node prev;                // guarded by the channel lock
    Node next;                // guarded by the channel lock
    boolean queued;           // guarded by the channel lock

    Node(Waiter waiter, int caseIndex, Object elem) {
        this.waiter = waiter;
        this.caseIndex = caseIndex;
        this.elem = elem;
    }
}
