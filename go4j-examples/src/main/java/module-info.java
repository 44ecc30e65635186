/**
 * The go4j showcase and examples: classic Go programs re-expressed with go4j's public API.
 *
 * <p>Run the showcase with {@code ./go4j showcase}.
 */
module io.go4j.examples {
    requires io.go4j;
    requires io.go4j.debug;
    requires io.go4j.test;    // the showcase's section 7 runs go4j-test's Synctest (virtual time)
    requires java.net.http;   // the showcase fetches its own /debug/pprof
    // HttpServerExample only; static so that ./go4j showcase (whose module path the go4j script
    // lists) runs without go4j-http
    requires static io.go4j.http;

    exports io.go4j.examples;
}
