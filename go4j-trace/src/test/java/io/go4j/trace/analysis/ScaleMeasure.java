package io.go4j.trace.analysis;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * ScaleMeasure generates a large trace (unless it exists) and analyses it with the built-in
 * rules, printing one line: size, events, seconds (and the analysing thread's CPU seconds, which
 * a loaded machine disturbs less), MB/s and the heap's peak. Run it in a JVM with
 * a small heap to show the analysis streams:
 *
 * <pre>
 * java -Xmx64m -cp ... io.go4j.trace.analysis.ScaleMeasure /tmp/big.trace 1024
 * </pre>
 */
public final class ScaleMeasure {
    private ScaleMeasure() {}

    /**
     * Generates (if absent) and analyses a trace.
     *
     * @param args the trace file, and its size in MB
     */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        long mb = Long.parseLong(args[1]);
        if (!Files.exists(file)) {
            long t0 = System.nanoTime();
            TraceGenerator.write(file, mb << 20, 1000);
            System.out.printf("generated %d MB in %.1f s%n", Files.size(file) >> 20, (System.nanoTime() - t0) / 1e9);
        }
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            pool.resetPeakUsage();
        }
        long t0 = System.nanoTime();
        long cpu0 = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
        TraceReport r = TraceAnalysis.of(Rules.builtIn()).run(file);
        double secs = (System.nanoTime() - t0) / 1e9;
        double cpu = (ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() - cpu0) / 1e9;
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        System.out.printf("analysed %d MB, %d events in %.1f s (%.1f s of the thread's CPU): %.1f MB/s, peak heap %d MB "
                        + "(max heap %d MB), %d goroutine groups, %d matches%n", r.bytes() >> 20, r.events(), secs, cpu,
                (r.bytes() / 1e6) / secs, peak >> 20, Runtime.getRuntime().maxMemory() >> 20, r.groups().size(),
                r.matches().size());
    }
}
