package io.go4j.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Samples holds the measured values of one suite run, keyed by scenario and implementation, as
 * read from JMH's JSON results and from {@code go test -bench} output.
 *
 * <p>A scenario key is the lower-cased scenario name plus its capacity, if any, so that JMH's
 * {@code BufferedBenchmark} with {@code capacity=16} and Go's {@code BenchmarkBuffered16} both
 * become {@code buffered16}. Go's results are filed under implementation {@code go}.
 */
final class Samples {

    static final String GO = "go";

    /** Go's result lines: name-GOMAXPROCS, iterations, then value/unit pairs. */
    private static final Pattern GO_LINE =
            Pattern.compile("^Benchmark(\\w+?)(?:-\\d+)?\\s+\\d+\\s+([0-9.]+) ns/op\\b.*");

    private final Map<String, Map<String, List<Double>>> values = new TreeMap<>();

    /** Adds the measurement iterations of every benchmark in JMH's JSON file {@code jmhJson}. */
    void readJmh(Path jmhJson) throws IOException {
        for (Object entry : (List<?>) Json.parse(Files.readString(jmhJson))) {
            Map<?, ?> run = (Map<?, ?>) entry;
            String benchmark = (String) run.get("benchmark");
            Map<?, ?> params = run.get("params") instanceof Map<?, ?> m ? m : Map.of();
            String cls = benchmark.substring(0, benchmark.lastIndexOf('.'));
            String scenario = cls.substring(cls.lastIndexOf('.') + 1).replaceFirst("Benchmark$", "");
            Object capacity = params.get("capacity");
            String key = scenario + (capacity == null ? "" : capacity);
            String impl = String.valueOf(params.get("impl"));
            Map<?, ?> metric = (Map<?, ?>) run.get("primaryMetric");
            for (Object fork : (List<?>) metric.get("rawData")) {
                for (Object v : (List<?>) fork) {
                    if (v instanceof Double d && !d.isNaN()) {
                        add(key, impl, d);
                    }
                }
            }
        }
    }

    /** Adds the ns/op of every benchmark line in {@code go test -bench} output {@code goOutput}. */
    void readGo(Path goOutput) throws IOException {
        for (String line : Files.readAllLines(goOutput)) {
            Matcher m = GO_LINE.matcher(line.trim());
            if (m.matches()) {
                add(m.group(1), GO, Double.parseDouble(m.group(2)));
            }
        }
    }

    /** The median of the values of {@code impl} in {@code scenario}, or NaN if there are none. */
    double median(String scenario, String impl) {
        List<Double> v = new ArrayList<>(values.getOrDefault(scenario, Map.of()).getOrDefault(impl, List.of()));
        if (v.isEmpty()) {
            return Double.NaN;
        }
        v.sort(null);
        int mid = v.size() / 2;
        return v.size() % 2 == 1 ? v.get(mid) : (v.get(mid - 1) + v.get(mid)) / 2;
    }

    /** The implementations measured in {@code scenario}, in name order. */
    List<String> impls(String scenario) {
        return new ArrayList<>(values.getOrDefault(scenario, Map.of()).keySet());
    }

    private void add(String scenario, String impl, double value) {
        values.computeIfAbsent(scenario.toLowerCase(Locale.ROOT), k -> new TreeMap<>())
                .computeIfAbsent(impl, k -> new ArrayList<>())
                .add(value);
    }
}
