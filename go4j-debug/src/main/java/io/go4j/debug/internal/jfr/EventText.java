package io.go4j.debug.internal.jfr;

import io.go4j.internal.chan.HChan;
import io.go4j.internal.runtime.Blockers;
import java.util.Map;

/**
 * EventText writes the string fields of go4j's JFR events: labels, creation sites and blockers.
 * Each method is quick, takes no lock and calls no go4j primitive (listeners must not, see the
 * core's {@code Hooks}).
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
     * Returns what a goroutine waits on: {@code chan#7 cap=0} for a channel, {@code select on
     * chan#3 cap=0, nil chan} for a select's channels, else the object's class and identity hash,
     * with {@code held by goroutine N} for a lock whose holder go4j knows; null for none (a sleep).
     */
    static String blocker(Object blocker) {
        if (blocker == null) {
            return null;
        }
        if (blocker instanceof HChan c) {
            return chan(c);
        }
        if (blocker instanceof HChan[] cases) {
            StringBuilder out = new StringBuilder("select on ");
            for (int i = 0; i < cases.length; i++) {
                out.append(i == 0 ? "" : ", ").append(cases[i] == null ? "nil chan" : chan(cases[i]));
            }
            return out.toString();
        }
        String text = identity(blocker);
        Thread holder = Blockers.holderOf(blocker);
        return holder == null ? text : text + " held by goroutine " + holder.threadId();
    }

    /** Returns an object's class and identity hash, {@code io.go4j.sync.Mutex@1b6d3586}. */
    static String identity(Object o) {
        return o.getClass().getName() + "@" + Integer.toHexString(System.identityHashCode(o));
    }

    private static String chan(HChan c) {
        return "chan#" + c.id() + " cap=" + c.capacity();
    }
}
