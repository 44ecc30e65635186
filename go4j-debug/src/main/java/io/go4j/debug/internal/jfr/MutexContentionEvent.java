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
 * MutexContentionEvent records a contended go4j {@code Mutex} or {@code RWMutex} hand-over, on
 * the unlocker's thread with the unlocker's stack, charged with the delay of the waiter it let in,
 * as Go's mutex profile charges contention to the code that held the lock. Only delays at least
 * as long as the {@code delayThreshold} setting are recorded (20 ms by default).
 */
@Name(JfrEvents.MUTEX_CONTENTION)
@Label("Mutex Contention")
@Category("go4j")
@Description("An unlock let in a waiter that had waited; the unlocker's stack caused the delay")
@StackTrace(true)
final class MutexContentionEvent extends Event {
    @Label("Kind")
    @Description("What the waiter waited in: sync.Mutex.Lock, sync.RWMutex.Lock, sync.RWMutex.RLock")
    String kind;

    @Label("Lock")
    @Description("The lock's type and identity, as goroutine dumps name it: sync.Mutex@1b6d3586")
    String lock;

    @Label("Delay")
    @Description("How long the waiter it let in had waited")
    @Timespan
    long delay;

    @Label("Goroutine Id")
    @Description("The unlocker's goroutine id (its thread's id)")
    long goroutineId;

    @Label("Labels")
    @Description("The unlocker's profiler labels, {key: value, ...}")
    String labels;

    /**
     * Commits only delays at least as long as the setting.
     *
     * @param threshold the setting
     * @return whether to commit
     */
    @SettingDefinition
    @Label("Delay Threshold")
    @Description("Record only hand-overs whose waiter waited at least this long")
    @Name("delayThreshold")
    protected boolean delayThreshold(DelayThreshold threshold) {
        return threshold.reached(delay);
    }
}
