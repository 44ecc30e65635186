package io.go4j.benchmarks;

import io.go4j.sync.Mutex;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Mutex measures lock, increment a shared counter, unlock, by {@code goroutines} virtual threads
 * at once sharing one lock, 200,000 critical sections per batch in all. Score: <b>ns per
 * critical section</b> (so with several goroutines it is the lock's throughput, not one
 * goroutine's latency). {@code goroutines = 1} is the uncontended path.
 *
 * <p>{@code go4j} is {@code io.go4j.sync.Mutex}; {@code reentrant} a non-fair
 * {@code java.util.concurrent.locks.ReentrantLock}; {@code synchronized} a monitor (no longer
 * pinning a virtual thread on JDK 24+). All run on goroutines started with {@code Go.go}, so the
 * scheduler is the same. Go twin: {@code BenchmarkMutex1}, {@code ...2}, {@code ...8},
 * {@code ...100} in {@code bench-go/sync_test.go}.
 */
@State(Scope.Benchmark)
public class MutexBenchmark extends ActorBenchmark {

    static final int OPS = 200_000;

    @Param({"go4j", "reentrant", "synchronized"})
    public String lock;

    @Param({"1", "2", "8", "100"})
    public int goroutines;

    private long counter;

    @Benchmark
    @OperationsPerInvocation(OPS)
    public long increment() {
        int each = OPS / goroutines;
        Actors.Body[] bodies = new Actors.Body[goroutines];
        Runnable work = switch (lock) {
            case "go4j" -> {
                Mutex mu = new Mutex();
                yield () -> {
                    for (int i = 0; i < each; i++) {
                        mu.lock();
                        counter++;
                        mu.unlock();
                    }
                };
            }
            case "reentrant" -> {
                ReentrantLock rl = new ReentrantLock();
                yield () -> {
                    for (int i = 0; i < each; i++) {
                        rl.lock();
                        counter++;
                        rl.unlock();
                    }
                };
            }
            case "synchronized" -> {
                Object monitor = new Object();
                yield () -> {
                    for (int i = 0; i < each; i++) {
                        synchronized (monitor) {
                            counter++;
                        }
                    }
                };
            }
            default -> throw new IllegalArgumentException(lock);
        };
        for (int g = 0; g < goroutines; g++) {
            bodies[g] = work::run;
        }
        Actors.runBatch(Pipes.GO4J, bodies);
        return counter;
    }
}
