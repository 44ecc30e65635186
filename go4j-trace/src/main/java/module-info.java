/**
 * go4j-trace: the execution tracer of go4j programs, Go's {@code runtime/trace}. Goroutine events
 * (create, start, block with its wait reason, unblock by whom, end) and user annotations (tasks,
 * regions, logs) are recorded through go4j-core's switchboard and written in Go's execution-trace
 * format, which {@code go tool trace} opens.
 *
 * <p>The public API is {@code io.go4j.trace}; {@code io.go4j.trace.internal} is its
 * implementation.
 */
module io.go4j.trace {
    requires transitive io.go4j;
    requires io.go4j.debug;
    requires jdk.jfr;   // the user annotations also go into JFR recordings (go4j-debug's events)
    requires transitive jdk.httpserver; // TraceHandler is an HttpHandler

    exports io.go4j.trace;
    exports io.go4j.trace.analysis;
    // -javaagent:go4j-trace.jar=flight: the JVM's java.instrument calls Agent.premain reflectively,
    // from this module when go4j-trace is on the module path (internal.agent.Agent, note 1)
    exports io.go4j.trace.internal.agent to java.instrument;

    // go4j-debug's /debug/pprof/trace
    provides io.go4j.debug.internal.TraceEndpoint with io.go4j.trace.internal.PprofTraceEndpoint;
}
