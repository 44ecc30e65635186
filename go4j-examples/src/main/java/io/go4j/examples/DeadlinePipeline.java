package io.go4j.examples;

import io.go4j.Chan;
import io.go4j.RecvChan;
import io.go4j.Select;
import io.go4j.context.CancelContext;
import io.go4j.context.Context;

import java.time.Duration;

import static io.go4j.Go.go;

/**
 * DeadlinePipeline is Go's "pipelines and cancellation" pattern: an endless generator feeding a
 * squaring stage, both stopping when a context's deadline passes, so no goroutine is left
 * blocked on a channel nobody reads:
 *
 * <pre>{@code
 * DeadlinePipeline.Outcome o = DeadlinePipeline.run(Duration.ofMillis(50));
 * o.error();      // "context deadline exceeded"
 * o.received();   // how many squares arrived before the deadline
 * }</pre>
 */
public final class DeadlinePipeline {

    private DeadlinePipeline() {}

    /**
     * What the consumer saw.
     *
     * @param received how many values it received before the deadline
     * @param error    the context's error when the pipeline stopped
     */
    public record Outcome(long received, String error) {}

    /** Runs the pipeline until {@code timeout} passes. */
    public static Outcome run(Duration timeout) {
        try (CancelContext ctx = Context.withTimeout(Context.background(), timeout)) {
            RecvChan<Long> squares = square(ctx, generate(ctx));
            long received = 0;
            for (Long ignored : squares) {   // ends when the squaring stage closes its output
                received++;
            }
            return new Outcome(received, ctx.err().getMessage());
        }
    }

    /** Sends 1, 2, 3, ... until the context is done, then closes its output. */
    static RecvChan<Long> generate(Context ctx) {
        Chan<Long> out = Chan.make();
        go(() -> {
            try {
                for (long n = 1; ; n++) {
                    boolean sent = Select.select(
                            Select.send(out, n, () -> true),
                            Select.recv(ctx.done(), v -> false));
                    if (!sent) {
                        return;
                    }
                }
            } finally {
                out.close();
            }
        });
        return out.recvOnly();
    }

    /** Squares what it receives until its input closes or the context is done. */
    static RecvChan<Long> square(Context ctx, RecvChan<Long> in) {
        Chan<Long> out = Chan.make();
        go(() -> {
            try {
                for (Long n : in) {
                    boolean sent = Select.select(
                            Select.send(out, n * n, () -> true),
                            Select.recv(ctx.done(), v -> false));
                    if (!sent) {
                        return;
                    }
                }
            } finally {
                out.close();
            }
        });
        return out.recvOnly();
    }
}
