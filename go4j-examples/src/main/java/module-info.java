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

    exports io.go4j.examples;
}
