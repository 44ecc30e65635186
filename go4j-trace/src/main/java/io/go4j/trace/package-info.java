/**
 * Go's {@code runtime/trace} for go4j programs: {@link io.go4j.trace.Trace#start} and
 * {@link io.go4j.trace.Trace#stop} record every goroutine's creation, runs, waits (with Go's wait
 * reasons and stacks), wake-ups (by which goroutine) and end, plus user tasks, regions and logs,
 * into a file in Go's execution-trace format that {@code go tool trace} opens: its timeline,
 * goroutine analysis, and the synchronization-blocking and scheduler-latency profiles.
 */
package io.go4j.trace;
