package io.go4j.trace.analysis;

import io.go4j.debug.internal.GoDuration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A TraceReport is what {@link TraceAnalysis} found in a trace: the scheduling latency, the
 * time of each goroutine group by state, the longest blocking episodes, and the rules' matches;
 * {@link #text()} renders it for a person, {@link #json()} for a program.
 *
 * @param events     the number of events read
 * @param bytes      the trace file's size
 * @param duration   nanoseconds from the first event to the last
 * @param latency    the scheduling latency
 * @param groups     goroutine groups, by total time, largest first
 * @param episodes   the longest blocking episodes, longest first
 * @param matches    the rules' matches, rules in the order given
 * @param dropped    partial matches dropped at the matcher's bound (100,000 per rule): when not
 *                   0, some matches may be missing, and the text says so
 */
public record TraceReport(long events, long bytes, long duration, Latency latency, List<Group> groups,
        List<Episode> episodes, List<Match> matches, long dropped) {
    /** Copies the lists. */
    public TraceReport {
        groups = List.copyOf(groups);
        episodes = List.copyOf(episodes);
        matches = List.copyOf(matches);
    }

    /**
     * The scheduling latency: the time from a goroutine becoming runnable by a wake-up or its
     * creation to its start (Go's "scheduler wait" of those goroutines), within about 3%.
     *
     * @param count the number of starts measured
     * @param p50   the median
     * @param p90   the 90th percentile
     * @param p99   the 99th percentile
     * @param max   the maximum (exact)
     * @param bins  how many fell below each decade bound (1 µs, 10 µs ... 1 s) and above
     */
    public record Latency(long count, long p50, long p90, long p99, long max, List<Bin> bins) {
        /** Copies the bins. */
        public Latency {
            bins = List.copyOf(bins);
        }
    }

    /**
     * One bin of a histogram.
     *
     * @param below its upper bound in nanoseconds ({@link Long#MAX_VALUE} for the last)
     * @param count how many values fell in it
     */
    public record Bin(long below, long count) {}

    /**
     * A goroutine group (Go's goroutine analysis: goroutines with the same start function) and
     * where its goroutines' time went.
     *
     * @param function   the start function
     * @param goroutines how many goroutines it had
     * @param running    nanoseconds running
     * @param runnable   nanoseconds runnable, waiting for a processor
     * @param blocked    nanoseconds blocked, by Go's reason ("chan receive", "sync"...)
     */
    public record Group(String function, int goroutines, long running, long runnable, Map<String, Long> blocked) {
        /** Copies the map. */
        public Group {
            blocked = Map.copyOf(blocked);
        }

        /**
         * Returns the total nanoseconds blocked.
         *
         * @return the sum over the reasons
         */
        public long blockedTotal() {
            return blocked.values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * A blocking episode: a goroutine blocked from {@code start} for {@code duration}.
     *
     * @param goroutine        the blocked goroutine
     * @param function         its start function
     * @param reason           Go's block reason
     * @param start            when it blocked, nanoseconds since the trace's start
     * @param duration         how long, nanoseconds
     * @param blocker          the stack it blocked at
     * @param releasedBy       the goroutine that woke it; 0 for a timer (the Timers lane); -1 if
     *                         the trace ended with it still blocked
     * @param releaserFunction the waker's start function ("timer", or "" if none)
     * @param releaserStack    the stack that woke it
     */
    public record Episode(long goroutine, String function, String reason, long start, long duration,
            List<Frame> blocker, long releasedBy, String releaserFunction, List<Frame> releaserStack) {
        /** Copies the stacks. */
        public Episode {
            blocker = List.copyOf(blocker);
            releaserStack = List.copyOf(releaserStack);
        }
    }

    /**
     * Returns the report as text for a person: the latency with its histogram, the groups, the
     * episodes with their blockers and releasers, and each match as its path of events.
     *
     * @return the text
     */
    public String text() {
        StringBuilder b = new StringBuilder();
        latencyText(b);
        b.append('\n');
        groupsText(b);
        b.append('\n');
        episodesText(b);
        b.append('\n');
        matchesText(b);
        return b.toString();
    }

    /**
     * Returns the scheduling latency section of {@link #text()}.
     *
     * @return the text
     */
    public String latencyText() {
        StringBuilder b = new StringBuilder();
        latencyText(b);
        return b.toString();
    }

    /**
     * Returns the goroutine groups section of {@link #text()}.
     *
     * @return the text
     */
    public String groupsText() {
        StringBuilder b = new StringBuilder();
        groupsText(b);
        return b.toString();
    }

    /**
     * Returns the blocking episodes section of {@link #text()}.
     *
     * @return the text
     */
    public String episodesText() {
        StringBuilder b = new StringBuilder();
        episodesText(b);
        return b.toString();
    }

    /**
     * Returns the rules' matches section of {@link #text()}.
     *
     * @return the text
     */
    public String matchesText() {
        StringBuilder b = new StringBuilder();
        matchesText(b);
        return b.toString();
    }

    private void latencyText(StringBuilder b) {
        Latency l = latency;
        b.append("Scheduling latency (runnable by a wake-up or creation -> running): ").append(l.count())
                .append(" starts\n");
        b.append("  p50 ").append(d(l.p50())).append("  p90 ").append(d(l.p90())).append("  p99 ").append(d(l.p99()))
                .append("  max ").append(d(l.max())).append('\n');
        long most = 1;
        for (Bin bin : l.bins()) {
            most = Math.max(most, bin.count());
        }
        for (Bin bin : l.bins()) {
            String label = bin.below() == Long.MAX_VALUE ? ">= 1s" : "< " + d(bin.below());
            b.append(String.format(Locale.ROOT, "  %8s %9d %s%n", label, bin.count(),
                    "#".repeat((int) (40 * bin.count() / most))));
        }
    }

    private void groupsText(StringBuilder b) {
        b.append("Goroutine groups (by start function): time running / runnable / blocked by reason\n");
        for (Group g : groups) {
            b.append("  ").append(g.function()).append("  x").append(g.goroutines()).append('\n');
            b.append("      running ").append(d(g.running())).append("  runnable ").append(d(g.runnable()));
            g.blocked().entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                    .forEach(e -> b.append("  ").append(e.getKey()).append(' ').append(d(e.getValue())));
            b.append('\n');
        }
    }

    private void episodesText(StringBuilder b) {
        b.append("Longest blocking episodes\n");
        int i = 1;
        for (Episode e : episodes) {
            b.append(String.format(Locale.ROOT, "  %d. goroutine %d (%s) blocked %s on %s at %s%n", i++, e.goroutine(),
                    e.function(), d(e.duration()), e.reason(), d(e.start())));
            frames(b, "       at ", e.blocker(), 3);
            if (e.releasedBy() < 0) {
                b.append("     still blocked when the trace ended\n");
            } else if (e.releasedBy() == 0) {
                b.append("     released by a timer (or a wake-up from outside go4j)\n");
            } else {
                b.append("     released by goroutine ").append(e.releasedBy()).append(" (").append(e.releaserFunction())
                        .append(")\n");
                frames(b, "       at ", e.releaserStack(), 3);
            }
        }
    }

    private void matchesText(StringBuilder b) {
        b.append("Rule matches\n");
        if (dropped > 0) {
            b.append("  (").append(dropped).append(" partial matches were dropped at the bound of 100000 per rule: "
                    + "some matches may be missing)\n");
        }
        if (matches.isEmpty()) {
            b.append("  none\n");
        }
        for (Match m : matches) {
            b.append(String.format(Locale.ROOT, "  %s  confidence %.2f  (%d occurrence%s)%n", m.rule(), m.confidence(),
                    m.occurrences(), m.occurrences() == 1 ? "" : "s"));
            if (!m.description().isEmpty()) {
                b.append("    ").append(m.description()).append('\n');
            }
            for (Match.Step s : m.path()) {
                b.append("    ").append(d(s.time())).append("  ").append(s.event().word()).append("  g ").append(s.g());
                if (s.target() != 0) {
                    b.append(" -> ").append(s.target());
                }
                b.append("  ").append(s.func());
                if (s.reason() != null && !s.reason().isEmpty()) {
                    b.append("  [").append(s.reason()).append(']');
                }
                if (!s.note().isEmpty()) {
                    b.append("  (").append(s.note()).append(')');
                }
                b.append('\n');
                frames(b, "        at ", s.stack(), 3);
            }
        }
    }

    private static void frames(StringBuilder b, String indent, List<Frame> frames, int max) {
        for (int i = 0; i < Math.min(max, frames.size()); i++) {
            Frame f = frames.get(i);
            b.append(indent).append(f.function()).append(" (").append(f.file()).append(':').append(f.line()).append(")\n");
        }
    }

    private static String d(long nanos) {
        return GoDuration.format(nanos);
    }

    /**
     * Returns the report as JSON (durations and times in nanoseconds).
     *
     * @return the JSON text
     */
    public String json() {
        StringBuilder b = new StringBuilder("{");
        b.append("\"events\":").append(events).append(",\"dropped\":").append(dropped).append(",\"bytes\":")
                .append(bytes).append(",\"duration\":").append(duration);
        b.append(",\"latency\":{\"count\":").append(latency.count()).append(",\"p50\":").append(latency.p50())
                .append(",\"p90\":").append(latency.p90()).append(",\"p99\":").append(latency.p99()).append(",\"max\":")
                .append(latency.max()).append("}");
        b.append(",\"groups\":[");
        for (int i = 0; i < groups.size(); i++) {
            Group g = groups.get(i);
            b.append(i == 0 ? "" : ",").append("{\"function\":").append(q(g.function())).append(",\"goroutines\":")
                    .append(g.goroutines()).append(",\"running\":").append(g.running()).append(",\"runnable\":")
                    .append(g.runnable()).append(",\"blocked\":{");
            int j = 0;
            for (Map.Entry<String, Long> e : g.blocked().entrySet()) {
                b.append(j++ == 0 ? "" : ",").append(q(e.getKey())).append(':').append(e.getValue());
            }
            b.append("}}");
        }
        b.append("],\"episodes\":[");
        for (int i = 0; i < episodes.size(); i++) {
            Episode e = episodes.get(i);
            b.append(i == 0 ? "" : ",").append("{\"goroutine\":").append(e.goroutine()).append(",\"function\":")
                    .append(q(e.function())).append(",\"reason\":").append(q(e.reason())).append(",\"start\":")
                    .append(e.start()).append(",\"duration\":").append(e.duration()).append(",\"blocker\":")
                    .append(stack(e.blocker())).append(",\"releasedBy\":").append(e.releasedBy())
                    .append(",\"releaserStack\":").append(stack(e.releaserStack())).append('}');
        }
        b.append("],\"matches\":[");
        for (int i = 0; i < matches.size(); i++) {
            Match m = matches.get(i);
            b.append(i == 0 ? "" : ",").append("{\"rule\":").append(q(m.rule())).append(",\"confidence\":")
                    .append(String.format(Locale.ROOT, "%.3f", m.confidence())).append(",\"occurrences\":")
                    .append(m.occurrences()).append(",\"path\":[");
            for (int j = 0; j < m.path().size(); j++) {
                Match.Step s = m.path().get(j);
                b.append(j == 0 ? "" : ",").append("{\"time\":").append(s.time()).append(",\"event\":")
                        .append(q(s.event().word())).append(",\"g\":").append(s.g()).append(",\"target\":")
                        .append(s.target()).append(",\"func\":").append(q(s.func())).append(",\"reason\":")
                        .append(q(s.reason() == null ? "" : s.reason())).append(",\"stack\":").append(stack(s.stack()))
                        .append('}');
            }
            b.append("]}");
        }
        return b.append("]}").toString();
    }

    private static String stack(List<Frame> frames) {
        StringBuilder b = new StringBuilder("[");
        for (int i = 0; i < frames.size(); i++) {
            Frame f = frames.get(i);
            b.append(i == 0 ? "" : ",").append(q(f.function() + " " + f.file() + ":" + f.line()));
        }
        return b.append(']').toString();
    }

    /** A JSON string literal. */
    private static String q(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                b.append('\\').append(c);
            } else if (c < ' ') {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.append('"').toString();
    }
}
