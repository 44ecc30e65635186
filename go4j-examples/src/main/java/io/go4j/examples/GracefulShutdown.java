package io.go4j.examples;

import io.go4j.Chan;
import io.go4j.context.Context;
import io.go4j.context.SignalContext;
import io.go4j.time.Time;

import java.time.Duration;

import static io.go4j.Go.go;

/**
 * GracefulShutdown is a small server that stops cleanly on Ctrl-C or SIGTERM: Go's
 * <pre>{@code
 * ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
 * defer stop()
 * for ctx.Err() == nil {
 *     doUnit()                  // a unit of work is never cut in half
 * }
 * }</pre>
 * written with go4j's {@link SignalContext}. Run it, press Ctrl-C, and it prints
 * <pre>{@code
 * running (stop with Ctrl-C or SIGTERM)
 * shutting down: JVM shutdown started (signal, System.exit or last thread ended)
 * finished 17 units cleanly
 * }</pre>
 *
 * <p>A JVM cannot catch a signal and carry on: SIGTERM starts the JVM's shutdown, which
 * cancels the context. The worker registered with {@link SignalContext#startWork()}, so the
 * shutdown waits (up to the grace period) until it has finished its current unit, reported, and
 * closed its registration; then the JVM exits with status 143 (128 + SIGTERM).
 */
public final class GracefulShutdown {

    /** How long one unit of work takes. */
    static final Duration UNIT = Duration.ofMillis(20);

    /** How long the shutdown waits for the worker: a bound, far above one unit. */
    static final Duration GRACE = Duration.ofSeconds(10);

    private GracefulShutdown() {}

    /** Serves until the JVM starts to shut down, then returns once the worker has finished. */
    public static void main(String[] args) {
        SignalContext ctx = SignalContext.notifyContext(Context.background(), GRACE);
        SignalContext.Work work = ctx.startWork();   // the shutdown waits until it is closed
        Chan<Integer> finished = Chan.make(1);
        go(() -> {
            try (work) {
                finished.send(serve(ctx));
            }
        });
        finished.recv();   // main must not end first: the last non-daemon thread ending is a shutdown too
    }

    /**
     * Does units of work until {@code ctx} is done, never abandoning one half-way, and reports
     * the shutdown; returns the number of units done.
     */
    static int serve(SignalContext ctx) {
        int units = 0;
        do {
            Time.sleep(UNIT);   // one unit of work
            units++;
            if (units == 1) {
                System.out.println("running (stop with Ctrl-C or SIGTERM)");
            }
        } while (ctx.err() == null);
        System.out.println("shutting down: " + Context.cause(ctx).getMessage());
        System.out.println("finished " + units + " units cleanly");
        return units;
    }
}
