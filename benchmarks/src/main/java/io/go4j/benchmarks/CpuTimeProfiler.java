package io.go4j.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * CpuTimeProfiler reports the CPU time the forked JVM spent per operation ({@code cpu.ns/op}),
 * beside JMH's wall time: {@code -prof io.go4j.benchmarks.CpuTimeProfiler}. A hand-off that
 * keeps a second core spinning can win wall time and lose CPU; this secondary result shows it.
 *
 * <p>It is the process's CPU time (every thread: carriers, the JMH thread, the JIT and the
 * collector) over an iteration, divided by the iteration's operations (JMH's measured ops,
 * which count {@code @OperationsPerInvocation}). Read with {@code OperatingSystemMXBean}, so it is
 * as fine as the OS's accounting (a scheduler tick at worst, far below an iteration's CPU).
 */
public final class CpuTimeProfiler implements InternalProfiler {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long startCpu;

    /** Created by JMH ({@code -prof}). */
    public CpuTimeProfiler() {}

    @Override
    public String getDescription() {
        return "CPU time of the forked JVM per operation (cpu.ns/op)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        startCpu = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                       IterationResult result) {
        long cpu = os.getProcessCpuTime() - startCpu;
        long ops = result.getMetadata().getMeasuredOps();
        if (ops <= 0 || cpu < 0) {
            return List.of();
        }
        return List.of(new ScalarResult("cpu.ns/op", (double) cpu / ops, "ns/op", AggregationPolicy.AVG));
    }
}
