package io.go4j.examples;

import io.go4j.Chan;
import io.go4j.Empty;
import io.go4j.Go;
import io.go4j.Select;
import io.go4j.sync.WaitGroup;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * ForSelect shows Go's statements the Java way: a for-select loop written with
 * {@link Select#choose}, whose {@code continue} and {@code break} are the caller's own; a
 * {@code chan struct{}} quit signal as a {@code Chan<Empty>}; and a goroutine that ends early with
 * {@link Go#goexit()} while its deferred work (a {@code finally}) still runs.
 *
 * <pre>{@code
 * ForSelect.Result r = ForSelect.sumUntilQuit(10);
 * r.sum();   // 55: every value received before quit
 * r.odd();   // 5: the even ones were skipped with continue
 * }</pre>
 */
public final class ForSelect {

    private ForSelect() {}

    /**
     * What the loop saw.
     *
     * @param sum  the sum of the values received
     * @param odd  how many were odd (the loop {@code continue}d past the even ones)
     * @param quit whether the loop was left by {@code break} on the quit signal
     */
    public record Result(long sum, int odd, boolean quit) {}

    /**
     * A producer goroutine sends 1..n on an unbuffered channel, then closes a quit signal; the
     * caller's for-select loop sums the values, counts the odd ones, and breaks on quit.
     *
     * @param n how many values the producer sends
     * @return what the loop saw
     */
    public static Result sumUntilQuit(int n) {
        Chan<Integer> values = Chan.make();
        Chan<Empty> quit = Chan.make();
        Go.go(() -> {
            for (int i = 1; i <= n; i++) {
                values.send(i);
            }
            quit.close();   // unbuffered values: every one was received before this
        });
        // README-BEGIN
        Select.Case<Integer> value = Select.recv(values);
        Select.Case<Empty> done = Select.recv(quit);
        long sum = 0;
        int odd = 0;
        boolean quitSeen = false;
        loop:
        for (;;) {
            Select.Chosen c = Select.choose(value, done);
            if (c.is(done)) {
                quitSeen = true;
                break loop;             // Go: break loop
            }
            int v = c.value(value);
            sum += v;
            if (v % 2 == 0) {
                continue;               // Go: continue
            }
            odd++;
        }
        // README-END
        return new Result(sum, odd, quitSeen);
    }

    /**
     * Starts a goroutine that calls {@link Go#goexit()} from a nested call; returns whether its
     * {@code finally} ran and the statement after the call did not.
     *
     * @return true if the goroutine ended early with its deferred work done
     */
    public static boolean goexitRunsDeferredWork() {
        AtomicBoolean cleanedUp = new AtomicBoolean();
        AtomicBoolean ranPast = new AtomicBoolean();
        WaitGroup wg = new WaitGroup();
        wg.go(() -> {
            try {
                stopHere();
                ranPast.set(true);      // never reached
            } finally {
                cleanedUp.set(true);    // Go: a deferred call runs
            }
        });
        wg.await();
        return cleanedUp.get() && !ranPast.get();
    }

    private static void stopHere() {
        Go.goexit();
    }
}
