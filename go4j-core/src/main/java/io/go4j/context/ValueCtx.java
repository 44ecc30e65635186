package io.go4j.context;

import io.go4j.RecvChan;

import java.time.Instant;
import java.util.Optional;

/**
 * A ValueCtx is {@link Context#withValue}: one key-value pair over a parent, to which it
 * delegates everything else.
 */
final class ValueCtx implements OwnContext {
    /*
     * Implementation notes: deadline, done and err skip the whole run of ValueCtx ancestors in
     * one loop (Tree.nonValue) rather than by recursion, so a long chain of values cannot
     * overflow the stack.
     */

    final Context parent;
    final Object key;     // non-null
    final Object val;     // may be null

    ValueCtx(Context parent, Object key, Object val) {
        this.parent = parent;
        this.key = key;
        this.val = val;
    }

    @Override public Optional<Instant> deadline() { return Tree.nonValue(parent).deadline(); }
    @Override public RecvChan<Void> done() { return Tree.nonValue(parent).done(); }
    @Override public RuntimeException err() { return Tree.nonValue(parent).err(); }
    @Override public Object value(Object k) { return Tree.value(this, k); }
    @Override public String toString() { return parent + ".WithValue(" + key + ", " + val + ")"; }
}
