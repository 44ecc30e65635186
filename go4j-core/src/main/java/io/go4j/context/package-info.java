/**
 * Go's {@code context} package: cancellation, deadlines and request-scoped values that flow down
 * a tree of contexts. A cancel handle is {@link java.lang.AutoCloseable}:
 * {@code try (var ctx = Context.withTimeout(parent, d)) { ... }} is Go's {@code defer cancel()}.
 *
 * <p>{@link io.go4j.context.Context} holds the interface and Go's functions
 * ({@code background}, {@code withCancel}, {@code withDeadline}, {@code withValue},
 * {@code withoutCancel}, {@code afterFunc}, {@code cause}...); a context's {@code done()} is a
 * go4j channel, so it takes part in {@link io.go4j.Select}. The errors are the shared values
 * {@link io.go4j.context.Canceled#INSTANCE} and {@link io.go4j.context.DeadlineExceeded#INSTANCE},
 * returned by {@code err()}, never thrown. {@link io.go4j.context.SignalContext} is Go's
 * {@code signal.NotifyContext}, built on JVM shutdown hooks.
 */
package io.go4j.context;
