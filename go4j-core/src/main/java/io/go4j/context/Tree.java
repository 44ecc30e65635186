package io.go4j.context;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.RecvChan;
import io.go4j.Select;

import java.util.ArrayDeque;

/**
 * Tree holds the walks over a chain of contexts: attaching a new node to the nearest
 * cancellable ancestor, value lookup, cause lookup, and draining a cancellation work queue.
 */
final class Tree {
    /*
     * Implementation notes: every walk is a loop over the package's own context classes and
     * falls back to the interface methods only at a foreign Context, so the depth of a tree of
     * our contexts never turns into stack depth. A foreign cancellable parent cannot take
     * children, so, as Go does, a goroutine waits for whichever is done first: the parent
     * (then it cancels the child) or the child (then it just ends).
     *
     * Each loop runs while the context is an OwnContext and switches over it with no default
     * branch: the interface is sealed, so the compiler checks that every one of our classes is
     * handled. Tempting and wrong: a `default` branch for "anything else". It compiled when a
     * class was forgotten, and the forgotten class then silently took the foreign path (a
     * watcher goroutine per child, interface calls instead of the loop). Foreign now means
     * exactly "not an OwnContext": the code after each loop.
     */

    private Tree() {}

    /**
     * Returns the first context in the chain from {@code c} that is not a ValueCtx, seeing
     * through a SignalContext to its inner context.
     */
    static Context nonValue(Context c) {
        while (c instanceof OwnContext own) {
            switch (own) {
                case ValueCtx v -> c = v.parent;
                case SignalContext s -> c = s.inner;
                case CancelCtx cc -> { return cc; }
                case EmptyCtx e -> { return e; }
                case WithoutCancelCtx w -> { return w; }
            }
        }
        return c;   // foreign
    }

    /** Makes {@code child} be cancelled when {@code parent} is; cancels it now if parent already is. */
    static void attach(Context parent, Node child) {
        Context p = parent;
        while (p instanceof OwnContext own) {
            switch (own) {
                case ValueCtx v -> p = v.parent;
                case SignalContext s -> p = s.inner;
                case CancelCtx c -> {
                    if (!c.addChild(child)) {
                        cancelNow(child, c.err(), c.cause());
                    }
                    return;
                }
                case EmptyCtx e -> { return; }           // never cancelled
                case WithoutCancelCtx w -> { return; }   // never cancelled
            }
        }
        watchForeign(p, child);
    }

    /** Cancels {@code child} and everything under it now, on this thread. */
    static void cancelNow(Node child, RuntimeException err, RuntimeException cause) {
        ArrayDeque<Node> work = new ArrayDeque<>();
        work.add(child);
        drain(work, err, cause);
    }

    /** Cancels every node in {@code work}, and their descendants, with {@code err} and {@code cause}. */
    static void drain(ArrayDeque<Node> work, RuntimeException err, RuntimeException cause) {
        for (Node n; (n = work.poll()) != null; ) {
            n.cancelByParent(err, cause, work);
        }
    }

    private static void watchForeign(Context p, Node child) {
        RecvChan<Void> pDone = p.done();
        if (pDone == null || (pDone instanceof Chan<?> ch && ch.isNil())) {
            return;   // never cancelled
        }
        RuntimeException err = p.err();
        if (err != null) {
            cancelNow(child, err, cause(p));
            return;
        }
        RecvChan<Void> childDone = child.watchDone();
        Go.go(() -> Select.select(
                Select.onRecv(pDone, v -> cancelNow(child, p.err(), cause(p))),
                Select.onRecv(childDone, v -> { })));
    }

    /** Context.value for any context: walks our classes in a loop. */
    static Object value(Context c, Object key) {
        if (key == null) {
            return null;
        }
        while (c instanceof OwnContext own) {
            switch (own) {
                case ValueCtx v -> {
                    if (key.equals(v.key)) {
                        return v.val;
                    }
                    c = v.parent;
                }
                case CancelCtx cc -> c = cc.parent;
                case SignalContext s -> c = s.inner;
                case WithoutCancelCtx w -> c = w.parent;
                case EmptyCtx e -> { return null; }
            }
        }
        return c.value(key);   // foreign
    }

    /** Context.cause: the nearest CancelCtx's cause, else err(). */
    static RuntimeException cause(Context c) {
        Context n = nonValue(c);
        return n instanceof CancelCtx cc ? cc.cause() : n.err();
    }
}
