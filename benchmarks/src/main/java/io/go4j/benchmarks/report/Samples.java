package io.go4j.benchmarks.report;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
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
 *
 * <p>Further rules, for the scenarios whose JMH class is not one score per {@code impl}:
 * {@code MutexBenchmark} files its {@code lock} parameter as the implementation and appends
 * {@code goroutines} to the key ({@code mutex8}, as Go's {@code BenchmarkMutex8}); a class with
 * neither {@code impl} nor {@code lock} ({@code ContextBenchmark}) measures go4j only; classes with
 * several benchmark methods ({@link #KEYED_BY_METHOD}) append the method name, and Go names
 * that differ are mapped by {@link #GO_ALIASES}. A Go line reporting a custom
 * {@code ns/<unit>} metric (the context and timer benchmarks, whose op is a whole batch) is
 * read at that metric instead of {@code ns/op}.
 */
final class Samples {

    static final String GO = "go";

    /** Go's result lines: name-GOMAXPROCS, iterations, then value/unit pairs. */
    private static final Pattern GO_LINE =
            Pattern.compile("^Benchmark(\\w+?)(?:-\\d+)?\\s+\\d+\\s+([0-9.]+) ns/op\\b.*");

    /** A custom per-item metric on a Go line, such as {@code 1.23 ns/context}. */
    private static final Pattern GO_PER_ITEM = Pattern.compile("\\s([0-9.]+(?:e[-+]?\\d+)?) ns/(?!op\\b)\\w+");

    /** JMH scenarios (class name without "Benchmark") whose key includes the method name. */
    private static final Set<String> KEYED_BY_METHOD = Set.of("Context", "Timer");

    /** Go benchmark names (lower case) filed under the key of their JMH twin. */
    private static final Map<String, String> GO_ALIASES = Map.of("contextcanceltree", "contextcancel");

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
            Object goroutines = params.get("goroutines");
            String key = scenario + (capacity == null ? "" : capacity) + (goroutines == null ? "" : goroutines)
                    + (KEYED_BY_METHOD.contains(scenario) ? benchmark.substring(benchmark.lastIndexOf('.') + 1) : "");
            Object impl = params.containsKey("impl") ? params.get("impl") : params.get("lock");
            Map<?, ?> metric = (Map<?, ?>) run.get("primaryMetric");
            for (Object fork : (List<?>) metric.get("rawData")) {
                for (Object v : (List<?>) fork) {
                    if (v instanceof Double d && !d.isNaN()) {
                        add(key, impl == null ? "go4j" : String.valueOf(impl), d);
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
                String name = m.group(1).toLowerCase(Locale.ROOT);
                Matcher perItem = GO_PER_ITEM.matcher(line);
                double value = Double.parseDouble(perItem.find() ? perItem.group(1) : m.group(2));
                add(GO_ALIASES.getOrDefault(name, name), GO, value);
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
