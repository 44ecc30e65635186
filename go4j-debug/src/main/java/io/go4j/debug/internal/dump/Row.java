package io.go4j.debug.internal.dump;

import io.go4j.debug.internal.Frames;
import io.go4j.debug.internal.GoDuration;
import io.go4j.debug.internal.Snapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Row is one goroutine as every dump format sees it: its snapshot entry, its frames, which of
 * them Go's rules show, and the values derived once for all formats (status, wait, blocker).
 *
 * @param entry     the snapshot entry
 * @param frames    all its frames, innermost first
 * @param shown     the frames a Go-style dump shows ({@link Frames}), the same objects as in {@code frames}
 * @param createdBy where it was started, or null
 * @param current   whether it is the goroutine taking the dump
 * @param system    whether it is a system thread ({@link Frames#isSystem})
 * @param waitNanos how long it has waited in go4j, or -1 if it is not waiting
 * @param blocker   what it waits on, or null (also when blockers were not asked for)
 */
public record Row(Snapshot.Entry entry, List<GoFrame> frames, List<GoFrame> shown, GoFrame createdBy,
                  boolean current, boolean system, long waitNanos, BlockerView blocker) {

    /** Go prints the wait in whole minutes, and only from one minute on. */
    private static final long MINUTE_NANOS = 60_000_000_000L;

    /**
     * Builds the row of {@code e}.
     *
     * @param e         the entry
     * @param now       the time the waits are measured to ({@link System#nanoTime()})
     * @param current   whether it is the goroutine taking the dump
     * @param allFrames show every frame
     * @param blockers  read the blocker
     * @return the row
     */
    public static Row of(Snapshot.Entry e, long now, boolean current, boolean allFrames, boolean blockers) {
        StackTraceElement[] stack = e.stack();
        List<GoFrame> frames = new ArrayList<>(stack.length);
        List<GoFrame> shown = new ArrayList<>(stack.length);
        boolean[] mask = allFrames ? null : Frames.shownMask(stack);
        for (int i = 0; i < stack.length; i++) {
            GoFrame f = GoFrame.of(stack[i]);
            frames.add(f);
            if (mask == null || mask[i]) {
                shown.add(f);
            }
        }
        return new Row(e, List.copyOf(frames), List.copyOf(shown),
                e.createdBy() == null ? null : GoFrame.of(e.createdBy()), current, Frames.isSystem(e),
                e.waitNanos(now), blockers ? BlockerView.of(e.blocker()) : null);
    }

    /**
     * Returns the id (Go's goroutine id; the thread id).
     *
     * @return the id
     */
    public long id() {
        return entry.id();
    }

    /**
     * Returns Go's whole minutes of waiting, 0 below one minute or when not waiting.
     *
     * @return the minutes
     */
    public long waitMinutes() {
        return waitNanos < 0 ? 0 : waitNanos / MINUTE_NANOS;
    }

    /**
     * Returns the profiler labels, sorted by key.
     *
     * @return the labels
     */
    public Map<String, String> labels() {
        return entry.labels();
    }

    /**
     * Returns the header line of Go's full format, without the newline:
     * {@code goroutine 42 [chan receive, 3 minutes, locked to thread labels:{"k": "v"}]:}.
     *
     * @return the header
     */
    public String header() {
        // A leaked goroutine's status ends with " (leaked)", as in Go 1.26's output
        // ("goroutine 7 [chan send (leaked)]:", seen in a published run of Go 1.26; its
        // traceback.go was not at hand). Its place before ", N minutes" is our reading: Go puts
        // its other status suffixes (" (scan)") there too.
        StringBuilder b = new StringBuilder(48).append("goroutine ").append(id()).append(" [")
                .append(entry.status());
        if (waitMinutes() >= 1) {
            b.append(", ").append(waitMinutes()).append(" minutes");
        }
        if (entry.lockedToThread()) {
            b.append(", locked to thread");
        }
        if (!labels().isEmpty()) {
            // Go 1.26's form (GoText's notes): ' labels:{"k": "v", "k2": "v2"}' inside the brackets.
            b.append(" labels:{");
            String sep = "";
            for (Map.Entry<String, String> l : labels().entrySet()) {
                b.append(sep).append(GoText.quoteHeader(l.getKey())).append(": ").append(GoText.quoteHeader(l.getValue()));
                sep = ", ";
            }
            b.append('}');
        }
        return b.append("]:").toString();
    }

    /**
     * Returns the line go4j adds beyond Go after the header when asked
     * ({@code # waited 3m15.25s on chan 17 (len 0, cap 0)}), or null if there is nothing to say.
     *
     * @param exactWaits say how long it has waited
     * @return the line without the newline, or null
     */
    public String extras(boolean exactWaits) {
        boolean wait = exactWaits && waitNanos >= 0;
        if (!wait && blocker == null) {
            return null;
        }
        StringBuilder b = new StringBuilder("# ");
        if (wait) {
            b.append("waited ").append(GoDuration.format(waitNanos));
        }
        if (blocker != null) {
            b.append(wait ? " on " : "on ").append(blocker.text());
        }
        return b.toString();
    }
}
