package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.context.CancelCauseContext;
import io.go4j.context.CancelContext;
import io.go4j.context.Canceled;
import io.go4j.context.Context;
import io.go4j.context.DeadlineExceeded;
import java.time.Duration;
import java.time.Instant;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * context.Cause reports why a context was cancelled, following Go's documented rules: the cause
 * given to the CancelCauseFunc that cancelled it, or given with a deadline that expired;
 * Canceled or DeadlineExceeded when none was given; the cause of the ancestor whose cancellation
 * reached it first; nil while it is not cancelled; and nil, with Err nil, for WithoutCancel.
 *
 * <p>Mirrors Go's {@code context/x_test.go TestCause} (Go 1.20+), a table of trees and
 * cancellation orders with the Err and Cause each must end with. go4j-core's ContextTest already
 * checks the basic rows (one WithCancelCause, a nil cause, propagation from a parent, a child
 * cancelled first, a deadline with a cause, a cancel before that deadline); the rows here are
 * the others: a nil cancel after a parent's cause, a parent's nil cancel before a child's cause,
 * cancels mixed with deadlines in both directions, deadlines already past, and WithoutCancel.
 */
@GoLeakCheck
class ContextCauseTest {

    private static final IllegalStateException PARENT_CAUSE = new IllegalStateException("parent cause");
    private static final IllegalStateException CHILD_CAUSE = new IllegalStateException("child cause");
    private static final IllegalStateException TIMEOUT_CAUSE = new IllegalStateException("timeout cause");
    private static final Duration LONG_AGO = Duration.ofHours(-1);
    private static final Duration FAR = Duration.ofHours(1);

    /** A row: how to build and cancel a context, and the Err and cause it must end with. */
    record Row(String name, Supplier<Context> build, RuntimeException err, RuntimeException cause) {
        @Override
        public String toString() {
            return name;
        }
    }

    @SuppressWarnings("LostCancel")   // deliberate: each row ends its contexts the way it checks (a parent's
                                      // cancel, a deadline already past when the context is made)
    static Stream<Row> rows() {
        return Stream.of(
                new Row("parent cancelled with a cause, then the child cancelled with nil", () -> {
                    CancelCauseContext parent = Context.withCancelCause(Context.background());
                    CancelCauseContext child = Context.withCancelCause(parent);
                    parent.cancel(PARENT_CAUSE);
                    child.cancel(null);
                    return child;
                }, Canceled.INSTANCE, PARENT_CAUSE),
                new Row("parent cancelled with nil, then a child born cancelled is cancelled with a cause", () -> {
                    CancelCauseContext parent = Context.withCancelCause(Context.background());
                    parent.cancel(null);
                    CancelCauseContext child = Context.withCancelCause(parent);
                    child.cancel(CHILD_CAUSE);
                    return child;
                }, Canceled.INSTANCE, Canceled.INSTANCE),
                new Row("child cancelled with a cause, then the parent with nil", () -> {
                    CancelCauseContext parent = Context.withCancelCause(Context.background());
                    CancelCauseContext child = Context.withCancelCause(parent);
                    child.cancel(CHILD_CAUSE);
                    parent.cancel(null);
                    return child;
                }, Canceled.INSTANCE, CHILD_CAUSE),
                new Row("timeout already past, no cause", () -> {
                    CancelContext ctx = Context.withTimeout(Context.background(), LONG_AGO);
                    return ctx;
                }, DeadlineExceeded.INSTANCE, DeadlineExceeded.INSTANCE),
                new Row("timeout already past, with a cause", () -> {
                    CancelContext ctx = Context.withTimeoutCause(Context.background(), LONG_AGO, TIMEOUT_CAUSE);
                    return ctx;
                }, DeadlineExceeded.INSTANCE, TIMEOUT_CAUSE),
                new Row("deadline already past, with a cause, then cancelled", () -> {
                    CancelContext ctx = Context.withDeadlineCause(Context.background(), Instant.now().minusSeconds(1), TIMEOUT_CAUSE);
                    ctx.cancel();
                    return ctx;
                }, DeadlineExceeded.INSTANCE, TIMEOUT_CAUSE),
                new Row("a timeout child of a WithCancelCause parent cancelled with a cause", () -> {
                    CancelCauseContext parent = Context.withCancelCause(Context.background());
                    CancelContext child = Context.withTimeoutCause(parent, FAR, TIMEOUT_CAUSE);
                    parent.cancel(PARENT_CAUSE);
                    return child;
                }, Canceled.INSTANCE, PARENT_CAUSE),
                new Row("a WithCancelCause child of a timed-out parent, cancelled with its own cause", () -> {
                    CancelContext parent = Context.withTimeoutCause(Context.background(), LONG_AGO, TIMEOUT_CAUSE);
                    CancelCauseContext child = Context.withCancelCause(parent);
                    child.cancel(CHILD_CAUSE);
                    return child;
                }, DeadlineExceeded.INSTANCE, TIMEOUT_CAUSE),
                new Row("a value context under a cancelled WithCancelCause", () -> {
                    CancelCauseContext parent = Context.withCancelCause(Context.background());
                    parent.cancel(PARENT_CAUSE);
                    return Context.withValue(parent, "k", "v");
                }, Canceled.INSTANCE, PARENT_CAUSE),
                new Row("WithoutCancel of a context cancelled with a cause", () -> {
                    CancelCauseContext parent = Context.withCancelCause(Context.background());
                    parent.cancel(PARENT_CAUSE);
                    return Context.withoutCancel(parent);
                }, null, null),
                new Row("WithoutCancel of a timed-out context", () -> {
                    CancelContext parent = Context.withTimeoutCause(Context.background(), LONG_AGO, TIMEOUT_CAUSE);
                    return Context.withoutCancel(parent);
                }, null, null),
                new Row("a WithCancelCause under WithoutCancel of a cancelled context, cancelled with its own cause", () -> {
                    CancelCauseContext parent = Context.withCancelCause(Context.background());
                    parent.cancel(PARENT_CAUSE);
                    CancelCauseContext child = Context.withCancelCause(Context.withoutCancel(parent));
                    child.cancel(CHILD_CAUSE);
                    return child;
                }, Canceled.INSTANCE, CHILD_CAUSE),
                new Row("a WithCancelCause under WithoutCancel, whose original parent is cancelled afterwards", () -> {
                    CancelCauseContext parent = Context.withCancelCause(Context.background());
                    CancelCauseContext child = Context.withCancelCause(Context.withoutCancel(parent));
                    parent.cancel(PARENT_CAUSE);
                    return child;
                }, null, null));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rows")
    @DisplayName("Err and Cause after a tree is built and cancelled in a given order")
    void errAndCause(Row row) {
        Context ctx = row.build.get();
        assertSame(row.err, ctx.err(), row.name + ": Err");
        assertSame(row.cause, Context.cause(ctx), row.name + ": Cause");
        if (row.err == null) {
            assertNull(ctx.done().tryRecv(), row.name + ": Done must not be closed");
        } else {
            assertTrue(ctx.done().tryRecv() != null, row.name + ": Done must be closed");
        }
    }
}
