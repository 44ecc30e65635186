package io.go4j.trace.analysis;

import io.go4j.trace.internal.analysis.TraceReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/**
 * A TraceFile is an execution trace on disk in Go 1.19's format (the one go4j writes; Go 1.11
 * to 1.19 programs write the same layout), read as a stream: {@link #events} delivers its events
 * in time order without keeping them, so a trace of any size is read with a heap that holds its
 * string and stack tables and one small buffer per processor.
 *
 * <pre>{@code
 * try (TraceFile trace = TraceFile.open(Path.of("trace.out"))) {
 *     trace.events(e -> { if (e.kind() == TraceEvent.Kind.GO_CREATE) created++; });
 * }
 * }</pre>
 *
 * <p>The order is Go 1.19's ({@code go tool trace}'s): each processor's events as written, and
 * across processors the earliest of those whose goroutine is in the state the event expects.
 * CPU samples are not delivered. Not thread-safe: one thread reads a TraceFile.
 */
public final class TraceFile implements AutoCloseable {
    private final TraceReader reader;

    private TraceFile(TraceReader reader) {
        this.reader = reader;
    }

    /**
     * Opens a trace and reads its tables (one sequential pass over the file).
     *
     * @param path the trace file
     * @return the open trace
     * @throws IOException if the file cannot be read, or is not a Go 1.11 to 1.19 trace (the
     *                     message says why and at which offset)
     */
    public static TraceFile open(Path path) throws IOException {
        return new TraceFile(TraceReader.open(path));
    }

    /**
     * Delivers every event to {@code sink}, in time order. May be called again (a new pass over
     * the file).
     *
     * @param sink called once per event, on the calling thread
     * @throws IOException if the file cannot be read, or its events have no consistent order
     */
    public void events(Consumer<TraceEvent> sink) throws IOException {
        reader.events(sink);
    }

    /**
     * Returns the frames of a stack of the trace's stack table, innermost first.
     *
     * @param id a stack id ({@link TraceEvent#stack()})
     * @return its frames; empty for 0 or an id the table lacks
     */
    public List<Frame> stack(long id) {
        return reader.stack(id);
    }

    /**
     * Returns the file's size in bytes.
     *
     * @return the size
     */
    public long size() {
        return reader.size();
    }

    /**
     * Returns the number of events in the file (counted when it was opened).
     *
     * @return the count
     */
    public long eventCount() {
        return reader.eventCount();
    }

    /**
     * Returns the trace format's version, e.g. 1019 for Go 1.19.
     *
     * @return the version
     */
    public int version() {
        return reader.version();
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
