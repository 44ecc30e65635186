/**
 * go4j-test's public API: JUnit 5 (Jupiter) support for code that uses go4j.
 * {@link io.go4j.test.GoLeakExtension} and its annotation {@link io.go4j.test.GoLeakCheck} fail a
 * test whose goroutines leak, panic or race, and give a test that times out the dump of every
 * goroutine; {@link io.go4j.test.RaceReports} is the service a race detector provides to them;
 * {@link io.go4j.test.Synctest} runs time-dependent code in virtual time (Go 1.25's
 * {@code testing/synctest}).
 */
package io.go4j.test;
