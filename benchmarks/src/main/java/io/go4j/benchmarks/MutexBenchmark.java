package io.go4j.benchmarks;

import io.go4j.sync.Mutex;
import java.util.Arrays;
import java.util.concurrent.locks.ReentrantLock;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.CompilerControl;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

/**
 * Mutex measures a contended critical section, by {@code goroutines} virtual threads at once
 * sharing one lock, 200,000 critical sections per batch in all. Score: <b>ns per critical
 * section</b> (so with several goroutines it is the lock's throughput, not one goroutine's
 * latency). {@code goroutines = 1} is the uncontended path.
 *
 * <p>The shape of one goroutine's loop, the same for every lock and in the Go twin:
 * <pre>
 *   repeat OPS / goroutines times:
 *       lock; counter = inside(counter); unlock     // shared counter, non-inlined call
 *       local = outside(local)                      // non-inlined work between sections
 *       every YIELD_EVERY iterations: Thread.yield() (Go: runtime.Gosched())
 * </pre>
 * Why: a bare {@code counter++} under {@code synchronized} in a tight loop lets C2 coarsen
 * consecutive lock regions into one (and, for a monitor it can prove thread-local, elide it), so
 * the monitor would be measured locking once per many increments. The non-inlined calls
 * ({@code @CompilerControl(DONT_INLINE)}, {@code //go:noinline} in Go) inside and between the
 * critical sections keep each lock/unlock a separate region the JIT cannot merge, and the
 * shared counter, checked after the batch, keeps the section from being dropped. And virtual
 * threads are not time-sliced: without a yield, each of 8 or 100 goroutines would run its whole
 * share on one of the 2 carriers, and only 2 would ever contend. Yielding every
 * {@value #YIELD_EVERY} iterations (outside the lock) puts the goroutine at the back of the run
 * queue, so all of them interleave and a lock holder is regularly found by other goroutines
 * wanting the lock. The yield and the outside work are part of the score, the same in every
 * implementation, which is why only the ratios between implementations mean anything.
 *
 * <p>{@code go4j} is {@code io.go4j.sync.Mutex}; {@code reentrant} a non-fair
 * {@code java.util.concurrent.locks.ReentrantLock}; {@code synchronized} a monitor on a shared
 * object (no longer pinning a virtual thread on JDK 24+); {@code kotlin} a kotlinx.coroutines {@code Mutex}
 * locked by coroutines ({@link KotlinPeer}), yielding with {@code yield()}. All run on goroutines started with
 * {@code Go.go}, so the scheduler is the same. Go twin: {@code BenchmarkMutex1}, {@code ...2},
 * {@code ...8}, {@code ...100} in {@code bench-go/sync_test.go} ({@code sync.Mutex}).
 */
@State(Scope.Benchmark)
public class MutexBenchmark extends ActorBenchmark {

    static final int OPS = 200_000;

    /** Iterations between yields: often enough to interleave 100 goroutines, rare enough not to dominate. */
    static final int YIELD_EVERY = 64;

    @Param({"go4j", "reentrant", "synchronized", "kotlin"})
    public String lock;

    @Param({"1", "2", "8", "100"})
    public int goroutines;

    private long counter;
    private final Mutex mutex = new Mutex();
    private final ReentrantLock reentrant = new ReentrantLock();
    private final Object monitor = new Object();

    @Benchmark
    @OperationsPerInvocation(OPS)
    @SuppressWarnings("UnbalancedLock")   // deliberate: lock; counter = inside(counter); unlock, the same shape
                                          // for every lock and in the Go twin (above); inside is c + 1, which cannot throw
    public long criticalSection() {
        int each = OPS / goroutines;
        long before = counter;
        if (Pipes.KOTLIN.equals(lock)) {
            counter = KotlinPeer.mutex(goroutines, each, YIELD_EVERY, counter);
            return checked(before, each);
        }
        Actors.Body body = switch (lock) {
            case "go4j" -> () -> {
                long local = 0;
                for (int i = 1; i <= each; i++) {
                    mutex.lock();
                    counter = inside(counter);
                    mutex.unlock();
                    local = outside(local);
                    if (i % YIELD_EVERY == 0) {
                        Thread.yield();
                    }
                }
                sink(local);
            };
            case "reentrant" -> () -> {
                long local = 0;
                for (int i = 1; i <= each; i++) {
                    reentrant.lock();
                    counter = inside(counter);
                    reentrant.unlock();
                    local = outside(local);
                    if (i % YIELD_EVERY == 0) {
                        Thread.yield();
                    }
                }
                sink(local);
            };
            case "synchronized" -> () -> {
                long local = 0;
                for (int i = 1; i <= each; i++) {
                    synchronized (monitor) {
                        counter = inside(counter);
                    }
                    local = outside(local);
                    if (i % YIELD_EVERY == 0) {
                        Thread.yield();
                    }
                }
                sink(local);
            };
            default -> throw new IllegalArgumentException(lock);
        };
        Actors.Body[] bodies = new Actors.Body[goroutines];
        Arrays.fill(bodies, body);
        Actors.runBatch(Pipes.GO4J, bodies);
        return checked(before, each);
    }

    /** Returns the counter after a batch, checked: every critical section counted once. */
    private long checked(long before, int each) {
        long want = before + (long) each * goroutines;
        if (counter != want) {
            throw new IllegalStateException(lock + ": counter " + counter + ", want " + want + " (lost update)");
        }
        return counter;
    }

    /** The critical section's update of the shared counter; never inlined (Go: {@code inside}). */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static long inside(long c) {
        return c + 1;
    }

    /** A few ns of work between critical sections; never inlined (Go: {@code outside}). */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static long outside(long x) {
        x ^= x << 13;
        x ^= x >>> 7;
        x ^= x << 17;
        return x + 1;
    }

    /** Keeps each goroutine's outside work observable; never inlined, so it cannot be dropped. */
    @CompilerControl(CompilerControl.Mode.DONT_INLINE)
    static void sink(long x) {
        if (x == 42) {
            System.out.print("");
        }
    }
}
