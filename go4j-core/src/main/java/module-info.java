/**
 * go4j: Go's concurrency system for Java 21+. Goroutines are virtual threads; channels and
 * {@code select} follow the Go specification.
 *
 * <p>Only {@code io.go4j} is exported to everyone; the {@code internal} packages are exported
 * to go4j's own modules (debug, test, race, concurrency tests) and to no one else.
 */
module io.go4j {
    // Optional: Go.setMaxProcs uses jdk.management's VirtualThreadSchedulerMXBean on JDK 24+.
    requires static jdk.management;
    requires static java.management;

    exports io.go4j;
    exports io.go4j.internal.runtime to io.go4j.debug, io.go4j.test, io.go4j.race;
    exports io.go4j.internal.chan to io.go4j.debug, io.go4j.race;
}
