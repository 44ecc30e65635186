package io.go4j.vet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * go4j-core compiles clean with go4j-vet's checks, as the other modules do in their builds. go4j-core
 * cannot run the plugin in its own build (go4j-vet's tests need go4j-core: a reactor cycle), so
 * this test compiles its main and test sources with javac, {@code -Xplugin:ErrorProne} and every
 * check as an error, against the go4j-core jar and JUnit of this module's test class path, and
 * expects no finding. A deliberate misuse in a test carries {@code @SuppressWarnings("Check")}
 * and says why.
 */
class Go4jCoreSourcesTest {
    private static final Path CORE = Path.of("../go4j-core/src").toAbsolutePath().normalize();

    @TempDir
    Path out;

    @Test
    @DisplayName("go4j-core's main sources compile with every check as an error and no finding")
    void go4jCoresMainSourcesHaveNoFinding() throws IOException {
        assertNoFinding(CORE.resolve("main/java"));
    }

    @Test
    @DisplayName("go4j-core's test sources compile with every check as an error and no finding")
    void go4jCoresTestSourcesHaveNoFinding() throws IOException {
        assertNoFinding(CORE.resolve("test/java"));
    }

    @Test
    @DisplayName("the same compilation reports a planted finding: the tests above can fail")
    void theSameCompilationReportsAPlantedFinding() throws IOException {
        Path planted = out.resolve("src/io/go4j/planted/Planted.java");
        Files.createDirectories(planted.getParent());
        Files.writeString(planted, """
                package io.go4j.planted;

                import io.go4j.sync.Cond;

                class Planted {
                    void once(Cond cond) throws InterruptedException {
                        cond.await();
                    }
                }
                """);
        List<String> findings = findings(out.resolve("src"));
        assertEquals(1, findings.size(), String.join("\n", findings));
        assertTrue(findings.get(0).contains("[CondAwaitOutsideLoop]"), findings.get(0));
    }

    private void assertNoFinding(Path sources) throws IOException {
        assertTrue(Files.isDirectory(sources), sources + " is not a directory: run from go4j-vet's directory");
        List<String> findings = findings(sources);
        assertEquals(List.of(), findings, findings.size() + " findings:\n" + String.join("\n", findings));
    }

    /** Compiles every class under {@code sources} (module-info aside) with the plugin; returns the errors and the checks' findings. */
    private List<String> findings(Path sources) throws IOException {
        sources = sources.toAbsolutePath().normalize();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(sources)) {
            files = walk.filter(p -> p.toString().endsWith(".java") && !p.endsWith("module-info.java")).sorted().toList();
        }
        assertFalse(files.isEmpty(), "no sources under " + sources);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String classPath = System.getProperty("java.class.path");
        List<String> options = List.of(
                "-d", out.resolve("classes").toString(),
                "-classpath", classPath,
                "-processorpath", classPath,
                "--release", "21",
                "-proc:none",
                "-XDcompilePolicy=simple",
                "--should-stop=ifError=FLOW",
                "-Xplugin:ErrorProne -XepDisableAllChecks "
                        + PluginTest.CHECKS.stream().map(c -> "-Xep:" + c + ":ERROR").collect(Collectors.joining(" ")));
        List<String> findings = new ArrayList<>();
        try (StandardJavaFileManager fm = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            boolean ok = javac.getTask(null, fm, diagnostics, options, null, fm.getJavaFileObjectsFromPaths(files)).call();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                String message = d.getMessage(Locale.ROOT);
                boolean check = PluginTest.CHECKS.stream().anyMatch(c -> message.contains("[" + c + "]"));
                if (d.getKind() == Diagnostic.Kind.ERROR || check) {   // a compile error, or a check's finding
                    String file = d.getSource() == null ? "?" : sources.relativize(Path.of(d.getSource().toUri())).toString();
                    findings.add(file + ":" + d.getLineNumber() + ": " + message);
                }
            }
            assertTrue(ok || !findings.isEmpty(), "javac failed without a diagnostic");
        }
        return findings;
    }
}
