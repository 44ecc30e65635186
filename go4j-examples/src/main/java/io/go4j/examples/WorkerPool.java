package io.go4j.examples;

import io.go4j.context.Context;
import io.go4j.errgroup.Group;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * WorkerPool processes jobs with at most a fixed number running at once, using an errgroup with
 * a limit (Go's {@code g.SetLimit(n)}), and stops early at the first failure:
 *
 * <pre>{@code
 * WorkerPool.Report r = WorkerPool.run(1_000, 8, -1);
 * r.sum();          // sum of the squares of 1..1000
 * r.maxRunning();   // never above 8
 * }</pre>
 */
public final class WorkerPool {

    private WorkerPool() {}

    /**
     * What the pool did.
     *
     * @param sum        the sum of the squares of the jobs that ran
     * @param jobsRun    how many jobs ran to completion
     * @param maxRunning the most jobs that ran at the same time
     * @param error      the first failure, or null
     */
    public record Report(long sum, int jobsRun, int maxRunning, Exception error) {}

    /**
     * Squares the numbers 1..{@code jobs} with at most {@code limit} at a time; the job numbered
     * {@code failAt} (if positive) fails, which cancels the jobs that have not started their work.
     */
    public static Report run(int jobs, int limit, int failAt) {
        Group.WithContext gc = Group.withContext(Context.background());
        Group group = gc.group();
        Context ctx = gc.context();
        group.setLimit(limit);
        AtomicLong sum = new AtomicLong();
        AtomicInteger done = new AtomicInteger();
        AtomicInteger running = new AtomicInteger();
        AtomicInteger maxRunning = new AtomicInteger();
        for (int i = 1; i <= jobs; i++) {
            long job = i;
            group.go(() -> {   // blocks while `limit` jobs are running
                maxRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    if (ctx.err() != null) {
                        return;   // an earlier job failed: skip the work
                    }
                    if (job == failAt) {
                        throw new IllegalStateException("job " + job + " failed");
                    }
                    sum.addAndGet(job * job);
                    done.incrementAndGet();
                } finally {
                    running.decrementAndGet();
                }
            });
        }
        Exception error = group.await();
        return new Report(sum.get(), done.get(), maxRunning.get(), error);
    }
}
