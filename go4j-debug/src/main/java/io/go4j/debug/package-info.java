/**
 * go4j-debug's public API: goroutine dumps ({@link io.go4j.debug.GoroutineDump}), pprof profiles
 * ({@link io.go4j.debug.Profile}, {@link io.go4j.debug.Profiling}) and their HTTP endpoints,
 * deadlock and leak detection, scheduling latency and JFR events.
 */
package io.go4j.debug;
