package io.go4j.internal.chan;

import io.go4j.internal.runtime.Scheduling;
import io.go4j.internal.runtime.Waiter;

/**
 * Node is one registration of a blocked operation in one channel's wait queue (Go's
 * {@code sudog}). A plain send or receive is a single Node that is its own {@link Waiter}; a
 * select has one Node per case, all sharing the select's Waiter ({@code owner}).
 *
 * <p>Invariants: {@code owner}, {@code caseIndex} and {@code elem} never change. {@code prev},
 * {@code next} and {@code queued} change only under the lock of the channel whose queue holds
 * the node; {@code queued} is true exactly while it is linked. {@code item} and {@code closed}
 * are written only by the counterpart that dequeued this node, before it completes
 * {@code owner}, and are read by the owner only for the case that completed. {@code published}
 * is used only while {@code Hooks.SYNC_EVENTS} is on: the completer sets it once it has reported
 * the happens-before events it owes on the owner's behalf (HChan, note 4).
 */
final class Node extends Waiter {
    final Waiter owner;       // this, or the select's shared waiter
    final int caseIndex;
    final Object elem;        // the value to send; null for a receive
    Object item;              // the value received; written by the completing sender
    boolean closed;           // the operation ended because the channel closed
    Node prev;                // guarded by the channel lock
    Node next;                // guarded by the channel lock
    boolean queued;           // guarded by the channel lock
    private volatile boolean published;   // written by the completer after its events (SYNC_EVENTS only)

    /** A plain operation's node: its own waiter, case 0. */
    Node(Object elem) {
        this.owner = this;
        this.caseIndex = 0;
        this.elem = elem;
    }

    /** Case {@code caseIndex} of a select whose waiter is {@code owner}. */
    Node(Waiter owner, int caseIndex, Object elem) {
        this.owner = owner;
        this.caseIndex = caseIndex;
        this.elem = elem;
    }

    /** Returns true for a send (a send's element is never null). */
    boolean isSend() {
        return elem != null;
    }

    /** The completer has reported this node's happens-before events: the owner may go on. */
    void publish() {
        published = true;
    }

    /**
     * Waits until the completer has reported this node's events; the completer is running and
     * about to, so this spins (and yields after a while, holding no lock).
     */
    void awaitPublished() {
        for (int tries = 0; !published; tries++) {
            Scheduling.pauseForLock(tries);
        }
    }

    /** Completes this receive with {@code value}; returns as {@link Waiter#tryComplete}. */
    int completeRecv(Object value) {
        item = value;
        return owner.tryComplete(caseIndex);
    }

    /** Completes this operation: a send taken, or any operation ended by close. */
    int complete(boolean byClose) {
        closed = byClose;
        return owner.tryComplete(caseIndex);
    }
}
