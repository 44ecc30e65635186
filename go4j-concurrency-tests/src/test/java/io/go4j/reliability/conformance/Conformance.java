package io.go4j.reliability.conformance;

import static io.go4j.reliability.TestSupport.LONG;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.Go;
import io.go4j.GoInterruptedException;
import io.go4j.Recv;
import io.go4j.RecvChan;
import io.go4j.Select;
import io.go4j.SendChan;
import io.go4j.context.Context;
import io.go4j.time.Time;
import io.go4j.reliability.TestSupport;
import io.go4j.time.Timer;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * Conformance holds what the conformance tests share beyond the module's
 * {@link TestSupport} (bounded waits, wait reasons): a bounded receive, a
 * select over a list of cases, a spin loop that cannot starve other goroutines, a harness that
 * makes two operations race often ({@link #raceRounds}), a statistical bound for probabilistic
 * rules, and the send and receive of pipelines that stop when their context is cancelled.
 */
final class Conformance {

    private Conformance() {}

    /**
     * Gives up the processor inside a spin loop (a goroutine retrying trySend or tryRecv), and
     * throws if the goroutine was interrupted, so that a test that failed can still stop it.
     *
     * <p>Mostly a {@code Thread.yield()}, but now and then a short timed park: on the JDK's
     * virtual-thread scheduler, goroutines that only ever yield can keep both carriers busy
     * while goroutines submitted from outside the scheduler (those the test thread starts) never
     * get to run at all; Go's {@code runtime.Gosched} has no such hole. Parking unmounts the
     * goroutine and lets them in.
     */
    static void yieldInSpin() {
        if (Thread.currentThread().isInterrupted()) {
            throw new GoInterruptedException("spin");
        }
        if (ThreadLocalRandom.current().nextInt(8) == 0) {
            LockSupport.parkNanos(20_000);
        } else {
            Thread.yield();
        }
    }

    /** One round of {@link #raceRounds}: what the racing goroutine does, and what the main goroutine does meanwhile. */
    interface RaceRound {
        /** The racing goroutine's operation; its outcome is recorded. */
        boolean racer();

        /** The main goroutine's operation, racing with {@link #racer()}. */
        void main();
    }

    /**
     * Runs {@code rounds} races between a goroutine and the calling (main) goroutine and returns
     * the outcome of the goroutine's operation in each. Go's race tests start a goroutine per
     * round and rely on scheduling luck for the two operations to overlap; here one goroutine
     * runs every round, the two sides meet before each round through spin flags (so both are
     * running on their own processors when it starts), and each waits a random few spins before
     * acting, so that over the rounds one operation falls at every point of the other's run.
     */
    static boolean[] raceRounds(int rounds, Supplier<RaceRound> newRound) {
        AtomicInteger published = new AtomicInteger(-1); // the last round made ready for the racer
        AtomicInteger answered = new AtomicInteger(-1);  // the last round the racer has finished
        AtomicReference<RaceRound> current = new AtomicReference<>();
        boolean[] outcome = new boolean[rounds];
        SplittableRandom rnd = new SplittableRandom();
        try (Goroutines g = new Goroutines("race rounds")) {
            Thread racer = g.go("racer", () -> {
                SplittableRandom mine = new SplittableRandom();
                for (int i = 0; i < rounds; i++) {
                    spinUntil(published, i, answered, null);
                    RaceRound round = current.get();
                    jitter(mine);
                    outcome[i] = round.racer();
                    answered.set(i); // publishes outcome[i]
                }
            });
            for (int i = 0; i < rounds; i++) {
                RaceRound round = newRound.get();
                current.set(round);
                published.set(i);
                jitter(rnd);
                round.main();
                if (!spinUntil(answered, i, published, racer)) {
                    g.awaitAll(); // the racer ended early: report what it threw
                    fail("the racing goroutine ended at round " + i);
                }
            }
            g.awaitAll();
        }
        return outcome;
    }

    private static void jitter(SplittableRandom rnd) {
        for (int spin = rnd.nextInt(64); spin > 0; spin--) {
            Thread.onSpinWait();
        }
    }

    /**
     * Spins until {@code flag} reaches {@code round}, giving up the processor now and then;
     * returns false if {@code partner} (when given) has ended instead. Bounded by
     * {@link TestSupport#LONG}.
     */
    private static boolean spinUntil(AtomicInteger flag, int round, AtomicInteger other, Thread partner) {
        long deadline = System.nanoTime() + LONG.toNanos();
        for (int spins = 0; flag.get() < round; spins++) {
            if (spins >= 100) { // the other side may not be running: give up the processor
                if (partner != null && !partner.isAlive() && flag.get() < round) {
                    return false;
                }
                if (System.nanoTime() - deadline > 0) {
                    fail("round " + round + " of a race: the other side never came (it is at " + other.get() + ")");
                }
                yieldInSpin();
            } else {
                Thread.onSpinWait();
            }
        }
        return true;
    }

    /**
     * Receives from {@code ch}, failing if nothing arrives within {@link TestSupport#LONG}: Go's
     * {@code select { case v := <-ch: ... case <-time.After(d): t.Fatal(...) }}.
     */
    static <T> Recv<T> receive(RecvChan<T> ch, String what) {
        Timer timeout = Time.newTimer(LONG);
        try {
            Recv<T> r = Select.select(
                    Select.recvOk(ch, v -> v),
                    Select.recv(timeout.c(), t -> null));
            if (r == null) {
                fail(what + ": nothing received within " + LONG);
            }
            return r;
        } finally {
            timeout.stop();
        }
    }

    /** Runs a select over a list of cases built at run time. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static <R> R select(List<Select.Case<R>> cases) {
        Select.Case<R>[] array = cases.toArray(new Select.Case[0]);
        return Select.select(array);
    }

    /**
     * Checks that {@code count} successes in {@code n} independent trials of probability
     * {@code p} lie within Hoeffding's bound, P(|X/n - p| >= t) <= 2 exp(-2 n t^2), with t chosen
     * so that a correct implementation fails with probability at most {@code falseFailure}.
     */
    static void assertProportion(String what, long count, long n, double p, double falseFailure) {
        double margin = Math.sqrt(Math.log(2 / falseFailure) / (2.0 * n));
        double observed = (double) count / n;
        assertTrue(Math.abs(observed - p) <= margin, what + ": " + count + " of " + n + " = " + observed
                + ", expected " + p + " +/- " + margin + " (a correct implementation fails this with"
                + " probability < " + falseFailure + ")");
    }

    // ---------------------------------------------------------------------------------------------
    // Pipelines that stop with their context: Go's "case <-ctx.Done(): return" in every blocking step

    /** Unwinds a pipeline goroutine whose context was cancelled. */
    static final class Cancelled extends RuntimeException {
        Cancelled() {
            super("context cancelled", null, false, false);
        }
    }

    /** Wraps a pipeline goroutine's body so that its context's cancellation ends it quietly. */
    static Goroutines.Body untilCancelled(Goroutines.Body body) {
        return () -> {
            try {
                body.run();
            } catch (Cancelled expected) {
                // the goroutine's work ends with its context
            }
        };
    }

    /** Receives from {@code ch} unless {@code ctx} is cancelled first (then throws {@link Cancelled}). */
    static <T> T recv(RecvChan<T> ch, Context ctx) {
        return Select.select(
                Select.recv(ch, v -> v),
                Select.recv(ctx.done(), v -> {
                    throw new Cancelled();
                }));
    }

    /** Sends on {@code ch} unless {@code ctx} is cancelled first (then throws {@link Cancelled}). */
    static <T> void send(SendChan<T> ch, T v, Context ctx) {
        Select.select(
                Select.send(ch, v),
                Select.onRecv(ctx.done(), x -> {
                    throw new Cancelled();
                }));
    }
}
