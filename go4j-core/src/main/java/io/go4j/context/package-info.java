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
 * {@code signal.NotifyContext}, built on JVM shutdown hooks. Deadlines are read from
 * {@link io.go4j.time.Time#now()}: in a synctest bubble (go4j-test's {@code Synctest}) they are
 * on the bubble's fake clock, as in Go.
 *
 * <pre>{@code
 * try (var ctx = Context.withCancel(Context.background())) {
 *     Context child = Context.withValue(ctx, "user", "gopher");
 *     ctx.cancel();
 *     child.done().recv();   // closed by the parent's cancel
 *     System.out.println(child.value("user") + ": " + child.err().getMessage());   // gopher: context canceled
 * }
 * }</pre>
 */
package io.go4j.context;
