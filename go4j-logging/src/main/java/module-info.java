/**
 * go4j-logging: goroutine ids, creators and profiler labels in logs. {@code GoroutineMdc} keeps
 * SLF4J's MDC current in every goroutine; {@code GoroutineContextDataProvider} gives Log4j 2's
 * context data (what {@code %X} prints) the same entries.
 *
 * <p>SLF4J and Log4j 2 are optional ({@code requires static}): bring the one you log with. Log4j 2
 * finds the context data provider through {@code ServiceLoader}: on the class path by
 * {@code META-INF/services}, on the module path by the {@code provides} below (a provider whose
 * service module is absent is never loaded, so the module works without Log4j).
 */
module io.go4j.logging {
    requires transitive io.go4j;
    requires io.go4j.debug;   // its listener multiplexer shares the core's goroutine listener
    requires static org.slf4j;
    requires static org.apache.logging.log4j;
    requires static org.apache.logging.log4j.core;

    exports io.go4j.logging;

    // Log4j 2's context data (log4j-core's module uses this service); META-INF/services says the
    // same for the class path.
    provides org.apache.logging.log4j.core.util.ContextDataProvider
            with io.go4j.logging.GoroutineContextDataProvider;
}
