/**
 * Classic Go concurrency programs written with go4j: the concurrent prime sieve, a fan-out/fan-in
 * pipeline over 100,000 goroutines, {@code select} with a timeout, and a server that shuts down
 * gracefully on SIGTERM ({@link io.go4j.examples.GracefulShutdown}).
 *
 * <p>Each demo is a small class whose static method returns its result, so tests can check the
 * values; {@link io.go4j.examples.Showcase} runs them all and prints what they found.
 *
 * <pre>{@code
 * Goroutines goroutines = new Goroutines();
 * List<Integer> primes = PrimeSieve.firstPrimes(10, goroutines);   // [2, 3, 5, ..., 29]
 * }</pre>
 *
 * <p>The examples use the public API of module {@code io.go4j} only.
 */
package io.go4j.examples;
