/**
 * Go's {@code time} package, the parts concurrency uses: {@code sleep}, {@code after},
 * {@code tick}, {@code Timer}, {@code Ticker} and {@code afterFunc}, with Go 1.23 timer semantics
 * (no stale value after stop or reset). All timers share one mechanism; a pending timer costs a
 * little heap, not a thread.
 *
 * <pre>{@code
 * Chan<String> done = Chan.make();
 * Time.afterFunc(Duration.ofMillis(5), () -> done.send("fired"));
 * System.out.println(done.recv());   // fired
 * }</pre>
 */
package io.go4j.time;
