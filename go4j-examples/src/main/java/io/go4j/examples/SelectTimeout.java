package io.go4j.examples;

import io.go4j.Chan;
import io.go4j.RecvChan;
import io.go4j.Select;

import java.time.Duration;
import java.time.Instant;

/**
 * SelectTimeout waits for a producer's answer or for a timeout, whichever comes first, with one
 * {@code select}: Go's
 * <pre>{@code
 * select {
 * case v := <-answer:            // the producer was fast enough
 * case <-time.After(timeout):    // it was not
 * }
 * }</pre>
 * written with go4j:
 * <pre>{@code
 * SelectTimeout.Outcome o = SelectTimeout.race(Duration.ofMillis(500), Duration.ofMillis(50), new Goroutines());
 * o.winner();    // TIMEOUT
 * o.message();   // "timed out after 50 ms"
 * }</pre>
 *
 * <p>The timeout is a channel that a goroutine sends on after sleeping, as Go's
 * {@code time.After} does. Both channels have a buffer of one, so whichever side loses the race
 * can still complete its send and exit instead of blocking forever (a goroutine leak in Go).
 */
public final class SelectTimeout {

    private SelectTimeout() {}

    /** Which case of the select ran. */
    public enum Winner {
        /** The producer's answer arrived first. */
        ANSWER,
        /** The timeout fired first. */
        TIMEOUT
    }

    /**
     * What the select chose.
     *
     * @param winner  the case that ran
     * @param message what that case said
     */
    public record Outcome(Winner winner, String message) {}

    /**
     * Starts a producer that answers after {@code work} and a timer that fires after
     * {@code timeout} (two goroutines, started through {@code goroutines}), and returns whichever
     * the select received from first. Returns as soon as one is ready; the other goroutine finishes
     * on its own later.
     */
    public static Outcome race(Duration work, Duration timeout, Goroutines goroutines) {
        Chan<Integer> answer = Chan.make(1);
        goroutines.go(() -> {
            if (sleep(work)) {
                answer.send(42);   // buffered: completes even when nobody is listening any more
            }
        });
        RecvChan<Instant> timedOut = after(timeout, goroutines);
        return Select.select(
                Select.recv(answer, v -> new Outcome(Winner.ANSWER, "answer " + v + " after " + millis(work))),
                Select.recv(timedOut, t -> new Outcome(Winner.TIMEOUT, "timed out after " + millis(timeout))));
    }

    /**
     * Returns a channel that receives the time once {@code d} has passed, like Go's
     * {@code time.After}: a goroutine sleeps, then sends on a channel with a buffer of one.
     */
    static RecvChan<Instant> after(Duration d, Goroutines goroutines) {
        Chan<Instant> c = Chan.make(1);
        goroutines.go(() -> {
            if (sleep(d)) {
                c.send(Instant.now());
            }
        });
        return c.recvOnly();
    }

    /** Sleeps for {@code d}; returns {@code false}, with the interrupt flag set, if interrupted. */
    private static boolean sleep(Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String millis(Duration d) {
        return d.toMillis() + " ms";
    }
}
