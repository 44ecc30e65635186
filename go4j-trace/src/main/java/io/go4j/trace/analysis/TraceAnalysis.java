package io.go4j.trace.analysis;

import io.go4j.trace.internal.analysis.Analyser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A TraceAnalysis reads a trace once, as a stream, and reports what {@code go4j trace} shows:
 * the scheduling latency (p50, p99, max, a histogram), the time of each goroutine group
 * running, runnable and blocked by reason, the longest blocking episodes with the stack that
 * blocked and the goroutine that released them, and the matches of the given {@link Rule}s.
 *
 * <pre>{@code
 * TraceReport report = TraceAnalysis.of(Rules.builtIn()).run(Path.of("trace.out"));
 * System.out.print(report.text());
 * }</pre>
 *
 * <p>Memory is bounded by the trace's tables, the goroutines alive at once, the {@code top}
 * episodes and the rules' bounded partial matches, not by the trace's length. Immutable; each
 * {@link #run} is independent.
 */
public final class TraceAnalysis {
    private final List<Rule> rules;
    private final int top;

    private TraceAnalysis(List<Rule> rules, int top) {
        this.rules = List.copyOf(rules);
        this.top = top;
    }

    /**
     * Returns an analysis that also matches {@code rules}, keeping the 10 longest episodes.
     *
     * @param rules the rules, e.g. {@link Rules#builtIn()}; may be empty
     * @return the analysis
     */
    public static TraceAnalysis of(List<Rule> rules) {
        return new TraceAnalysis(rules, 10);
    }

    /**
     * Returns this analysis keeping the {@code n} longest blocking episodes.
     *
     * @param n how many, at least 0
     * @return a new analysis
     */
    public TraceAnalysis top(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("top must be >= 0, not " + n);
        }
        return new TraceAnalysis(rules, n);
    }

    /**
     * Analyses the trace in {@code path}.
     *
     * @param path a Go 1.19 trace file
     * @return the report
     * @throws IOException if the file cannot be read or is no such trace
     */
    public TraceReport run(Path path) throws IOException {
        try (TraceFile trace = TraceFile.open(path)) {
            return run(trace);
        }
    }

    /**
     * Analyses an open trace (one more pass over its events).
     *
     * @param trace the trace
     * @return the report
     * @throws IOException if the file cannot be read
     */
    public TraceReport run(TraceFile trace) throws IOException {
        Analyser a = new Analyser(trace::stack, rules, top);
        trace.events(a::accept);
        return a.finish(trace.size());
    }
}
