/**
 * The go4j showcase and examples: classic Go programs re-expressed with go4j's public API.
 *
 * <p>Run the showcase with {@code ./go4j showcase}.
 */
module io.go4j.examples {
    requires io.go4j;
    requires io.go4j.debug;
    requires io.go4j.test;    // the showcase's section 7 runs go4j-test's Synctest (virtual time)
    requires io.go4j.trace;   // section 8 traces a program and analyses the trace
    requires java.net.http;   // the showcase fetches its own /debug/pprof and asks the HTTP example
    requires io.go4j.http;    // HttpServerExample, section 9

    // The integration examples, which the showcase does not run: static, so that the showcase's
    // module path needs none of them (the tests run on the class path, where all are present).
    requires static io.go4j.logging;              // LoggingExample
    requires static org.slf4j;
    requires static ch.qos.logback.classic;
    requires static ch.qos.logback.core;
    requires static io.go4j.otel;                 // OtelExample
    requires static io.opentelemetry.api;
    requires static io.opentelemetry.context;
    requires static io.opentelemetry.sdk.trace;
    requires static io.opentelemetry.sdk.testing;
    requires static jakarta.servlet;              // ServletExample
    requires static org.eclipse.jetty.server;
    requires static org.eclipse.jetty.ee10.servlet;

    exports io.go4j.examples;
}
