package io.go4j.context;

import io.go4j.Chan;
import io.go4j.RecvChan;

import java.time.Instant;
import java.util.Optional;

/**
 * An EmptyCtx is a root of the context tree, {@link Context#background()} or
 * {@link Context#todo()}: never cancelled, no deadline, no values.
 */
final class EmptyCtx implements OwnContext {
    static final EmptyCtx BACKGROUND = new EmptyCtx("context.Background");
    static final EmptyCtx TODO = new EmptyCtx("context.TODO");

    private final String name;

    private EmptyCtx(String name) {
        this.name = name;
    }

    @Override public Optional<Instant> deadline() { return Optional.empty(); }
    @Override public RecvChan<Void> done() { return Chan.nil(); }
    @Override public RuntimeException err() { return null; }
    @Override public Object value(Object key) { return null; }
    @Override public String toString() { return name; }
}
