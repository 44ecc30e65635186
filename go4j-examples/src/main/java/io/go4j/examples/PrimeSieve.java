package io.go4j.examples;

import io.go4j.Chan;
import io.go4j.RecvChan;
import io.go4j.Select;
import io.go4j.SendChan;

import java.util.ArrayList;
import java.util.List;

/**
 * PrimeSieve is Go's concurrent prime sieve: a generator goroutine counts 2, 3, 4, … into an
 * unbuffered channel, and each prime found gets a filter goroutine that passes on only the
 * numbers it does not divide. The filters form a daisy chain; whatever comes out of the end of
 * the chain is the next prime.
 *
 * <pre>{@code
 * List<Integer> primes = PrimeSieve.firstPrimes(10, new Goroutines());
 * // [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]
 * }</pre>
 *
 * <p>The chain is infinite, so when the caller has its primes it closes a {@code done} channel;
 * every goroutine {@code select}s on it wherever it would block, and returns (the cancellation
 * idiom of the Go blog's "Pipelines and cancellation"). Nothing is left running once
 * {@link #firstPrimes} has returned and the goroutines have seen the close.
 */
public final class PrimeSieve {

    private PrimeSieve() {}

    /**
     * Returns the first {@code n} primes, found by a chain of {@code n + 1} goroutines started
     * through {@code goroutines} (one generator and one filter per prime).
     *
     * @throws IllegalArgumentException if {@code n < 0}
     */
    public static List<Integer> firstPrimes(int n, Goroutines goroutines) {
        if (n < 0) {
            throw new IllegalArgumentException("n < 0: " + n);
        }
        List<Integer> primes = new ArrayList<>(n);
        Chan<Void> done = Chan.make();   // never sent on: closing it tells every goroutine to stop
        try {
            Chan<Integer> ch = Chan.make();
            goroutines.go(() -> generate(ch, done));
            RecvChan<Integer> head = ch;
            for (int i = 0; i < n; i++) {
                int prime = head.recv();           // the first number to survive every filter
                primes.add(prime);
                Chan<Integer> next = Chan.make();
                RecvChan<Integer> in = head;
                goroutines.go(() -> filter(in, next, prime, done));
                head = next;
            }
        } finally {
            done.close();
        }
        return primes;
    }

    /** Sends 2, 3, 4, … to {@code out} until {@code done} is closed. */
    private static void generate(SendChan<Integer> out, RecvChan<Void> done) {
        int i = 2;
        while (sendOrQuit(out, i, done)) {
            i++;
        }
    }

    /** Copies from {@code in} to {@code out} the numbers {@code prime} does not divide. */
    private static void filter(RecvChan<Integer> in, SendChan<Integer> out, int prime, RecvChan<Void> done) {
        for (;;) {
            Integer i = Select.select(
                    Select.recv(in),                    // in is never closed, so i is never null here
                    Select.recv(done, closed -> null)); // done is closed: time to go
            if (i == null) {
                return;
            }
            if (i % prime != 0 && !sendOrQuit(out, i, done)) {
                return;
            }
        }
    }

    /** Sends {@code v} on {@code out} unless {@code done} is closed first; says which happened. */
    private static <T> boolean sendOrQuit(SendChan<T> out, T v, RecvChan<Void> done) {
        return Select.select(
                Select.send(out, v, () -> true),
                Select.recv(done, closed -> false));
    }
}
