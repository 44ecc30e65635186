package io.go4j.benchmarks.report;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * AbTable turns one run of {@code benchmarks/ab-run} into a markdown table comparing two or more
 * sides (jars, or one jar with different JVM flags) benchmark by benchmark: each side's median
 * over its forks with the forks' range, and each side's ratio to the first side with the range of
 * the ratios paired by round. It prints the table and writes it to {@code table.md} in the
 * results directory.
 *
 * <p>Usage: {@code java -cp benchmarks.jar io.go4j.benchmarks.report.AbTable dir A B [C...]};
 * {@code dir} holds JMH JSON files of single-fork invocations named {@code <side>.<round>.json}
 * or {@code <side>.<round>.<anything>.json} (one per benchmark, as {@code ab-run} writes them),
 * and {@code A} is the baseline.
 *
 * <p>How the figures are made, so that they can be judged:
 * <ul>
 *   <li>A fork's score is the median of its measured iterations (one slow iteration, a GC or a
 *       burst of load from elsewhere, does not move it).</li>
 *   <li>A side's figure is the median of its fork scores, shown with their minimum and maximum.</li>
 *   <li>The ratio is side ÷ baseline of those medians. Its range is the smallest and largest of
 *       the per-round ratios (this side's fork ÷ the baseline's fork of the same round): ab-run
 *       runs the forks of one benchmark's round back to back, so a slow spell of the machine
 *       lasting minutes mostly falls on both. With 3 rounds this is a min–max of 3 values, not
 *       a confidence interval: a range that contains 1 means the run cannot tell the sides
 *       apart; a range that excludes it is not proof of a difference on its own. Give the run
 *       an A/A side (the baseline's jar again under another name): how far its ratio strays
 *       from 1 is the run's noise floor.</li>
 * </ul>
 */
public final class AbTable {

    private AbTable() {}

    public static void main(String[] args) throws IOException {
        if (args.length < 3) {
            System.err.println("usage: AbTable dir baseline side [side...]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        List<String> sides = List.of(args).subList(1, args.length);
        // row key -> side -> round -> fork score
        Map<String, Map<String, TreeMap<Integer, Double>>> scores = new TreeMap<>();
        for (String side : sides) {
            for (int round = 1; ; round++) {
                List<Path> files = new ArrayList<>();
                try (DirectoryStream<Path> found = Files.newDirectoryStream(dir, side + "." + round + ".*json")) {
                    found.forEach(files::add);
                }
                if (files.isEmpty()) {
                    break;
                }
                for (Path file : files) {
                    read(file, side, round, scores);
                }
            }
        }
        String markdown = table(sides, scores);
        System.out.print(markdown);
        Files.writeString(dir.resolve("table.md"), markdown);
    }

    /** Files the fork score of every benchmark in one single-fork JMH result file. */
    private static void read(Path file, String side, int round,
                             Map<String, Map<String, TreeMap<Integer, Double>>> scores) throws IOException {
        for (Object entry : (List<?>) Json.parse(Files.readString(file))) {
            Map<?, ?> run = (Map<?, ?>) entry;
            Map<?, ?> metric = (Map<?, ?>) run.get("primaryMetric");
            List<?> forks = (List<?>) metric.get("rawData");
            if (forks.size() != 1) {
                throw new IllegalArgumentException(file + ": " + forks.size() + " forks, want 1 (-f 1)");
            }
            List<Double> iterations = new ArrayList<>();
            for (Object v : (List<?>) forks.get(0)) {
                if (v instanceof Double d && !d.isNaN()) {
                    iterations.add(d);
                }
            }
            if (iterations.isEmpty()) {
                continue;
            }
            scores.computeIfAbsent(key(run), k -> new LinkedHashMap<>())
                    .computeIfAbsent(side, k -> new TreeMap<>())
                    .put(round, median(iterations));
        }
    }

    /** "Class.method (unit)" without the package and the "Benchmark" suffix, then the parameters. */
    private static String key(Map<?, ?> run) {
        String benchmark = (String) run.get("benchmark");
        String method = benchmark.substring(benchmark.lastIndexOf('.') + 1);
        String cls = benchmark.substring(0, benchmark.lastIndexOf('.'));
        cls = cls.substring(cls.lastIndexOf('.') + 1).replaceFirst("Benchmark$", "");
        StringBuilder key = new StringBuilder(cls).append('.').append(method).append(" |");
        if (run.get("params") instanceof Map<?, ?> params) {
            for (Object name : new TreeSet<>(params.keySet().stream().map(String::valueOf).toList())) {
                key.append(' ').append(name).append('=').append(params.get(name));
            }
        }
        return key.toString();
    }

    private static String table(List<String> sides, Map<String, Map<String, TreeMap<Integer, Double>>> scores) {
        String base = sides.get(0);
        StringBuilder md = new StringBuilder("| benchmark | params |");
        StringBuilder rule = new StringBuilder("|---|---|");
        for (String side : sides) {
            md.append(' ').append(side).append(" (ns/op) |");
            rule.append("--:|");
            if (!side.equals(base)) {
                md.append(' ').append(side).append(" ÷ ").append(base).append(" |");
                rule.append("--:|");
            }
        }
        md.append('\n').append(rule).append('\n');
        for (Map.Entry<String, Map<String, TreeMap<Integer, Double>>> row : scores.entrySet()) {
            md.append("| ").append(row.getKey()).append(" |");
            TreeMap<Integer, Double> a = row.getValue().getOrDefault(base, new TreeMap<>());
            for (String side : sides) {
                TreeMap<Integer, Double> b = row.getValue().getOrDefault(side, new TreeMap<>());
                md.append(' ').append(spread(new ArrayList<>(b.values()))).append(" |");
                if (side.equals(base)) {
                    continue;
                }
                List<Double> paired = new ArrayList<>();
                for (Map.Entry<Integer, Double> fork : b.entrySet()) {
                    Double baseFork = a.get(fork.getKey());
                    if (baseFork != null) {
                        paired.add(fork.getValue() / baseFork);
                    }
                }
                double ratio = median(new ArrayList<>(b.values())) / median(new ArrayList<>(a.values()));
                md.append(' ').append(Double.isNaN(ratio) ? "–" : fmt("%.3f", ratio));
                if (!paired.isEmpty()) {
                    paired.sort(null);
                    md.append(" (").append(fmt("%.2f", paired.get(0))).append('–')
                            .append(fmt("%.2f", paired.get(paired.size() - 1))).append(')');
                }
                md.append(" |");
            }
            md.append('\n');
        }
        md.append("\nEach side: median of its forks' scores (a fork's score is the median of its measured ")
                .append("iterations), with the forks' min–max. Ratio: median ÷ the baseline's median, with the ")
                .append("min–max of the per-round ratios (forks of the same round paired). ")
                .append("Lower is better. A ratio range containing 1: the run cannot tell the sides apart; ")
                .append("excluding 1 is not proof by itself (compare with an A/A side, the same jar twice).\n");
        return md.toString();
    }

    /** "median (min–max)" of the values, or "–". */
    private static String spread(List<Double> v) {
        if (v.isEmpty()) {
            return "–";
        }
        v.sort(null);
        return ns(median(v)) + " (" + ns(v.get(0)) + "–" + ns(v.get(v.size() - 1)) + ")";
    }

    private static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> v = new ArrayList<>(values);
        v.sort(null);
        int mid = v.size() / 2;
        return v.size() % 2 == 1 ? v.get(mid) : (v.get(mid - 1) + v.get(mid)) / 2;
    }

    private static String ns(double v) {
        return v < 100 ? fmt("%.1f", v) : fmt("%.0f", v);
    }

    private static String fmt(String format, double v) {
        return String.format(Locale.ROOT, format, v);
    }
}
