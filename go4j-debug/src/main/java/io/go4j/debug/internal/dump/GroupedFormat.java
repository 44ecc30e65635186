package io.go4j.debug.internal.dump;

import io.go4j.debug.internal.Frames;
import io.go4j.debug.internal.GoDuration;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GroupedFormat writes the goroutine profile as pprof's {@code goroutine?debug=1} does: each
 * distinct stack (with its labels) once, with the number of goroutines that have it, most
 * frequent first, ties in the order of their {@code @} lines as text (Go sorts by that key too):
 *
 * <pre>
 * goroutine profile: total 12
 * 10 @ 0x7a1c0001 0x7a1c0013 0x5e2a000d
 * # labels: {"worker":"x"}
 * #	0x7a1c0012	io.go4j.Chan.recv+0x12	io/go4j/Chan.java:18
 * #	0x5e2a000c	io.example.Main.worker+0xc	io/example/Main.java:12
 *
 * </pre>
 *
 * <p>The {@code @} line lists one synthetic address per frame of the whole stack, innermost
 * first (Go lists every return address, its runtime's frames included); the {@code #} lines show
 * the frames {@link Frames} keeps, each as address, {@code function+offset}, {@code file:line},
 * aligned by {@link TabWriter} as Go's {@code text/tabwriter} aligns them. Addresses are made up
 * ({@link GoFrame}): stable, so identical stacks print identical lines, and Go's tools parse them.
 * Labels print as Go's {@code labelMap.String}: {@code {"k":"v", "k2":"v2"}}, each pair {@code %q:%q}.
 *
 * <p>Beyond Go, only when asked, after the labels line: {@code # waited 1.5s..3m2s} (the group's
 * shortest and longest wait) and {@code # on chan 17 (len 0, cap 0) x3, ...} (the distinct
 * blockers, with how many goroutines wait on each when more than one).
 */
final class GroupedFormat {
    /** The most distinct blockers a group's extras line names. Empirical: a line stays readable. */
    private static final int MAX_BLOCKERS = 8;

    private GroupedFormat() {}

    /** One distinct stack and labels, with its goroutines. */
    private record Group(String key, Row first, List<Row> rows) {}

    static void write(Appendable out, String profileName, List<Row> rows, Dumps.Settings settings) throws IOException {
        Map<List<Object>, Group> byStack = new LinkedHashMap<>();
        for (Row r : rows) {
            List<Object> identity = List.of(r.frames(), r.labels());   // frames compare by value
            byStack.computeIfAbsent(identity, k -> new Group(key(r), r, new ArrayList<>())).rows().add(r);
        }
        List<Group> groups = new ArrayList<>(byStack.values());
        groups.sort(Comparator.comparingInt((Group g) -> -g.rows().size()).thenComparing(Group::key));

        TabWriter tw = new TabWriter(out);
        tw.write(profileName + " profile: total " + rows.size() + "\n");
        for (Group g : groups) {
            tw.write(g.rows().size() + " " + g.key() + "\n");
            extras(tw, g, settings);
            for (GoFrame f : g.first().shown()) {
                tw.write("#\t0x" + Long.toHexString(f.pc()) + "\t" + f.function() + "+0x"
                        + Long.toHexString(f.pc() - f.entry()) + "\t" + f.file() + ":" + f.goLine() + "\n");
            }
            tw.write("\n");
        }
        tw.flush();
    }

    /** Go's key: the {@code @} line, then the labels line if there are labels. */
    private static String key(Row r) {
        StringBuilder b = new StringBuilder("@");
        for (GoFrame f : r.frames()) {
            b.append(" 0x").append(Long.toHexString(f.pc() + 1));   // Go lists return addresses
        }
        if (!r.labels().isEmpty()) {
            b.append("\n# labels: {");
            String sep = "";
            for (Map.Entry<String, String> l : r.labels().entrySet()) {
                b.append(sep).append(GoText.quote(l.getKey())).append(':').append(GoText.quote(l.getValue()));
                sep = ", ";
            }
            b.append('}');
        }
        return b.toString();
    }

    private static void extras(TabWriter tw, Group g, Dumps.Settings settings) {
        if (settings.exactWaits()) {
            long min = Long.MAX_VALUE;
            long max = -1;
            for (Row r : g.rows()) {
                if (r.waitNanos() >= 0) {
                    min = Math.min(min, r.waitNanos());
                    max = Math.max(max, r.waitNanos());
                }
            }
            if (max >= 0) {
                tw.write("# waited " + GoDuration.format(min) + (min == max ? "" : ".." + GoDuration.format(max)) + "\n");
            }
        }
        if (settings.blockers()) {
            Map<String, Integer> counts = new LinkedHashMap<>();
            for (Row r : g.rows()) {
                if (r.blocker() != null) {
                    counts.merge(r.blocker().text(), 1, Integer::sum);
                }
            }
            if (!counts.isEmpty()) {
                StringBuilder b = new StringBuilder("# on ");
                int n = 0;
                for (Map.Entry<String, Integer> c : counts.entrySet()) {
                    if (n == MAX_BLOCKERS) {
                        b.append(", ...");
                        break;
                    }
                    b.append(n++ == 0 ? "" : ", ").append(c.getKey()).append(c.getValue() > 1 ? " x" + c.getValue() : "");
                }
                tw.write(b.append('\n').toString());
            }
        }
    }
}
