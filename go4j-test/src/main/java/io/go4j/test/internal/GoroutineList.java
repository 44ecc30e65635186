package io.go4j.test.internal;

import io.go4j.debug.internal.Frames;
import io.go4j.debug.internal.Snapshot;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * GoroutineList writes a few goroutines (those one test left behind, or was running when it
 * timed out) the way Go's goroutine dump writes each, grouping goroutines whose status, stack
 * and creation site are the same, largest group first (as pprof's {@code debug=1} does):
 *
 * <pre>
 * goroutine 41 "worker" [chan receive]:
 * io.go4j.Chan.recv(...)
 * 	Chan.java:212
 * com.acme.WorkerTest.lambda$leaks$0(...)
 * 	WorkerTest.java:30
 * created by com.acme.WorkerTest.leaks in goroutine 1
 * 	WorkerTest.java:29
 *
 * 3 goroutines 43, 44, 45 [sleep]:
 * ...
 * </pre>
 *
 * <p>Frames are shown as go4j-debug's one rule says ({@link Frames#shown}, the dumps' and
 * profiles' rule); a goroutine's name (go4j's threads may have
 * one, Go's goroutines do not) follows its id in quotes; its profiler labels, other than
 * go4j-test's own, follow the header as pprof prints them ({@code # labels: {"k":"v"}}).
 *
 * <p>This is go4j-test's view of a few goroutines, whose text its own tests check; the dump of
 * every goroutine is go4j-debug's {@code GoroutineDump} (see {@link Dumps}).
 */
public final class GoroutineList {
    /** Ids listed in one group's header; the rest are counted. */
    private static final int MAX_IDS = 10;

    private GoroutineList() {}

    /**
     * Writes {@code goroutines}, grouped.
     *
     * @param goroutines the goroutines, with their stacks
     * @return the text, one block per group, blocks separated by a blank line
     */
    public static String render(List<Snapshot.Entry> goroutines) {
        Map<String, List<Snapshot.Entry>> groups = new LinkedHashMap<>();
        for (Snapshot.Entry e : goroutines) {
            groups.computeIfAbsent(key(e), k -> new ArrayList<>()).add(e);
        }
        List<List<Snapshot.Entry>> ordered = new ArrayList<>(groups.values());
        ordered.sort(Comparator.<List<Snapshot.Entry>>comparingInt(List::size).reversed()
                .thenComparingLong(g -> g.get(0).id()));
        StringBuilder sb = new StringBuilder();
        for (List<Snapshot.Entry> group : ordered) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            appendGroup(sb, group);
        }
        return sb.toString();
    }

    private static void appendGroup(StringBuilder sb, List<Snapshot.Entry> group) {
        Snapshot.Entry first = group.get(0);
        if (group.size() == 1) {
            sb.append("goroutine ").append(first.id());
            if (!first.name().isEmpty()) {
                sb.append(" \"").append(first.name()).append('"');
            }
        } else {
            sb.append(group.size()).append(" goroutines ");
            for (int i = 0; i < Math.min(group.size(), MAX_IDS); i++) {
                sb.append(i == 0 ? "" : ", ").append(group.get(i).id());
            }
            if (group.size() > MAX_IDS) {
                sb.append(" and ").append(group.size() - MAX_IDS).append(" more");
            }
        }
        sb.append(" [").append(first.status()).append("]:\n");
        appendLabels(sb, first.labels());
        for (StackTraceElement f : Frames.shown(first.stack())) {
            sb.append(Frames.function(f)).append("(...)\n\t").append(location(f)).append('\n');
        }
        if (first.createdBy() != null) {
            sb.append("created by ").append(Frames.function(first.createdBy()));
            if (group.stream().allMatch(e -> e.creatorId() == first.creatorId())) {
                sb.append(" in goroutine ").append(first.creatorId());
            }
            sb.append("\n\t").append(location(first.createdBy())).append('\n');
        }
    }

    /** {@code File.java:line}, {@code File.java} without a line, {@code ?} without a file. */
    private static String location(StackTraceElement f) {
        String file = f.getFileName() == null ? "?" : f.getFileName();
        return f.getLineNumber() >= 0 ? file + ":" + f.getLineNumber() : file;
    }

    private static void appendLabels(StringBuilder sb, Map<String, String> labels) {
        Map<String, String> shown = new TreeMap<>(labels);
        shown.remove(Scopes.LABEL);
        if (shown.isEmpty()) {
            return;
        }
        sb.append("# labels: {");
        boolean firstLabel = true;
        for (Map.Entry<String, String> l : shown.entrySet()) {
            sb.append(firstLabel ? "" : ", ").append('"').append(l.getKey()).append("\":\"").append(l.getValue())
                    .append('"');
            firstLabel = false;
        }
        sb.append("}\n");
    }

    /** What makes two goroutines one group: status, shown frames, creation site, user labels. */
    private static String key(Snapshot.Entry e) {
        StringBuilder k = new StringBuilder(e.status()).append('|');
        for (StackTraceElement f : Frames.shown(e.stack())) {
            k.append(f).append('|');
        }
        Map<String, String> labels = new TreeMap<>(e.labels());
        labels.remove(Scopes.LABEL);
        return k.append(e.createdBy()).append('|').append(labels).toString();
    }
}
