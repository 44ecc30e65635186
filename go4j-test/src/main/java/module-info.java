/**
 * go4j-test: JUnit 5 (Jupiter) support for code that uses go4j. {@code GoLeakExtension} (and its
 * composed annotation {@code @GoLeakCheck}) fails a test whose goroutines outlive it, or panic, or
 * race, and adds a goroutine dump to a test that times out; {@code Synctest} runs time-dependent
 * code in virtual time.
 *
 * <p>The public API is {@code io.go4j.test}; {@code io.go4j.test.internal} and its sub-packages
 * are its implementation.
 */
module io.go4j.test {
    requires transitive io.go4j;
    requires io.go4j.debug;
    requires transitive org.junit.jupiter.api;

    exports io.go4j.test;

    uses io.go4j.test.RaceReports;
    provides org.junit.jupiter.api.extension.Extension with io.go4j.test.GoLeakExtension;
}
