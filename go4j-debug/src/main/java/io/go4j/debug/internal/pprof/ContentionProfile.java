package io.go4j.debug.internal.pprof;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * ContentionProfile writes the block and mutex profiles from their {@link EventCounts}, in Go's
 * two forms: {@code profile.proto} with sample types {@code contentions/count} and
 * {@code delay/nanoseconds} (Go's {@code printCountCycleProfile}), and the legacy text of
 * {@code debug=1} (Go's {@code writeProfileInternal}):
 *
 * <pre>
 * --- contention:
 * cycles/second=1000000000
 * 1545213 3 @ 0x3f1a2b7c 0x5d0e4411
 * #	0x3f1a2b7c	io.go4j.Chan.recv+0x0	io/go4j/Chan.java:120
 * #	0x5d0e4411	com.example.Worker.run+0x0	com/example/Worker.java:42
 * </pre>
 *
 * <p>The text's columns are as Go's {@code text/tabwriter} lays them out (cells padded with tabs
 * to the next multiple of 8 past the widest cell of the block, plus one). Go's "cycles" are CPU
 * ticks; go4j measures in nanoseconds, so its cycles/second is 10^9 and cycles are nanoseconds.
 * Addresses are the frames' synthetic addresses ({@link Frame#address()}), and the offset into
 * the function is always {@code +0x0}: Java has no program counters.
 */
public final class ContentionProfile {

    /** Go's "cycles" per second: go4j counts delays in nanoseconds. */
    static final long CYCLES_PER_SECOND = 1_000_000_000L;

    private static final List<ValueType> SAMPLE_TYPES = List.of(new ValueType("contentions", "count"),
            new ValueType("delay", "nanoseconds"));
    private static final ValueType PERIOD_TYPE = new ValueType("contentions", "count");

    private ContentionProfile() {}

    /**
     * Returns the profile of {@code rows}: one sample per stack, values {@code [count, delay]}.
     *
     * @param rows the recorded stacks, largest delay first
     * @return the profile, taken now
     */
    public static ProfileData data(List<EventCounts.Row> rows) {
        List<Sample> samples = new ArrayList<>(rows.size());
        for (EventCounts.Row r : rows) {
            samples.add(new Sample(frames(r.stack()), new long[] {count(r), r.nanos()}, Map.of()));
        }
        return new ProfileData(SAMPLE_TYPES, PERIOD_TYPE, 1, Clock.unixNanos(), 0, samples);
    }

    /**
     * Writes Go's legacy text form of a block ({@code name} "contention") or mutex
     * ({@code name} "mutex", with its sampling period) profile.
     *
     * @param out            where to write
     * @param name           {@code "contention"} or {@code "mutex"}
     * @param samplingPeriod the mutex profile's fraction, or -1 for the block profile (not printed)
     * @param rows           the recorded stacks, largest delay first
     * @throws IOException if {@code out} throws
     */
    public static void writeText(Appendable out, String name, int samplingPeriod, List<EventCounts.Row> rows)
            throws IOException {
        out.append("--- ").append(name).append(":\n");
        out.append("cycles/second=").append(Long.toString(CYCLES_PER_SECOND)).append('\n');
        if (samplingPeriod >= 0) {
            out.append("sampling period=").append(Integer.toString(samplingPeriod)).append('\n');
        }
        for (EventCounts.Row r : rows) {
            List<Frame> stack = frames(r.stack());
            out.append(Long.toString(r.nanos())).append(' ').append(Long.toString(count(r))).append(" @");
            for (Frame f : stack) {
                out.append(" 0x").append(Long.toHexString(f.address()));
            }
            out.append('\n');
            writeStackComment(out, stack);
        }
    }

    /** Go's printStackRecord, through a tabwriter: one "#" line per frame, then a blank line. */
    private static void writeStackComment(Appendable out, List<Frame> stack) throws IOException {
        String[][] cells = new String[stack.size()][];
        int[] widths = new int[3];
        for (int i = 0; i < cells.length; i++) {
            Frame f = stack.get(i);
            cells[i] = new String[] {"#", "0x" + Long.toHexString(f.address()), f.function() + "+0x0",
                    f.file() + ":" + f.line()};
            for (int c = 0; c < widths.length; c++) {
                widths[c] = Math.max(widths[c], cells[i][c].length());
            }
        }
        for (String[] line : cells) {
            for (int c = 0; c < widths.length; c++) {
                out.append(line[c]).append(tabs(line[c].length(), widths[c]));
            }
            out.append(line[widths.length]).append('\n');
        }
        out.append('\n');
    }

    /**
     * The tabs text/tabwriter writes after a cell (minwidth 1, tabwidth 8, padding 1, padchar
     * tab): the column is as wide as its widest cell plus the padding, rounded up to a multiple
     * of 8, and a cell is followed by enough tabs to reach it.
     */
    static String tabs(int textWidth, int widestInColumn) {
        int cellWidth = (widestInColumn + 1 + 7) / 8 * 8;
        return "\t".repeat((cellWidth - textWidth + 7) / 8);
    }

    /** Go reports at least one event per record (its BlockProfile: "prevent division by zero"). */
    private static long count(EventCounts.Row r) {
        return Math.max(1, (long) r.count());
    }

    static List<Frame> frames(StackTraceElement[] stack) {
        return Arrays.stream(stack).map(Frame::of).toList();
    }
}
