package io.go4j.context;

import io.go4j.Go;
import io.go4j.Recv;
import io.go4j.RecvChan;

import java.lang.ref.WeakReference;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * Waits holds the context tests' bounded waits: anything that must happen is awaited for at
 * most {@link #LONG}; reaching it fails the test.
 */
final class Waits {

    /** Bound on anything that must happen. */
    static final Duration LONG = Duration.ofSeconds(10);

    private Waits() {}

    /** Returns true if {@code ch} is closed, without blocking. */
    static boolean isClosed(RecvChan<Void> ch) {
        Recv<Void> r = ch.tryRecv();
        return r != null && !r.ok();
    }

    /** Waits, in a goroutine, for {@code ctx.done()} to be closed; fails after {@link #LONG}. */
    static void awaitDone(Context ctx) throws Exception {
        CompletableFuture<Void> closed = new CompletableFuture<>();
        Thread waiter = Go.go(() -> {
            ctx.done().recv();
            closed.complete(null);
        });
        try {
            closed.get(LONG.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            waiter.interrupt();
            fail("context not done within " + LONG + ": " + ctx);
        }
    }

    /** Runs the collector until {@code ref} is cleared; fails after {@link #LONG}. */
    static void awaitCollected(WeakReference<?> ref) throws InterruptedException {
        long end = System.nanoTime() + LONG.toNanos();
        while (ref.get() != null) {
            if (System.nanoTime() > end) {
                fail("object still reachable after " + LONG + ": " + ref.get());
            }
            System.gc();
            Thread.sleep(10);   // gives reference processing a chance; bounded by the loop
        }
    }
}
