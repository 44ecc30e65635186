package io.go4j.benchmarks;

import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * ActorBenchmark fixes the JMH settings shared by every benchmark in this package: average time
 * in nanoseconds per operation, 3 forks of 3 one-second warmup and 5 one-second measurement
 * iterations, each fork with a fixed 2 GiB heap. {@code benchmarks/run-all} passes the same
 * values on the command line, where they can be shortened for a smoke run.
 *
 * <p>Each benchmark method runs one batch of operations on virtual threads and declares the
 * batch size with {@code @OperationsPerInvocation}, so scores are per round trip, hop, message
 * or goroutine, as each subclass's header says.
 *
 * <p>{@code -Dgo4j.bench.debug=idle|block|trace|stream} (a JVM flag of the fork, e.g. an {@code ab-run} side)
 * measures go4j-debug's (and go4j-trace's) cost on the same scenarios: see {@link DebugSide}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 3, jvmArgsAppend = {"-Xms2g", "-Xmx2g"})
public abstract class ActorBenchmark {

    /** The value every benchmark sends; one shared object, so no allocation is measured. */
    static final Object MESSAGE = "m";

    /** Applies {@code -Dgo4j.bench.debug} for this fork's trial ({@link DebugSide}). */
    @Setup(Level.Trial)
    public void debugSideUp() {
        DebugSide.up();
    }

    /** Undoes {@link #debugSideUp}. */
    @TearDown(Level.Trial)
    public void debugSideDown() {
        DebugSide.down();
    }
}
