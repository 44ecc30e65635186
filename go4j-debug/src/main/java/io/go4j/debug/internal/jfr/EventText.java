package io.go4j.debug.internal.jfr;

import io.go4j.debug.internal.dump.BlockerView;
import java.util.Map;

/**
 * EventText writes the string fields of go4j's JFR events: labels, creation sites and blockers.
 * Each method is quick and calls no go4j primitive (listeners must not, see the core's
 * {@code Hooks}); a blocker's text reads a channel's length under its own short lock.
 */
final class EventText {
    private EventText() {}

    /**
     * Returns labels in the form goroutine dumps show them, {@code {k1: v1, k2: v2}}, or
     * {@code ""} when there are none.
     */
    static String labels(Map<String, String> labels) {
        if (labels.isEmpty()) {
            return "";
        }
        StringBuilder out = new StringBuilder().append('{');
        labels.forEach((k, v) -> out.append(out.length() == 1 ? "" : ", ").append(k).append(": ").append(v));
        return out.append('}').toString();
    }

    /** Returns a call site as {@code class.method(File.java:12)}, or null if unknown. */
    static String site(StackTraceElement e) {
        if (e == null) {
            return null;
        }
        String where = e.getFileName() == null ? "Unknown Source"
                : e.getLineNumber() >= 0 ? e.getFileName() + ":" + e.getLineNumber() : e.getFileName();
        return e.getClassName() + "." + e.getMethodName() + "(" + where + ")";
    }

    /**
     * Returns what a goroutine waits on, as the dumps write it ({@link BlockerView#text()}):
     * {@code chan 7 (len 0, cap 0)}, {@code select on chan 3 (len 0, cap 1), nil chan},
     * {@code sync.Mutex@1b6d3586 held by goroutine 12} (the holder read when the wait began);
     * null for none (a sleep).
     */
    static String blocker(Object blocker, Thread lockHolder) {
        BlockerView v = BlockerView.of(blocker, lockHolder);
        return v == null ? null : v.text();
    }

    /** Returns a lock's name as the dumps write it, {@code sync.Mutex@1b6d3586}. */
    static String lockName(Object lock) {
        return BlockerView.nameOf(lock);
    }
}
