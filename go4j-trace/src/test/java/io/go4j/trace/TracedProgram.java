package io.go4j.trace;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.context.Context;
import io.go4j.sync.Mutex;
import io.go4j.sync.WaitGroup;
import io.go4j.time.Time;
import io.go4j.trace.testing.Waits;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

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

    private Thread producer;
    private final List<Thread> workers = new ArrayList<>();

    /**
     * What a run did.
     *
     * @param sum      the sum of the results
     * @param producer the producer goroutine
     * @param workers  the worker goroutines
     */
    record Run(long sum, Thread producer, List<Thread> workers) {}

    /** Runs the program on the calling thread and its goroutines, and waits for them to end. */
    static Run run() throws InterruptedException {
        TracedProgram p = new TracedProgram();
        long sum = p.main();
        for (Thread t : p.workers) {
            t.join();
        }
        p.producer.join();
        return new Run(sum, p.producer, List.copyOf(p.workers));
    }

    private long main() {
        Trace.Task task = Trace.newTask(Context.background(), "pipeline");
        WaitGroup wg = new WaitGroup();
        wg.add(WORKERS);
        for (int i = 0; i < WORKERS; i++) {
            workers.add(Go.go(() -> {
                try {
                    worker(task.context());
                } finally {
                    wg.done();
                }
            }));
        }
        List<Thread> waitFor = List.copyOf(workers);
        producer = Go.go(() -> producer(task.context(), waitFor));
        Go.go(() -> {
            wg.await();
            results.close();
        });
        long sum = collect(task.context());
        task.end();
        return sum;
    }

    private void producer(Context ctx, List<Thread> workers) {
        Trace.log(ctx, "producer", "sending " + JOBS + " jobs");
        Time.sleep(Duration.ofMillis(1));   // woken by go4j's timer thread, no goroutine
        // Every worker waits for its first job before one is sent, so that each blocks receiving
        // at least once however loaded the machine is (the tests look for it).
        Waits.awaitParked(workers);
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
