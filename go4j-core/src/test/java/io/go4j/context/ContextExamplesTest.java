package io.go4j.context;

import static io.go4j.TestSupport.assertPrints;
import io.go4j.Chan;
import io.go4j.Select;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import static io.go4j.Go.go;

/**
 * The Javadoc examples of io.go4j.context, run, with their printed output checked (Go's
 * {@code Example...} functions with {@code // Output:}). The code between
 * {@code // example:NAME} and {@code // end} is NAME's Javadoc example verbatim; the shared
 * io.go4j.JavadocExamplesTest checks that they agree.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class ContextExamplesTest {


    @Test
    @DisplayName("package io.go4j.context: a parent's cancel reaches a child that carries a value")
    void examplePackage() throws Exception {
        assertPrints("gopher: context canceled\n", () -> {
            // example:package-info
            try (var ctx = Context.withCancel(Context.background())) {
                Context child = Context.withValue(ctx, "user", "gopher");
                ctx.cancel();
                child.done().recv();   // closed by the parent's cancel
                System.out.println(child.value("user") + ": " + child.err().getMessage());   // gopher: context canceled
            }
            // end
        });
    }

    @Test
    @DisplayName("Context: work done before the timeout wins the select")
    void exampleContext() throws Exception {
        assertPrints("work done\n", () -> {
            // example:Context
            Chan<String> results = Chan.make(1);   // buffered: the sender never blocks if we gave up
            try (var ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(5))) {
                go(() -> results.send("work done"));
                String outcome = Select.select(
                        Select.recv(results, v -> v),
                        Select.recv(ctx.done(), v -> "gave up: " + ctx.err().getMessage()));
                System.out.println(outcome);   // work done
            }
            // end
        });
    }

    @Test
    @DisplayName("CancelContext: cancel sets err")
    void exampleCancelContext() throws Exception {
        assertPrints("null\nio.go4j.context.Canceled: context canceled\n", () -> {
            // example:CancelContext
            try (var ctx = Context.withCancel(Context.background())) {
                System.out.println(ctx.err());   // null
                ctx.cancel();
                System.out.println(ctx.err());   // io.go4j.context.Canceled: context canceled
            }
            // end
        });
    }

    @Test
    @DisplayName("CancelCauseContext: err is Canceled, cause is the given one")
    void exampleCancelCauseContext() throws Exception {
        assertPrints("context canceled\nshutting down\n", () -> {
            // example:CancelCauseContext
            var ctx = Context.withCancelCause(Context.background());
            ctx.cancel(new IllegalStateException("shutting down"));
            System.out.println(ctx.err().getMessage());                  // context canceled
            System.out.println(Context.cause(ctx).getMessage());         // shutting down
            // end
        });
    }

    @Test
    @DisplayName("Canceled: the one value, with Go's message")
    void exampleCanceled() throws Exception {
        assertPrints("true\ncontext canceled\n", () -> {
            // example:Canceled
            var ctx = Context.withCancel(Context.background());
            ctx.cancel();
            System.out.println(ctx.err() == Canceled.INSTANCE);   // true
            System.out.println(ctx.err().getMessage());           // context canceled
            // end
        });
    }

    @Test
    @DisplayName("DeadlineExceeded: the one value, with Go's message")
    void exampleDeadlineExceeded() throws Exception {
        assertPrints("true\ncontext deadline exceeded\n", () -> {
            // example:DeadlineExceeded
            try (var ctx = Context.withTimeout(Context.background(), Duration.ofMillis(1))) {
                ctx.done().recv();                                     // waits for the deadline
                System.out.println(ctx.err() == DeadlineExceeded.INSTANCE);   // true
                System.out.println(ctx.err().getMessage());           // context deadline exceeded
            }
            // end
        });
    }

    @Test
    @DisplayName("StopFunc: the first stop prevents f")
    void exampleStopFunc() throws Exception {
        assertPrints("true\nfalse\n", () -> {
            // example:StopFunc
            try (var ctx = Context.withCancel(Context.background())) {
                StopFunc stop = Context.afterFunc(ctx, () -> System.out.println("never printed"));
                System.out.println(stop.stop());   // true: f will not run
                System.out.println(stop.stop());   // false: already stopped
            }
            // end
        });
    }

    @Test
    @DisplayName("SignalContext: work drains after the context is cancelled")
    void exampleSignalContext() throws Exception {
        assertPrints("draining: context canceled\n", () -> {
            // example:SignalContext
            try (var ctx = SignalContext.notifyContext(Context.background(), Duration.ofSeconds(5));
                 var work = ctx.startWork()) {
                serveUntil(ctx);                        // returns once ctx.done() is closed
                System.out.println("draining: " + ctx.err().getMessage());   // draining: context canceled
            }                                           // the shutdown proceeds once work is closed
            // end
        });
    }

    /** Stands in for a server: here the "signal" is a cancel, so the example runs in-process. */
    private static void serveUntil(SignalContext ctx) {
        ctx.cancel();
        ctx.done().recv();
    }

    @Test
    @DisplayName("SignalContext.Work: a registration closed by try-with-resources")
    void exampleSignalContextWork() throws Exception {
        assertPrints("working\n", () -> {
            // example:SignalContext.Work
            var ctx = SignalContext.notifyContext(Context.background());
            try (var work = ctx.startWork()) {
                System.out.println("working");   // working
            }
            ctx.cancel();
            // end
        });
    }
}
