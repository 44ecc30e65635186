package io.go4j.debug.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * PprofOutput reads what {@code go tool pprof} prints ({@link GoTool#pprof}): the stacks of
 * {@code -traces} and the samples of {@code -raw}.
 */
public final class PprofOutput {
    private PprofOutput() {}

    /**
     * One stack of {@code -traces}' output.
     *
     * @param value     its value as pprof prints it ("10", "1.50s")
     * @param labels    its labels, "key: value" lines with the spacing collapsed
     * @param functions its functions, innermost first
     */
    public record Trace(String value, List<String> labels, List<String> functions) {
        /**
         * Returns whether one of its functions is {@code function}.
         *
         * @param function a function's name
         * @return true if the stack has it
         */
        public boolean has(String function) {
            return functions.contains(function);
        }
    }

    /**
     * Parses {@code go tool pprof -traces} output into its stacks.
     *
     * @param text pprof's output
     * @return the stacks, in pprof's order
     */
    public static List<Trace> traces(String text) {
        List<Trace> out = new ArrayList<>();
        for (String block : text.split("(?m)^-+\\+-+$")) {
            String value = null;
            List<String> labels = new ArrayList<>();
            List<String> functions = new ArrayList<>();
            for (String line : block.split("\n")) {
                String t = line.strip();
                if (t.isEmpty() || line.startsWith("File:") || line.startsWith("Type:") || line.startsWith("Time:")
                        || line.startsWith("Duration:")) {
                    continue;
                }
                String[] parts = t.split("\\s+");
                if (value == null && parts[0].endsWith(":")) {   // "key:  value" before the stack
                    labels.add(t.replaceAll("\\s+", " "));
                    continue;
                }
                if (value == null && parts.length == 2) {
                    value = parts[0];
                    functions.add(parts[1]);
                } else if (parts.length == 1) {
                    functions.add(parts[0]);
                } else {
                    labels.add(t.replaceAll("\\s+", " "));
                }
            }
            if (value != null) {
                out.add(new Trace(value, labels, functions));
            }
        }
        return out;
    }

    /**
     * Returns the one trace that has {@code function}; fails the test unless there is exactly one.
     *
     * @param tracesOutput {@code -traces}' output
     * @param function     a function's name
     * @return its trace
     */
    public static Trace traceWith(String tracesOutput, String function) {
        List<Trace> found = traces(tracesOutput).stream().filter(t -> t.has(function)).toList();
        if (found.size() != 1) {
            fail("expected one stack with " + function + ", found " + found.size() + " in:\n" + tracesOutput);
        }
        return found.get(0);
    }

    /**
     * One sample of {@code -raw}'s output.
     *
     * @param values    its values, one per sample type
     * @param functions its functions, innermost first
     * @param labels    its label lines, joined by spaces
     */
    public record RawSample(List<Long> values, List<String> functions, String labels) {
        /**
         * Returns whether one of its functions is {@code function}.
         *
         * @param function a function's name
         * @return true if the stack has it
         */
        public boolean has(String function) {
            return functions.contains(function);
        }
    }

    /**
     * Parses the samples of {@code go tool pprof -raw} output, resolving location ids to
     * functions.
     *
     * @param raw pprof's output
     * @return the samples, in pprof's order
     */
    public static List<RawSample> rawSamples(String raw) {
        Map<Long, String> functions = new HashMap<>();
        Pattern location = Pattern.compile("^\\s*(\\d+): 0x[0-9a-f]+ M=\\d+ (\\S+) .*$");
        boolean inLocations = false;
        for (String line : raw.split("\n")) {
            if (line.startsWith("Locations")) {
                inLocations = true;
            } else if (line.startsWith("Mappings")) {
                inLocations = false;
            } else if (inLocations) {
                Matcher m = location.matcher(line);
                if (m.matches()) {
                    functions.put(Long.parseLong(m.group(1)), m.group(2));
                }
            }
        }
        List<RawSample> out = new ArrayList<>();
        boolean inSamples = false;
        boolean header = false;
        for (String line : raw.split("\n")) {
            if (line.startsWith("Samples:")) {
                inSamples = true;
                header = true;
                continue;
            }
            if (!inSamples) {
                continue;
            }
            if (line.startsWith("Locations")) {
                break;
            }
            if (header) {   // the sample types' names
                header = false;
                continue;
            }
            int colon = line.indexOf(':');
            String head = colon < 0 ? "" : line.substring(0, colon).strip();
            if (head.matches("-?\\d+(\\s+-?\\d+)*")) {
                List<Long> values = Arrays.stream(head.split("\\s+")).map(Long::parseLong).toList();
                String ids = line.substring(colon + 1).strip();
                List<String> fs = ids.isEmpty() ? List.of() : Arrays.stream(ids.split("\\s+"))
                        .map(id -> functions.get(Long.parseLong(id))).toList();
                out.add(new RawSample(values, fs, ""));
            } else if (!out.isEmpty() && !line.isBlank()) {
                RawSample last = out.remove(out.size() - 1);
                out.add(new RawSample(last.values(), last.functions(), (last.labels() + " " + line.strip()).strip()));
            }
        }
        return out;
    }
}
