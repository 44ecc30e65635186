package io.go4j.context;

import io.go4j.Chan;
import io.go4j.RecvChan;

import java.time.Instant;
import java.util.Optional;

/**
 * A WithoutCancelCtx is {@link Context#withoutCancel}: its parent's values, no cancellation,
 * no deadline. It breaks the cancellation chain: contexts derived from it are never reached by
 * a cancellation of its parent.
 */
final class WithoutCancelCtx implements OwnContext {
    final Context parent;

    WithoutCancelCtx(Context parent) {
        this.parent = parent;
    }

    @Override public Optional<Instant> deadline() { return Optional.empty(); }
    @Override public RecvChan<Void> done() { return Chan.nil(); }
    @Override public RuntimeException err() { return null; }
    @Override public Object value(Object key) { return Tree.value(parent, key); }
    @Override public String toString() { return parent + ".WithoutCancel"; }
}
