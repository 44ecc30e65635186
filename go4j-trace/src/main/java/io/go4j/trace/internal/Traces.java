package io.go4j.trace.internal;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Traces holds the one recording that may run at a time (Go allows one trace per process), for
 * {@code Trace} and the flight recorder alike, and writes recordings.
 */
public final class Traces {
    private static volatile Recorder active;   // written under Traces.class

    private Traces() {}

    /** Returns the running recording, or null. */
    public static Recorder active() {
        return active;
    }

    /**
     * Makes {@code r} the running recording.
     *
     * @param r a recording just started
     * @throws IllegalStateException if one is running already ({@code r} is stopped)
     */
    public static synchronized void begin(Recorder r) {
        if (active != null) {
            r.stop();
            throw new IllegalStateException("tracing is already enabled");
        }
        active = r;
    }

    /**
     * Stops the running recording and returns it.
     *
     * @return the recording, or null if none ran
     */
    public static synchronized Recorder end() {
        Recorder r = active;
        active = null;
        if (r != null) {
            r.stop();
        }
        return r;
    }

    /**
     * Stops {@code r} if it is the running recording; nothing otherwise.
     *
     * @param r a recording
     */
    public static synchronized void end(Recorder r) {
        if (active == r) {
            end();
        }
    }

    /**
     * Writes all of {@code r} in Go's trace format.
     *
     * @param r   a recording
     * @param out where to write; not closed
     * @throws IOException if {@code out} throws
     */
    public static void write(Recorder r, OutputStream out) throws IOException {
        GoTraceWriter.write(r, r.startNanos, out);
    }
}
