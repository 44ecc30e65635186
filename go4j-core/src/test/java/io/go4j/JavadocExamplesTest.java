package io.go4j;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * The Javadoc examples of io.go4j's public types are the code ExamplesTest runs, so an example
 * that drifts from tested code fails the build.
 *
 * <p>Every {@code <pre>{@code ...}</pre>} block in a public source file of io.go4j is an example
 * of the declaration its Javadoc comment documents: the type's simple name ({@code Chan}), an
 * outer-qualified name for a nested type ({@code Select.Case}), {@code Type.member} for a method,
 * {@code package-info} for the package. Its code, without the {@code import} lines and after
 * removing the common indentation, must equal the {@code // example:NAME} regions of
 * ExamplesTest (joined by a blank line); its imports must be ExamplesTest's imports.
 */
class JavadocExamplesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/go4j");
    private static final Path EXAMPLES = Path.of("src/test/java/io/go4j/ExamplesTest.java");

    private static final Pattern PUBLIC_TYPE = Pattern.compile(
            "^(\\s*)public\\s+(?:(?:static|final|abstract|sealed|non-sealed)\\s+)*"
                    + "(?:class|interface|record|enum)\\s+(\\w+)");
    private static final Pattern TYPE = Pattern.compile("\\b(?:class|interface|record|enum)\\s+(\\w+)");
    private static final Pattern MEMBER = Pattern.compile("(\\w+)\\s*[(=;]");
    private static final Pattern MARKER = Pattern.compile("// example:(\\S+)");
    private static final String BEGIN = "<pre>{@code";
    private static final String END = "}</pre>";

    /** One {@code <pre>{@code}} block: whose example it is, its imports, its code, where it is. */
    record Block(String name, List<String> imports, String code, String where) {}

    @Test
    @DisplayName("every public type of io.go4j, and the package, has a Javadoc example")
    void everyPublicTypeHasAnExample() throws IOException {
        Set<String> documented = blocks().stream().map(b -> b.name().replaceFirst("#\\d+$", ""))
                .collect(Collectors.toSet());
        Set<String> missing = new TreeSet<>(publicTypes());
        missing.removeAll(documented);
        assertTrue(missing.isEmpty(), "public types without a <pre>{@code ...}</pre> example: " + missing);
    }

    @TestFactory
    @DisplayName("every Javadoc example is, verbatim, code that ExamplesTest runs and checks")
    Stream<DynamicTest> everyExampleIsTested() throws IOException {
        Map<String, String> regions = regions();
        String examples = Files.readString(EXAMPLES);
        Set<String> testImports = Files.readAllLines(EXAMPLES).stream()
                .filter(l -> l.startsWith("import ")).collect(Collectors.toSet());
        return blocks().stream().map(b -> DynamicTest.dynamicTest(b.name() + " (" + b.where() + ")", () -> {
            String region = regions.get(b.name());
            if (region == null) {
                fail("ExamplesTest has no // example:" + b.name() + " region; the Javadoc shows:\n" + b.code());
            }
            assertEquals(b.code(), region, "the Javadoc example at " + b.where()
                    + " differs from ExamplesTest's // example:" + b.name() + " region");
            for (String imp : b.imports()) {
                assertTrue(testImports.contains(imp), "ExamplesTest must have the example's import: " + imp);
            }
            String method = "void example" + b.name().replace("package-info", "Package")
                    .replace(".", "").replace("#", "") + "()";
            assertTrue(examples.contains(method), "ExamplesTest must run the example in " + method);
        }));
    }

    @Test
    @DisplayName("every example region in ExamplesTest is shown in a Javadoc")
    void noExampleWithoutJavadoc() throws IOException {
        Set<String> orphans = new TreeSet<>(regions().keySet());
        orphans.removeAll(blocks().stream().map(Block::name).toList());
        assertTrue(orphans.isEmpty(), "// example: regions no Javadoc shows: " + orphans);
    }

    @Test
    @DisplayName("the block extraction finds a nested type's example and strips imports and indentation")
    void extractionOfANestedExample() {
        List<String> source = List.of(
                "public final class Outer {",
                "    /**",
                "     * Inner does things.",
                "     *",
                "     * <pre>{@code",
                "     * import static io.go4j.Go.go;",
                "     *",
                "     * if (true) {",
                "     *     go(() -> {});",
                "     * }",
                "     * }</pre>",
                "     */",
                "    @Deprecated",
                "    public static final class Inner {}",
                "}");
        List<Block> blocks = blocks(source, "Outer", "Outer.java");
        assertEquals(List.of(new Block("Outer.Inner", List.of("import static io.go4j.Go.go;"),
                "if (true) {\n    go(() -> {});\n}", "Outer.java:5")), blocks);
    }

    // ---- Reading the sources ----

    /** Every public type of io.go4j (nested ones as Outer.Inner), and "package-info". */
    private static Set<String> publicTypes() throws IOException {
        Set<String> types = new TreeSet<>();
        for (Path file : sourceFiles()) {
            String top = stem(file);
            if (top.equals("package-info")) {
                types.add(top);
                continue;
            }
            for (String line : Files.readAllLines(file)) {
                Matcher m = PUBLIC_TYPE.matcher(line);
                if (m.find()) {
                    types.add(m.group(1).isEmpty() ? m.group(2) : top + "." + m.group(2));
                }
            }
        }
        return types;
    }

    private static List<Block> blocks() throws IOException {
        List<Block> all = new ArrayList<>();
        for (Path file : sourceFiles()) {
            all.addAll(blocks(Files.readAllLines(file), stem(file), file.getFileName().toString()));
        }
        return all;
    }

    /** The {@code <pre>{@code}} blocks of one file's Javadoc comments, named by what they document. */
    static List<Block> blocks(List<String> lines, String top, String fileName) {
        List<Block> out = new ArrayList<>();
        Map<String, Integer> seen = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            if (!lines.get(i).strip().startsWith("/**")) {
                continue;
            }
            int close = i;
            while (!lines.get(close).contains("*/")) {
                close++;
            }
            String declared = null;
            for (int j = i; j < close; j++) {
                String text = commentText(lines.get(j));
                if (!text.contains(BEGIN)) {
                    continue;
                }
                String where = fileName + ":" + (j + 1);
                assertEquals(BEGIN, text.strip(), where + ": write " + BEGIN + " on a line of its own");
                List<String> code = new ArrayList<>();
                for (j++; !commentText(lines.get(j)).strip().equals(END); j++) {
                    assertTrue(j < close, where + ": " + BEGIN + " without " + END + " on a line of its own");
                    code.add(commentText(lines.get(j)));
                }
                if (declared == null) {
                    declared = declarationAfter(lines, close + 1, top, fileName);
                }
                int k = seen.merge(declared, 1, Integer::sum);
                List<String> imports = new ArrayList<>();
                while (!code.isEmpty() && (code.getFirst().isBlank() || code.getFirst().startsWith("import "))) {
                    String line = code.removeFirst();
                    if (!line.isBlank()) {
                        imports.add(line.strip());
                    }
                }
                out.add(new Block(k == 1 ? declared : declared + "#" + k, imports, normalise(code), where));
            }
            i = close;
        }
        return out;
    }

    /** A Javadoc line without its leading {@code " * "} (or {@code "/**"}). */
    private static String commentText(String line) {
        String s = line.stripLeading();
        if (s.startsWith("/**")) {
            return s.substring(3);
        }
        if (s.startsWith("*")) {
            s = s.substring(1);
            return s.startsWith(" ") ? s.substring(1) : s;
        }
        return s;
    }

    /** The name of the declaration after a Javadoc comment that ends on the line before {@code from}. */
    private static String declarationAfter(List<String> lines, int from, String top, String fileName) {
        for (int j = from; j < lines.size(); j++) {
            String line = lines.get(j);
            String s = line.strip();
            if (s.isEmpty() || (s.startsWith("@") && !s.startsWith("@interface"))) {
                continue;
            }
            if (s.startsWith("package ")) {
                return "package-info";
            }
            boolean nested = Character.isWhitespace(line.charAt(0));
            Matcher type = TYPE.matcher(s);
            if (type.find()) {
                return nested ? top + "." + type.group(1) : type.group(1);
            }
            Matcher member = MEMBER.matcher(s);
            if (member.find()) {
                return top + "." + member.group(1);
            }
            break;
        }
        throw new AssertionError(fileName + ":" + (from + 1) + ": no declaration after a Javadoc example");
    }

    /** ExamplesTest's regions by name, each without its common indentation, joined by a blank line. */
    private static Map<String, String> regions() throws IOException {
        List<String> lines = Files.readAllLines(EXAMPLES);
        Map<String, List<String>> parts = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i).strip());
            if (!m.matches()) {
                continue;
            }
            int begin = i + 1;
            for (i = begin; !lines.get(i).strip().equals("// end"); i++) {
                assertTrue(i + 1 < lines.size() && !MARKER.matcher(lines.get(i).strip()).matches(),
                        "ExamplesTest.java:" + begin + ": // example:" + m.group(1) + " without // end");
            }
            parts.computeIfAbsent(m.group(1), k -> new ArrayList<>()).add(normalise(lines.subList(begin, i)));
        }
        Map<String, String> regions = new LinkedHashMap<>();
        parts.forEach((name, p) -> regions.put(name, String.join("\n\n", p)));
        return regions;
    }

    /** Drops leading and trailing blank lines, the common indentation and trailing whitespace. */
    private static String normalise(List<String> code) {
        int from = 0;
        int to = code.size();
        while (from < to && code.get(from).isBlank()) {
            from++;
        }
        while (to > from && code.get(to - 1).isBlank()) {
            to--;
        }
        List<String> lines = code.subList(from, to);
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return lines.stream().map(l -> l.isBlank() ? "" : l.substring(indent).stripTrailing())
                .collect(Collectors.joining("\n"));
    }

    private static List<Path> sourceFiles() throws IOException {
        try (Stream<Path> files = Files.list(SOURCES)) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".java".length());
    }
}
