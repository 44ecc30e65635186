package io.go4j.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * WorkerPool measures a program that works between its hand-offs: a producer sends jobs into a
 * buffered channel (capacity 16), four workers each take a job, compute for {@code work}
 * iterations ({@link #compute}) and send the result into a second buffered channel, and a
 * collector receives every result. Score: <b>ns per job</b> (wall time, on 2 cores).
 *
 * <p>The channel scenarios measure hand-offs alone, the worst case for anything that costs per
 * event (a tracer, a profiler); here the same events come with work between them, as in a
 * program, so a per-event cost shows as the share of a job it is. {@code work=0} is the
 * hand-offs alone, for reference.
 *
 * <p>Peers: jox buffered channel; {@code ArrayBlockingQueue}. Go twin: {@code BenchmarkWorkerPool}
 * (the same {@link #compute} loop).
 */
@State(Scope.Benchmark)
public class WorkerPoolBenchmark extends ActorBenchmark {

    static final int WORKERS = 4;
    static final int CAPACITY = 16;
    /** Jobs per invocation, divisible by WORKERS. */
    static final int JOBS = 20_000;

    @Param({"go4j", "jox", "juc-abq"})
    public String impl;

    /** Iterations of {@link #compute} per job: 2,000 is a few microseconds. */
    @Param({"0", "2000"})
    public int work;

    @Benchmark
    @OperationsPerInvocation(JOBS)
    public void job() {
        Pipe<Object> jobs = Pipes.make(impl, CAPACITY);
        Pipe<Object> results = Pipes.make(impl, CAPACITY);
        int n = work;
        Actors.Body producer = () -> {
            for (int i = 0; i < JOBS; i++) {
                jobs.send(MESSAGE);
            }
        };
        Actors.Body worker = () -> {
            long sum = 0;
            for (int i = 0; i < JOBS / WORKERS; i++) {
                jobs.recv();
                sum += compute(n, i);
                results.send(MESSAGE);
            }
            if (sum == 42) {
                System.out.print("");   // keeps the work observable
            }
        };
        Actors.Body collector = () -> {
            for (int i = 0; i < JOBS; i++) {
                results.recv();
            }
        };
        Actors.runBatch(impl, producer, worker, worker, worker, worker, collector);
    }

    /**
     * A job's work: {@code n} steps of Marsaglia's xorshift64 from {@code seed} (never 0), a
     * dependent chain neither the JIT nor Go's compiler can fold (Go's twin runs the same steps).
     */
    static long compute(int n, long seed) {
        long x = seed + 1;
        for (int i = 0; i < n; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
        }
        return x;
    }
}
