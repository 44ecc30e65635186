package io.go4j.context;

import io.go4j.RecvChan;

import java.util.ArrayDeque;

/**
 * A Node is something a cancellable context cancels when it is cancelled: a derived
 * {@link CancelCtx} or an {@link AfterFunc} registration.
 *
 * <p>Invariants: a node is in the child set of at most one {@link CancelCtx}, {@link #owner};
 * it is never in an owner's set once the owner is cancelled (the owner detaches the whole set).
 */
abstract class Node {
    /*
     * Implementation notes: cancellation walks the tree iteratively, with an explicit work
     * queue, so that a chain of a million contexts neither overflows the stack nor holds more
     * than one lock at a time: the owner detaches its child set under its own lock, releases it,
     * and each child then cancels itself and adds its own detached set to the queue.
     */

    CancelCtx owner;   // the context whose child set holds this node; written once, before it is shared

    /**
     * Cancels this node because its owner was cancelled with {@code err} and {@code cause};
     * adds to {@code work} whatever this node must cancel in turn. Called without locks held.
     */
    abstract void cancelByParent(RuntimeException err, RuntimeException cause, ArrayDeque<Node> work);

    /**
     * Returns a channel closed once this node no longer needs its parent (it was cancelled or
     * stopped), for the goroutine that watches a foreign parent.
     */
    abstract RecvChan<Void> watchDone();

    /** Removes this node from its owner's child set, if it has an owner. */
    final void detach() {
        CancelCtx o = owner;
        if (o != null) {
            o.removeChild(this);
        }
    }
}
