package io.go4j.trace.testing;

import io.go4j.Chan;
import io.go4j.Go;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/** Waits are the tracer's tests' bounded waits for a state of the program they record. */
public final class Waits {
    /** How long a wait may take before the test fails. */
    public static final Duration BOUND = Duration.ofSeconds(10);

    private Waits() {}

    /**
     * Waits (bounded) until every one of {@code threads} is parked in a go4j wait: a schedule a
     * test needs (a goroutine that blocks before it is sent to) made certain on a loaded machine.
     *
     * @param threads goroutines
     * @throws AssertionError if they are not all parked within {@link #BOUND}
     */
    public static void awaitParked(List<Thread> threads) {
        Set<Long> ids = threads.stream().map(Thread::threadId).collect(Collectors.toSet());
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            long parked = Go.goroutines().stream().filter(g -> ids.contains(g.id()) && g.waitReason() != null).count();
            if (parked == ids.size()) {
                return;
            }
            if (System.nanoTime() - deadline > 0) {
                throw new AssertionError(parked + " of " + ids.size() + " goroutines parked after " + BOUND);
            }
            try {
                Thread.sleep(1);   // polling a state, not waiting for time to pass
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
    /**
     * Receives once on the calling thread from a goroutine that sends only when the caller is
     * parked: a blocking event whose stack is the caller's, certainly recorded. A ping-pong alone
     * may never park its caller (a receive that spins before parking catches every prompt reply),
     * and then no event of the caller's thread names the caller's frames.
     *
     * @throws AssertionError if the caller is not parked within {@link #BOUND}
     */
    public static void parkedReceive() {
        Thread caller = Thread.currentThread();
        Chan<Integer> c = Chan.make();
        Go.go(() -> {
            long deadline = System.nanoTime() + BOUND.toNanos();
            while (caller.getState() != Thread.State.WAITING && System.nanoTime() - deadline < 0) {
                Thread.onSpinWait();
            }
            c.send(1);   // past the bound the caller's receive is answered anyway; its assertion fails
        });
        c.recv();
    }
}
