package io.go4j;

import java.time.Instant;
import java.util.Map;

/**
 * GoroutineInfo is a snapshot of one live goroutine, as a goroutine dump shows it:
 * {@code goroutine 42 [chan receive]:} ... {@code created by Main.main in goroutine 1}.
 *
 * <pre>{@code
 * import static io.go4j.Go.go;
 *
 * Chan<String> seen = Chan.make();
 * go("worker", () -> {
 *     for (GoroutineInfo g : Go.goroutines()) {
 *         if (g.id() == Go.goid()) seen.send(g.name() + " [" + g.status() + "]");
 *     }
 * });
 * System.out.println(seen.recv());   // worker [running]
 * }</pre>
 *
 * @param id           the goroutine id, equal to its thread's {@link Thread#threadId()}
 * @param name         the thread name; empty for unnamed goroutines
 * @param state        the thread's state as the JVM reports it
 * @param waitReason   why it is parked in a go4j primitive, in Go's words ({@code "chan receive"}),
 *                     or null if it is not
 * @param waitingSince when that wait began, or null
 * @param creatorId    the id of the thread that started it; for a goroutine started by the main
 *                     thread, that thread's {@link Thread#threadId()}, a number the JVM chooses
 *                     at startup (not necessarily 1)
 * @param createdBy    where it was started, or null if not recorded
 * @param lockedToThread whether it has a platform thread of its own ({@link Go#goLocked}),
 *                     shown by a dump as Go's {@code locked to thread}
 * @param labels       its profiler labels ({@link Go#withLabels}), sorted by key; empty if none
 */
public record GoroutineInfo(long id, String name, Thread.State state, String waitReason,
                            Instant waitingSince, long creatorId, StackTraceElement createdBy,
                            boolean lockedToThread, Map<String, String> labels) {

    /**
     * Returns the status a goroutine dump prints in brackets: the go4j wait reason when there is
     * one; else {@code "running"} for a runnable thread (the JVM does not tell a virtual thread
     * mounted on a carrier from one queued for it), {@code "runnable"} for one not yet started,
     * {@code "waiting"} for one parked or blocked outside go4j (a {@code java.util.concurrent}
     * lock, a monitor, I/O, {@code Thread.sleep}), and {@code "dead"} for one that has ended.
     * A goroutine locked to its thread has {@code ", locked to thread"} appended, as in Go's
     * dumps ({@code goroutine 7 [chan receive, locked to thread]:}).
     *
     * @return the bracketed status of a goroutine dump
     */
    public String status() {
        String status = waitReason != null ? waitReason : switch (state) {
            case NEW -> "runnable";
            case RUNNABLE -> "running";
            case BLOCKED, WAITING, TIMED_WAITING -> "waiting";
            case TERMINATED -> "dead";
        };
        return lockedToThread ? status + ", locked to thread" : status;
    }
}
