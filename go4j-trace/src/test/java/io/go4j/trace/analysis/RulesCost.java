package io.go4j.trace.analysis;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

/**
 * RulesCost measures what the built-in rules add to an analysis: the analysing thread's CPU time
 * without rules and with the six built-in ones, the best of five runs of each (CPU time and the
 * best of several runs, because this machine is shared and wall times move by 2x).
 *
 * <pre>
 * java -Xmx64m -cp ... io.go4j.trace.analysis.RulesCost small.trace   # ScaleMeasure small.trace 8 writes one
 * </pre>
 */
public final class RulesCost {
    private RulesCost() {}

    private static double cpu() {
        return ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime() / 1e9;
    }

    /**
     * Measures.
     *
     * @param args the trace file
     */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        double none = Double.MAX_VALUE;
        double all = Double.MAX_VALUE;
        for (int round = 0; round < 5; round++) {
            double t = cpu();
            TraceAnalysis.of(List.of()).run(file);
            none = Math.min(none, cpu() - t);
            t = cpu();
            TraceAnalysis.of(Rules.builtIn()).run(file);
            all = Math.min(all, cpu() - t);
        }
        System.out.printf("best of 5, thread CPU: analyses without rules %.2f s, with the 6 built-in rules %.2f s, "
                + "rules %.2f s%n", none, all, all - none);
    }
}
