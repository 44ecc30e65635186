package io.go4j.reliability.conformance;

import io.go4j.test.GoLeakCheck;

import static io.go4j.reliability.conformance.Conformance.recv;
import static io.go4j.reliability.conformance.Conformance.send;
import static io.go4j.reliability.conformance.Conformance.untilCancelled;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.Chan;
import io.go4j.RecvChan;
import io.go4j.Select;
import io.go4j.SendChan;
import io.go4j.context.CancelContext;
import io.go4j.context.Context;
import io.go4j.reliability.Mode;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Go's two concurrent prime sieves produce the primes, in order, and stop cleanly when their
 * context is cancelled.
 *
 * <p>Mirrors Go's {@code test/chan/sieve1.go} (the classic inefficient sieve: a generator of 2,
 * 3, 4, ... feeds a daisy chain of filter goroutines, one per prime found, each dropping the
 * multiples of its prime; Go checks the 25 primes below 100) and {@code test/chan/sieve2.go}
 * (an Eratosthenes sieve over odd candidates: the odd multiples of each prime, from its square
 * on, come from a goroutine per prime and are merged in order through a heap into one stream of
 * composites, and a candidate absent from that stream is prime; the primes found are fed back to
 * the merger through a proxy goroutine with an unbounded buffer, whose select disables its send
 * case with a nil channel while the buffer is empty). Here the first {@value #PRIMES_CHAINED}
 * (chained sieve) and {@value #PRIMES_ERATOSTHENES} (Eratosthenes) primes are checked against
 * trial division, and, as in Go's pipelines, every goroutine also selects on a context's done
 * channel: cancelling it must end them all.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES) // for -Psoak; in the short mode each test needs seconds
@GoLeakCheck
class PrimeSieveTest {

    static final int PRIMES_CHAINED = 400;
    static final int PRIMES_ERATOSTHENES = 5_000;

    @Test
    @DisplayName("sieve1: a daisy chain of filter goroutines yields the primes in order")
    void chainedFiltersYieldThePrimes() {
        int n = Mode.pick(PRIMES_CHAINED, 2_000);
        check(n, (g, ctx) -> chainedSieve(g, ctx));
    }

    @Test
    @DisplayName("sieve2: merged multiples of each prime, fed back through an unbounded proxy, leave the primes")
    void eratosthenesYieldsThePrimes() {
        int n = Mode.pick(PRIMES_ERATOSTHENES, 100_000);
        check(n, (g, ctx) -> eratosthenes(g, ctx));
    }

    private interface Sieve {
        RecvChan<Integer> start(Goroutines g, Context ctx);
    }

    /** Reads n primes from the sieve, compares them with trial division, then cancels and checks teardown. */
    private static void check(int n, Sieve sieve) {
        List<Integer> got = new ArrayList<>();
        try (Goroutines g = new Goroutines("prime sieve"); CancelContext ctx = Context.withCancel(Context.background())) {
            RecvChan<Integer> primes = sieve.start(g, ctx);
            for (int i = 0; i < n; i++) {
                got.add(primes.recv());
            }
            ctx.cancel();
            g.awaitAll(); // every goroutine of the sieve ended on the cancellation
        }
        assertEquals(firstPrimesByTrialDivision(n), got);
    }

    /** The first n primes, by trial division: the expected answer, computed without channels. */
    static List<Integer> firstPrimesByTrialDivision(int n) {
        List<Integer> primes = new ArrayList<>();
        for (int k = 2; primes.size() < n; k++) {
            boolean prime = true;
            for (int d = 2; (long) d * d <= k; d++) {
                if (k % d == 0) {
                    prime = false;
                    break;
                }
            }
            if (prime) {
                primes.add(k);
            }
        }
        return primes;
    }

    // ---------------------------------------------------------------------------------------------
    // sieve1: generator and a chain of filters

    private static RecvChan<Integer> chainedSieve(Goroutines g, Context ctx) {
        Chan<Integer> primes = Chan.make();
        g.go("sieve", untilCancelled(() -> {
            Chan<Integer> numbers = Chan.make();
            g.go("generate", untilCancelled(() -> {
                for (int i = 2; ; i++) {
                    send(numbers, i, ctx);
                }
            }));
            RecvChan<Integer> in = numbers;
            while (true) {
                int prime = recv(in, ctx);
                send(primes, prime, ctx);
                Chan<Integer> out = Chan.make();
                RecvChan<Integer> from = in;
                g.go("filter " + prime, untilCancelled(() -> {
                    while (true) {
                        int i = recv(from, ctx);
                        if (i % prime != 0) {
                            send(out, i, ctx);
                        }
                    }
                }));
                in = out;
            }
        }));
        return primes;
    }

    // ---------------------------------------------------------------------------------------------
    // sieve2: Eratosthenes over odd candidates

    private static RecvChan<Integer> eratosthenes(Goroutines g, Context ctx) {
        Chan<Integer> out = Chan.make(10);
        Chan<Integer> primesForMerger = Chan.make(10);
        Chan<Integer> composites = Chan.make(50);
        g.go("merge", untilCancelled(() -> mergeMultiples(g, ctx, primesForMerger, composites)));
        g.go("sieve", untilCancelled(() -> {
            // the merger is slower to take primes than the sieve to find them: a bounded channel
            // between the two would fill and deadlock the loop, hence the unbounded proxy
            SendChan<Integer> feedback = unboundedProxy(g, ctx, primesForMerger);
            send(out, 2, ctx);
            send(out, 3, ctx);
            send(feedback, 3, ctx);
            RecvChan<Integer> candidates = countBy(g, ctx, 5, 2, 50);
            int p = recv(candidates, ctx);
            while (true) {
                int c = recv(composites, ctx);
                while (p < c) { // no composite equals p: prime
                    send(feedback, p, ctx);
                    send(out, p, ctx);
                    p = recv(candidates, ctx);
                }
                if (p == c) {
                    p = recv(candidates, ctx);
                }
            }
        }));
        return out;
    }

    /** A goroutine sending from, from + step, from + 2 step, ... on a channel of the given capacity. */
    private static RecvChan<Integer> countBy(Goroutines g, Context ctx, int from, int step, int capacity) {
        Chan<Integer> ch = Chan.make(capacity);
        g.go("count from " + from + " by " + step, untilCancelled(() -> {
            for (int n = from; ; n += step) {
                send(ch, n, ctx);
            }
        }));
        return ch;
    }

    /** A stream of multiples and its next value. */
    private static final class Multiples {
        final RecvChan<Integer> ch;
        int head;

        Multiples(RecvChan<Integer> ch, int head) {
            this.ch = ch;
            this.head = head;
        }
    }

    /**
     * Sends on {@code composites}, increasing and without repeats, the odd multiples of the odd
     * primes received on {@code primes}, each prime p contributing p*p, p*p + 2p, ... Before it
     * asks for the next prime q it has sent every composite up to p*p, which exceeds q: that is
     * what lets the sieve find q without waiting for the merger.
     */
    private static void mergeMultiples(Goroutines g, Context ctx, RecvChan<Integer> primes, SendChan<Integer> composites) {
        PriorityQueue<Multiples> heap = new PriorityQueue<>(Comparator.comparingInt((Multiples m) -> m.head));
        int last = 0;
        while (true) {
            int p = recv(primes, ctx);
            int square = p * p;
            RecvChan<Integer> m = countBy(g, ctx, square, 2 * p, 10);
            heap.add(new Multiples(m, recv(m, ctx)));
            while (heap.peek().head <= square) {
                Multiples min = heap.poll();
                if (min.head != last) {
                    send(composites, min.head, ctx);
                    last = min.head;
                }
                min.head = recv(min.ch, ctx);
                heap.add(min);
            }
        }
    }

    /**
     * A proxy goroutine forwarding what is sent on the returned channel to {@code out}, buffering
     * without bound so that its senders never wait for {@code out}.
     */
    private static SendChan<Integer> unboundedProxy(Goroutines g, Context ctx, SendChan<Integer> out) {
        Chan<Integer> in = Chan.make(10);
        g.go("proxy", untilCancelled(() -> {
            ArrayDeque<Integer> buffered = new ArrayDeque<>();
            while (true) {
                // while nothing is buffered, the send case is on the nil channel: never chosen
                SendChan<Integer> target = buffered.isEmpty() ? Chan.<Integer>nil() : out;
                int next = buffered.isEmpty() ? 0 : buffered.peek();
                Select.select(
                        Select.onRecv(in, buffered::add),
                        Select.onSend(target, next, buffered::poll),
                        Select.onRecv(ctx.done(), v -> {
                            throw new Conformance.Cancelled();
                        }));
            }
        }));
        return in.sendOnly();
    }
}
