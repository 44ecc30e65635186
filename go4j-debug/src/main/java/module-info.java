/**
 * go4j-debug: Go's runtime diagnostics for go4j programs. Goroutine dumps in Go's text formats
 * (and JSON), pprof profiles written as gzip {@code profile.proto} with the JDK alone,
 * {@code /debug/pprof} over the JDK's HTTP server, deadlock and leak detection, scheduling
 * latency and JFR events.
 *
 * <p>The public API is {@code io.go4j.debug}; {@code io.go4j.debug.internal} is its
 * implementation. It observes go4j-core through the core's switchboard ({@code Hooks}), never
 * through a second copy of a primitive.
 */
module io.go4j.debug {
    requires transitive io.go4j;
    requires java.management;
    requires transitive jdk.httpserver; // PprofServer.handler() and mount() take and give its types
    // The deadlock detector lists hidden virtual threads with HotSpotDiagnosticMXBean.dumpThreads.
    requires jdk.management;
    requires jdk.jfr;
    // Optional: the attach command (a separate JVM) and the agent it loads into the target.
    requires static jdk.attach;
    requires static java.instrument;

    exports io.go4j.debug;
    // go4j's own tools, and no one else
    exports io.go4j.debug.internal to io.go4j.test, io.go4j.trace, io.go4j.logging;
    // the tracer keys its stacks with the profiles' cheap capture (pprof.EventStack)
    exports io.go4j.debug.internal.pprof to io.go4j.trace;
    // the tracer's user annotations go into JFR recordings as go4j-debug's events
    exports io.go4j.debug.internal.jfr to io.go4j.trace;
    // -javaagent:go4j-debug.jar and the attach command's agent: java.instrument calls premain and
    // agentmain reflectively, from this module when go4j-debug is resolved on the module path
    exports io.go4j.debug.internal.deadlock to java.instrument;
    exports io.go4j.debug.internal.attach to java.instrument;

    // /debug/pprof/trace, served by go4j-trace when it is present (internal.TraceEndpoint)
    uses io.go4j.debug.internal.TraceEndpoint;
}
