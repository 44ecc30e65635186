package io.go4j.reliability.jcstress;

import io.go4j.Recv;
import io.go4j.context.CancelContext;
import io.go4j.context.Context;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.III_Result;
import org.openjdk.jcstress.infra.results.I_Result;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;

import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE;
import static org.openjdk.jcstress.annotations.Expect.ACCEPTABLE_INTERESTING;
import static org.openjdk.jcstress.annotations.Expect.FORBIDDEN;

/**
 * The cancellation of a context happens-before a receive from {@code done()} that returns
 * because it was closed, and before an {@code err()} that returns non-null (Go's context
 * package: "Done is closed, then Err returns a non-nil error"; cancellation is a close). So an
 * observer that sees the context cancelled, by either means, sees what the canceller wrote
 * before cancelling, and once {@code done()} is closed {@code err()} is never null. The same
 * holds for a child cancelled through its parent, and for the function of
 * {@code Context.afterFunc}, which runs after the cancellation.
 *
 * <p>Results of the observer: {@code r1} 1 if {@code done()} was closed when polled,
 * {@code r2} 1 if {@code err()} (read after the poll) was non-null, {@code r3} the canceller's
 * write as seen after either showed the cancellation (0 if neither did).
 */
public class ContextCancelHappensBeforeDone {

    @JCStressTest
    @Description("An observer that sees done() closed or err() non-null sees the canceller's earlier write.")
    @Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "not cancelled yet")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "cancelled between the poll and err()")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "cancelled before the poll")
    @Outcome(expect = FORBIDDEN, desc = "done() closed with err() null, or the canceller's write not visible")
    @State
    public static class ErrAndDone {
        final CancelContext ctx = Context.withCancel(Context.background());
        int written;   // plain, written before cancel

        @Actor
        public void canceller() {
            written = 1;
            ctx.cancel();
        }

        @Actor
        public void observer(III_Result r) {
            observe(ctx, () -> written, r);
        }
    }

    @JCStressTest
    @Description("A child cancelled through its parent: its observer sees the write made before the parent's cancel.")
    @Outcome(id = "0, 0, 0", expect = ACCEPTABLE, desc = "not cancelled yet")
    @Outcome(id = "0, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "cancelled between the poll and err()")
    @Outcome(id = "1, 1, 1", expect = ACCEPTABLE_INTERESTING, desc = "cancelled before the poll")
    @Outcome(expect = FORBIDDEN, desc = "child's done() closed with err() null, or the canceller's write not visible")
    @State
    public static class ChildOfCancelledParent {
        final CancelContext parent = Context.withCancel(Context.background());
        final CancelContext child = Context.withCancel(parent);
        int written;

        @Actor
        public void canceller() {
            written = 1;
            parent.cancel();
        }

        @Actor
        public void observer(III_Result r) {
            observe(child, () -> written, r);
        }
    }

    @JCStressTest
    @Description("afterFunc registered while the context is being cancelled: the function runs, and sees the canceller's write.")
    @Outcome(id = "1", expect = ACCEPTABLE, desc = "the function ran and saw the write made before cancel")
    @Outcome(id = "-1", expect = FORBIDDEN, desc = "the function did not run within 10 s")
    @Outcome(expect = FORBIDDEN, desc = "the function ran without the write made before cancel being visible")
    @State
    public static class AfterFunc {
        final CancelContext ctx = Context.withCancel(Context.background());
        final CountDownLatch ran = new CountDownLatch(1);
        int written;   // plain, written before cancel
        int seen;      // plain, written by the function before counting down

        @Actor
        public void canceller() {
            written = 1;
            ctx.cancel();
        }

        @Actor
        public void registrar() {
            Context.afterFunc(ctx, () -> {
                seen = written;
                ran.countDown();
            });
        }

        @Arbiter
        public void check(I_Result r) {
            try {
                // The function runs in a goroutine of its own, started by cancel() or, if the
                // context was already cancelled, by afterFunc(): wait for it, with a bound.
                r.r1 = ran.await(10, TimeUnit.SECONDS) ? seen : -1;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                r.r1 = -2;
            }
        }
    }

    /** Reads the canceller's write through {@code written} only once ctx shows the cancellation. */
    private static void observe(Context ctx, IntSupplier written, III_Result r) {
        Recv<Void> polled = ctx.done().tryRecv();
        RuntimeException err = ctx.err();
        r.r1 = polled != null ? 1 : 0;
        r.r2 = err != null ? 1 : 0;
        r.r3 = polled != null || err != null ? written.getAsInt() : 0;
    }
}
