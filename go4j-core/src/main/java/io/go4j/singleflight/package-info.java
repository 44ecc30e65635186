/**
 * Go's {@code golang.org/x/sync/singleflight}: duplicate calls for one key share one execution and its result.
 *
 * <pre>{@code
 * Group<String, String> g = new Group<>();
 * Group.Result<String> r = g.run("config", () -> "loaded");
 * System.out.println(r.value() + " shared=" + r.shared());   // loaded shared=false
 * }</pre>
 */
package io.go4j.singleflight;
