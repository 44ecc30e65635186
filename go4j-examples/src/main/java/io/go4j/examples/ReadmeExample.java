package io.go4j.examples;

import io.go4j.Chan;

import static io.go4j.Go.go;

/**
 * ReadmeExample is the example README.md shows, verbatim between the {@code README} markers
 * (ReadmeExampleTest checks that the two agree): a pool of worker goroutines squaring jobs from a
 * buffered channel, with a channel of results.
 *
 * <pre>{@code
 * System.out.println(ReadmeExample.sumOfSquares(10, 4));   // 385
 * }</pre>
 */
public final class ReadmeExample {

    private ReadmeExample() {}

    /** Squares 1..n in {@code workers} goroutines and returns the sum. */
    public static int sumOfSquares(int n, int workers) {
        // README-BEGIN
        Chan<Integer> jobs = Chan.make(100);        // buffered; Chan.make() is unbuffered
        Chan<Integer> results = Chan.make();
        for (int w = 0; w < workers; w++) {
            go(() -> {
                for (int j : jobs) results.send(j * j);   // range until closed and drained
            });
        }
        go(() -> {
            for (int i = 1; i <= n; i++) jobs.send(i);
            jobs.close();                           // ends the workers' loops
        });
        int sum = 0;
        for (int i = 0; i < n; i++) sum += results.recv();
        // README-END
        return sum;
    }

    public static void main(String[] args) {
        System.out.println(sumOfSquares(10, 4));
    }
}
