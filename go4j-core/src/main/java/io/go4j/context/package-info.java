/**
 * Go's {@code context} package: cancellation, deadlines and request-scoped values that flow down
 * a tree of contexts. A cancel handle is {@link java.lang.AutoCloseable}:
 * {@code try (var ctx = Context.withTimeout(parent, d)) { ... }} is Go's {@code defer cancel()}.
 */
package io.go4j.context;
