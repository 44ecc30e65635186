package io.go4j.examples;

import io.go4j.Chan;

/**
 * FanOutFanIn is a three-stage pipeline: one goroutine sends the numbers 1..n on a {@code jobs}
 * channel, many worker goroutines receive from it and send the squares on one {@code results}
 * channel (fan-out to the workers, fan-in to the results), and the caller adds the squares up.
 *
 * <pre>{@code
 * FanOutFanIn.Result r = FanOutFanIn.sumOfSquares(100_000, 100_000, new Goroutines());
 * r.sum();        // 333338333350000
 * r.expected();   // 333338333350000, from n(n+1)(2n+1)/6
 * }</pre>
 *
 * <p>The results channel is closed once the last worker has exited. Each worker reports how many
 * jobs it did on an {@code exited} channel; one more goroutine collects the reports, then closes
 * {@code results} (with {@code io.go4j.sync} this would be a {@code WaitGroup}). The caller's
 * {@code for} loop over {@code results} therefore ends exactly when every square is in.
 */
public final class FanOutFanIn {

    private FanOutFanIn() {}

    /**
     * What the pipeline computed.
     *
     * @param sum      the sum of the squares received from the workers
     * @param expected n(n+1)(2n+1)/6, the closed form of the same sum
     * @param jobsDone how many jobs the workers say they did (n when none was lost or repeated)
     */
    public record Result(long sum, long expected, long jobsDone) {}

    /** Returns 1² + 2² + … + n², the closed form n(n+1)(2n+1)/6. */
    public static long closedForm(long n) {
        return n * (n + 1) * (2 * n + 1) / 6;
    }

    /**
     * Squares 1..{@code n} on {@code workers} worker goroutines and adds up the squares.
     * Starts {@code workers + 2} goroutines through {@code goroutines}: the workers, the producer
     * and the one that closes the results channel.
     *
     * @throws IllegalArgumentException if {@code n < 0} or {@code workers < 1}
     */
    public static Result sumOfSquares(int n, int workers, Goroutines goroutines) {
        if (n < 0 || workers < 1) {
            throw new IllegalArgumentException("n = " + n + ", workers = " + workers);
        }
        Chan<Long> jobs = Chan.make();
        Chan<Long> results = Chan.make(1024);   // buffered: workers need not wait for the adder
        Chan<Long> exited = Chan.make();        // one message per worker: how many jobs it did
        Chan<Long> tally = Chan.make(1);        // the total of those, sent once before results closes

        // Stage 1: the producer.
        goroutines.go(() -> {
            for (long x = 1; x <= n; x++) {
                jobs.send(x);
            }
            jobs.close();   // ends every worker's for loop once the jobs are drained
        });

        // Stage 2: fan-out. Every worker takes jobs until there are no more.
        for (int w = 0; w < workers; w++) {
            goroutines.go(() -> {
                long done = 0;
                for (long x : jobs) {
                    results.send(x * x);
                    done++;
                }
                exited.send(done);
            });
        }

        // Fan-in: the results channel is closed after the last worker has exited.
        goroutines.go(() -> {
            long jobsDone = 0;
            for (int w = 0; w < workers; w++) {
                jobsDone += exited.recv();
            }
            tally.send(jobsDone);   // buffered: never blocks
            results.close();
        });

        // Stage 3: the caller adds up until results is closed and drained.
        long sum = 0;
        for (long square : results) {
            sum += square;
        }
        // The tally was sent before results was closed, so it is already waiting in its buffer.
        return new Result(sum, closedForm(n), tally.recv());
    }
}
