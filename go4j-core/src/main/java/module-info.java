/**
 * go4j: Go's concurrency system for Java 21+. Goroutines are virtual threads; channels and
 * {@code select} follow the Go specification.
 *
 * <p>The public packages mirror Go's: {@code io.go4j} (goroutines, channels, select),
 * {@code sync}, {@code time}, {@code context}, {@code errgroup}, {@code semaphore},
 * {@code singleflight}. The {@code internal} packages are not exported: each of go4j's own modules
 * that needs them (debug, test, sched, trace) gets a qualified export here, and no one else ever
 * does. go4j-race's agent, loaded in the unnamed module, adds its own export at start-up
 * ({@code Instrumentation.redefineModule}).
 */
module io.go4j {
    // Optional: Go.setMaxProcs uses jdk.management's VirtualThreadSchedulerMXBean on JDK 24+.
    requires static jdk.management;
    requires static java.management;

    exports io.go4j;
    exports io.go4j.sync;
    exports io.go4j.time;
    exports io.go4j.context;
    exports io.go4j.errgroup;
    exports io.go4j.semaphore;
    exports io.go4j.singleflight;

    // go4j's own tools, and no one else (docs/architecture.md)
    exports io.go4j.internal.runtime to io.go4j.debug, io.go4j.test, io.go4j.sched, io.go4j.trace,
            io.go4j.logging, io.go4j.otel;
    exports io.go4j.internal.chan to io.go4j.debug;

    // -Dgo4j.scheduler=go: go4j-sched's scheduler (internal.runtime.Scheduling)
    uses io.go4j.internal.runtime.SchedulerProvider;
}
