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
 * The Javadoc examples of every exported package's public types are the code that package's
 * examples test runs, so an example that drifts from tested code fails the build.
 *
 * <p>The exported packages are the {@code exports} lines of module-info.java. Package P's
 * examples test is {@code ExamplesTest} in P itself for io.go4j and {@code <Last>ExamplesTest}
 * for a subpackage ({@code io.go4j.time}: {@code TimeExamplesTest}), in P's test sources.
 *
 * <p>Every {@code <pre>{@code ...}</pre>} block in a source file of P is an example of the
 * declaration its Javadoc comment documents: the type's simple name ({@code Chan}), an
 * outer-qualified name for a nested type ({@code Select.Case}), {@code Type.member} for a method,
 * {@code package-info} for the package. Its code, without the {@code import} lines and after
 * removing the common indentation, must equal the {@code // example:NAME} regions of P's
 * examples test (joined by a blank line); its imports must be that test's imports, and the test
 * must run it in a method {@code exampleNAME} (dots and {@code #} dropped, {@code package-info}
 * as {@code Package}). Every public type of P, nested ones included, and P's package-info need
 * at least one example.
 */
class JavadocExamplesTest {

    private static final Path MODULE_INFO = Path.of("src/main/java/module-info.java");
    private static final Pattern EXPORTS = Pattern.compile("^\\s*exports\\s+([\\w.]+)\\s*;");

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

    /** An exported package: its name, its main source directory and its examples test. */
    record Pkg(String name, Path sources, Path examples) {
        static Pkg of(String name) {
            String dir = name.replace('.', '/');
            String last = name.substring(name.lastIndexOf('.') + 1);
            String test = name.equals("io.go4j") ? "ExamplesTest"
                    : Character.toUpperCase(last.charAt(0)) + last.substring(1) + "ExamplesTest";
            return new Pkg(name, Path.of("src/main/java", dir), Path.of("src/test/java", dir, test + ".java"));
        }

        String testName() {
            return examples.getFileName().toString().replace(".java", "");
        }
    }

    @Test
    @DisplayName("the exported packages are read from module-info.java")
    void exportedPackagesAreFound() throws IOException {
        List<String> names = packages().stream().map(Pkg::name).toList();
        assertTrue(names.contains("io.go4j") && names.contains("io.go4j.time"), "exports found: " + names);
        assertEquals(Path.of("src/test/java/io/go4j/time/TimeExamplesTest.java"), Pkg.of("io.go4j.time").examples());
        for (Pkg p : packages()) {
            assertTrue(Files.isRegularFile(p.examples()), p.name() + " has no examples test " + p.examples());
        }
    }

    @TestFactory
    @DisplayName("every public type of every exported package, and the package, has a Javadoc example")
    Stream<DynamicTest> everyPublicTypeHasAnExample() throws IOException {
        return packages().stream().map(p -> DynamicTest.dynamicTest(p.name(), () -> {
            Set<String> documented = blocks(p).stream().map(b -> b.name().replaceFirst("#\\d+$", ""))
                    .collect(Collectors.toSet());
            Set<String> missing = new TreeSet<>(publicTypes(p));
            missing.removeAll(documented);
            assertTrue(missing.isEmpty(), p.name() + ": public types without a <pre>{@code ...}</pre> example: "
                    + missing);
        }));
    }

    @TestFactory
    @DisplayName("every Javadoc example is, verbatim, code that its package's examples test runs and checks")
    Stream<DynamicTest> everyExampleIsTested() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        for (Pkg p : packages()) {
            Map<String, String> regions = regions(p.examples());
            String examples = Files.readString(p.examples());
            Set<String> testImports = Files.readAllLines(p.examples()).stream()
                    .filter(l -> l.startsWith("import ")).collect(Collectors.toSet());
            String test = p.testName();
            for (Block b : blocks(p)) {
                tests.add(DynamicTest.dynamicTest(p.name() + " " + b.name() + " (" + b.where() + ")", () -> {
                    String region = regions.get(b.name());
                    if (region == null) {
                        fail(test + " has no // example:" + b.name() + " region; the Javadoc shows:\n" + b.code());
                    }
                    assertEquals(b.code(), region, "the Javadoc example at " + b.where()
                            + " differs from " + test + "'s // example:" + b.name() + " region");
                    for (String imp : b.imports()) {
                        assertTrue(testImports.contains(imp), test + " must have the example's import: " + imp);
                    }
                    String method = "void example" + b.name().replace("package-info", "Package")
                            .replace(".", "").replace("#", "") + "()";
                    assertTrue(examples.contains(method), test + " must run the example in " + method);
                }));
            }
        }
        return tests.stream();
    }

    @TestFactory
    @DisplayName("every example region of an examples test is shown in a Javadoc")
    Stream<DynamicTest> noExampleWithoutJavadoc() throws IOException {
        return packages().stream().map(p -> DynamicTest.dynamicTest(p.name(), () -> {
            Set<String> orphans = new TreeSet<>(regions(p.examples()).keySet());
            orphans.removeAll(blocks(p).stream().map(Block::name).toList());
            assertTrue(orphans.isEmpty(), p.testName() + ": // example: regions no Javadoc shows: " + orphans);
        }));
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

    /** The packages module-info.java exports, in its order. */
    private static List<Pkg> packages() throws IOException {
        List<Pkg> out = new ArrayList<>();
        for (String line : Files.readAllLines(MODULE_INFO)) {
            Matcher m = EXPORTS.matcher(line);
            if (m.find()) {
                out.add(Pkg.of(m.group(1)));
            }
        }
        assertTrue(!out.isEmpty(), "no unqualified exports in " + MODULE_INFO);
        return out;
    }

    /** Every public type of a package (nested ones as Outer.Inner), and "package-info". */
    private static Set<String> publicTypes(Pkg p) throws IOException {
        Set<String> types = new TreeSet<>();
        for (Path file : sourceFiles(p)) {
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

    private static List<Block> blocks(Pkg p) throws IOException {
        List<Block> all = new ArrayList<>();
        for (Path file : sourceFiles(p)) {
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

    /** An examples test's regions by name, each without its common indentation, joined by a blank line. */
    private static Map<String, String> regions(Path examples) throws IOException {
        List<String> lines = Files.readAllLines(examples);
        Map<String, List<String>> parts = new LinkedHashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher m = MARKER.matcher(lines.get(i).strip());
            if (!m.matches()) {
                continue;
            }
            int begin = i + 1;
            for (i = begin; !lines.get(i).strip().equals("// end"); i++) {
                assertTrue(i + 1 < lines.size() && !MARKER.matcher(lines.get(i).strip()).matches(),
                        examples.getFileName() + ":" + begin + ": // example:" + m.group(1) + " without // end");
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

    private static List<Path> sourceFiles(Pkg pkg) throws IOException {
        try (Stream<Path> files = Files.list(pkg.sources())) {
            return files.filter(p -> p.toString().endsWith(".java")).sorted().toList();
        }
    }

    private static String stem(Path file) {
        String name = file.getFileName().toString();
        return name.substring(0, name.length() - ".java".length());
    }
}
