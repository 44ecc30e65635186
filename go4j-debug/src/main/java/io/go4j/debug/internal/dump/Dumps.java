package io.go4j.debug.internal.dump;

import io.go4j.debug.internal.Frames;
import io.go4j.debug.internal.Snapshot;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Dumps writes a {@link Snapshot} in one of the dump formats; {@code GoroutineDump} (the public
 * API), the attach agent and go4j's other tools all write dumps through it.
 *
 * <p>Order: the goroutine taking the dump first (Go prints its caller first), then the others
 * by id (Go's order of creation). System threads ({@link Frames#isSystem}) are left out of the
 * text formats unless every frame is asked for, as Go leaves out its runtime's goroutines unless
 * {@code GOTRACEBACK=system}; the JSON form has them all, marked.
 */
public final class Dumps {
    private Dumps() {}

    /** The formats. */
    public enum Style {
        /** Go's full dump ({@code runtime.Stack(all)}, pprof {@code debug=2}): {@link FullFormat}. */
        FULL,
        /** Go's grouped goroutine profile (pprof {@code debug=1}): {@link GroupedFormat}. */
        GROUPED,
        /** go4j's JSON document: {@link JsonFormat}. */
        JSON
    }

    /**
     * What to write beyond Go, and how.
     *
     * @param exactWaits say how long each goroutine has waited, to the nanosecond
     * @param blockers   say what each goroutine waits on
     * @param allFrames  show every frame and the system threads (Go's {@code GOTRACEBACK=system})
     */
    public record Settings(boolean exactWaits, boolean blockers, boolean allFrames) {
        /** Go's output, nothing more. */
        public static final Settings GO = new Settings(false, false, false);
    }

    /**
     * Writes {@code snapshot}.
     *
     * @param out       where to write
     * @param style     the format
     * @param settings  what to add
     * @param snapshot  the goroutines; waits are measured to its {@code taken} time
     * @param currentId the id of the goroutine taking the dump (printed first), or -1 for none
     * @throws IOException if {@code out} throws
     */
    public static void write(Appendable out, Style style, Settings settings, Snapshot snapshot, long currentId)
            throws IOException {
        switch (style) {
            case FULL -> FullFormat.write(out, rows(snapshot, currentId, settings.allFrames(), settings.blockers(),
                    settings.allFrames()), settings);
            case GROUPED -> GroupedFormat.write(out, "goroutine", rows(snapshot, currentId, settings.allFrames(), settings.blockers(),
                    settings.allFrames()), settings);
            // JSON: Go's rules decide "hidden", every frame and thread is written
            case JSON -> JsonFormat.write(out, rows(snapshot, currentId, false, settings.blockers(), true), settings);
        }
    }

    /**
     * Writes {@code snapshot} in the grouped format headed {@code NAME profile: total N}: the
     * goroutine profile's form of another count profile of goroutines (Go 1.26's
     * {@code goroutineleak}), every goroutine of the snapshot counted, with Go's output only.
     *
     * @param out         where to write
     * @param profileName the profile's name, e.g. {@code goroutineleak}
     * @param snapshot    the goroutines
     * @throws IOException if {@code out} throws
     */
    public static void writeGrouped(Appendable out, String profileName, Snapshot snapshot) throws IOException {
        GroupedFormat.write(out, profileName, rows(snapshot, -1, false, false, true), Settings.GO);
    }

    /**
     * Returns the rows of {@code snapshot} in dump order (see the class comment).
     *
     * @param snapshot      the goroutines
     * @param currentId     the current goroutine's id, or -1
     * @param allFrames     show every frame
     * @param blockers      read the blockers
     * @param includeSystem keep the system threads
     * @return the rows
     */
    public static List<Row> rows(Snapshot snapshot, long currentId, boolean allFrames, boolean blockers,
                                 boolean includeSystem) {
        List<Row> rows = new ArrayList<>(snapshot.goroutines().size());
        Row current = null;
        for (Snapshot.Entry e : snapshot.goroutines()) {
            Row r = Row.of(e, snapshot.taken(), e.id() == currentId, allFrames, blockers);
            if (r.current()) {
                current = r;   // never hidden: Go always prints the caller
            } else if (includeSystem || !r.system()) {
                rows.add(r);
            }
        }
        if (current != null) {
            rows.addFirst(current);
        }
        return rows;
    }
}
