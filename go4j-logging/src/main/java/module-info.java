/**
 * go4j-logging: goroutine ids, creators and profiler labels in logs. {@code GoroutineMdc} keeps
 * SLF4J's MDC current in every goroutine; {@code GoroutineContextDataProvider} gives Log4j 2's
 * context data (what {@code %X} prints) the same entries.
 *
 * <p>SLF4J and Log4j 2 are optional ({@code requires static}): bring the one you log with. On the
 * module path Log4j 2 finds the provider only if the application declares it (Log4j reads
 * {@code META-INF/services} on the class path); see the README.
 */
module io.go4j.logging {
    requires transitive io.go4j;
    requires io.go4j.debug;   // its listener multiplexer shares the core's goroutine listener
    requires static org.slf4j;
    requires static org.apache.logging.log4j;
    requires static org.apache.logging.log4j.core;

    exports io.go4j.logging;
}
