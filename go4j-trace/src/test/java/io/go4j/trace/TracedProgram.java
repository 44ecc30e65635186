package io.go4j.trace;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.context.Context;
import io.go4j.sync.Mutex;
import io.go4j.sync.WaitGroup;

/**
 * TracedProgram is the go4j program the tracer's tests record: a producer feeds three workers
 * through an unbuffered channel, the workers share a mutex and send results to a collector, the
 * whole run is one task with a region per worker and a log line. Its method names are what the
 * tests look for in {@code go tool trace}'s views.
 */
final class TracedProgram {
    static final int WORKERS = 3;
    static final int JOBS = 300;

    private final Chan<Integer> jobs = Chan.make();
    private final Chan<Integer> results = Chan.make();
    private final Mutex mu = new Mutex();
    private long total;   // guarded by mu

    /** Runs the program on the calling thread and its goroutines; returns the sum of the results. */
    static long run() {
        return new TracedProgram().main();
    }

    private long main() {
        Trace.Task task = Trace.newTask(Context.background(), "pipeline");
        WaitGroup wg = new WaitGroup();
        Go.go(() -> producer(task.context()));
        wg.add(WORKERS);
        for (int i = 0; i < WORKERS; i++) {
            Go.go(() -> {
                try {
                    worker(task.context());
                } finally {
                    wg.done();
                }
            });
        }
        Go.go(() -> {
            wg.await();
            results.close();
        });
        long sum = collect(task.context());
        task.end();
        return sum;
    }

    private void producer(Context ctx) {
        Trace.log(ctx, "producer", "sending " + JOBS + " jobs");
        for (int i = 1; i <= JOBS; i++) {
            jobs.send(i);
        }
        jobs.close();
    }

    private void worker(Context ctx) {
        Trace.withRegion(ctx, "work", () -> {
            for (Integer j : jobs) {
                mu.lock();
                try {
                    total += j;
                } finally {
                    mu.unlock();
                }
                results.send(j * 2);
            }
        });
    }

    private long collect(Context ctx) {
        long sum = 0;
        for (Integer r : results) {
            sum += r;
        }
        Trace.log(ctx, "collector", "sum " + sum);
        return sum;
    }
}
