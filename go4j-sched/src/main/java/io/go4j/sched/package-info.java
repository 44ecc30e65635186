/**
 * go4j-sched: an opt-in scheduler for goroutines with Go's policy (per-carrier run queues,
 * {@code runnext}, work stealing, a sysmon), selected with {@code -Dgo4j.scheduler=go}.
 * Goroutines stay JDK virtual threads; go4j-sched only decides where and when their continuations
 * run. {@link io.go4j.sched.GoScheduler} reports whether it is in use and what it has done.
 */
package io.go4j.sched;
