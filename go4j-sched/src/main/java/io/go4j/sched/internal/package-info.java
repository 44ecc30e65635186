/**
 * go4j-sched's implementation: the executor ({@code Scheduler}), its carriers and run queues, the
 * sysmon, and the two JDK internals it relies on ({@code Jdk}). Not exported.
 */
package io.go4j.sched.internal;
