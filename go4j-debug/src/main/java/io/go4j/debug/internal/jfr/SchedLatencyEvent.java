package io.go4j.debug.internal.jfr;

import io.go4j.debug.JfrEvents;
import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.SettingDefinition;
import jdk.jfr.StackTrace;
import jdk.jfr.Timespan;

/**
 * SchedLatencyEvent records a goroutine that waited long to run once runnable (Go's scheduling
 * latency, see {@code io.go4j.debug.SchedLatency}): after its start, or after an unpark woke it.
 * Only latencies at least as long as the {@code latencyThreshold} setting (20 ms by default) are
 * recorded: a long one means the carriers were all busy.
 */
@Name(JfrEvents.SCHED_LATENCY)
@Label("Goroutine Scheduling Latency")
@Category("go4j")
@Description("A runnable goroutine waited this long before it ran")
@StackTrace(false)
final class SchedLatencyEvent extends Event {
    @Label("Goroutine Id")
    @Description("The goroutine's id (its thread's id)")
    long goroutineId;

    @Label("Latency")
    @Description("From its unpark (or go()) to running")
    @Timespan
    long latency;

    @Label("Woken From")
    @Description("The wait reason it was woken from, in Go's words, or \"start\"")
    String wokenFrom;

    @Label("Labels")
    @Description("The goroutine's profiler labels, {key: value, ...}")
    String labels;

    /**
     * Commits only latencies at least as long as the setting.
     *
     * @param threshold the setting
     * @return whether to commit
     */
    @SettingDefinition
    @Label("Latency Threshold")
    @Description("Record only latencies at least this long")
    @Name("latencyThreshold")
    protected boolean latencyThreshold(DelayThreshold threshold) {
        return threshold.reached(latency);
    }
}
