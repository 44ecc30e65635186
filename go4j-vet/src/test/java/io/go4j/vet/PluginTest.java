package io.go4j.vet;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The plugin as a build uses it: javac with {@code -Xplugin:ErrorProne} and go4j-vet on the processor
 * path, the checks found through the service loader (which CompilationTestHelper bypasses), each
 * made an error as go4j's own builds do (the root pom's go4j.vet.checks).
 */
class PluginTest {

    /** Every check, by the name that -Xep: and @SuppressWarnings use. */
    static final List<String> CHECKS = List.of("LostCancel", "WaitGroupAddInGoroutine", "UnbufferedSendMayLeak",
            "TimeAfterInLoop", "UnbalancedLock", "CondAwaitOutsideLoop", "SelectOnNilChannels", "ContainedContext");

    @TempDir
    Path out;

    @Test
    void aPlantedBadExampleFailsCompilationWithOneErrorPerCheck() throws Exception {
        List<Diagnostic<? extends JavaFileObject>> errors = new ArrayList<>();
        boolean compiled = compile("Leaky.java", errors);

        assertFalse(compiled, "the planted bad example compiled");
        Map<String, List<Long>> linesByCheck = new TreeMap<>();
        for (Diagnostic<? extends JavaFileObject> d : errors) {
            String message = d.getMessage(Locale.ROOT);
            assertEquals(Diagnostic.Kind.ERROR, d.getKind(), describe(errors));
            assertTrue(message.startsWith("["), () -> "not a check's error: " + message);
            String check = message.substring(1, message.indexOf(']'));
            linesByCheck.computeIfAbsent(check, c -> new ArrayList<>()).add(d.getLineNumber());
        }
        assertEquals(CHECKS.stream().sorted().toList(), List.copyOf(linesByCheck.keySet()), describe(errors));
        linesByCheck.forEach((check, lines) -> assertEquals(1, lines.size(),
                () -> check + " reported " + lines.size() + " times, on lines " + lines + ":\n" + describe(errors)));
        // Each error is on the line that the planted source marks with the check's name.
        List<String> source = Files.readAllLines(planted("Leaky.java"));
        linesByCheck.forEach((check, lines) -> {
            int line = (int) (long) lines.get(0);
            assertTrue(source.get(line - 1).contains(check) || source.get(line - 2).contains(check),
                    check + " reported on line " + line + ": " + source.get(line - 1));
        });
        assertTrue(describe(errors).contains("[LostCancel] child is not cancelled on all paths (possible context leak)"),
                describe(errors));
    }

    @Test
    void theSameProgramsWrittenAsGoVetWantsThemCompileClean() throws Exception {
        List<Diagnostic<? extends JavaFileObject>> errors = new ArrayList<>();
        boolean compiled = compile("Clean.java", errors);

        assertTrue(compiled, describe(errors));
        assertEquals(List.of(), errors, describe(errors));
    }

    /** The modules whose builds compile main and test sources with the checks (go4j-core: Go4jCoreSourcesTest). */
    static final List<String> VETTED_MODULES = List.of("go4j-debug", "go4j-test", "go4j-trace", "go4j-http",
            "go4j-otel", "go4j-logging", "go4j-examples", "go4j-sched", "go4j-race",
            "go4j-concurrency-tests", "benchmarks");

    @Test
    void everyCheckIsRegisteredAndGo4jsOwnBuildsMakeEachAnError() throws Exception {
        List<String> registered = Files.readAllLines(Path.of(
                "src/main/resources/META-INF/services/com.google.errorprone.bugpatterns.BugChecker"));
        assertEquals(CHECKS.stream().map(c -> "io.go4j.vet." + c).toList(), registered);

        String rootPom = Files.readString(Path.of("../pom.xml"));
        String checks = rootPom.substring(rootPom.indexOf("<go4j.vet.checks>"), rootPom.indexOf("</go4j.vet.checks>"));
        for (String check : CHECKS) {
            assertTrue(checks.contains("-Xep:" + check + ":ERROR"), "go4j.vet.checks does not make " + check + " an error");
        }
        for (String module : VETTED_MODULES) {
            String pom = Files.readString(Path.of("../" + module + "/pom.xml"));
            assertTrue(pom.contains("<arg>-Xplugin:ErrorProne ${go4j.vet.checks}</arg>"), module + " does not run the checks");
            assertTrue(pom.contains("<artifactId>go4j-vet</artifactId>"), module + " does not put go4j-vet on its processor path");
        }
    }

    /** Compiles one planted file with the plugin; collects the errors and warnings. */
    private boolean compile(String file, List<Diagnostic<? extends JavaFileObject>> problems) throws Exception {
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
        String classPath = System.getProperty("java.class.path");
        List<String> options = List.of(
                "-d", out.toString(),
                "-classpath", classPath,
                "-processorpath", classPath,
                "-XDcompilePolicy=simple",
                "--should-stop=ifError=FLOW",
                "-Xplugin:ErrorProne -XepDisableAllChecks "
                        + CHECKS.stream().map(c -> "-Xep:" + c + ":ERROR").collect(Collectors.joining(" ")));
        try (StandardJavaFileManager files = javac.getStandardFileManager(diagnostics, Locale.ROOT, null)) {
            Iterable<? extends JavaFileObject> units = files.getJavaFileObjects(planted(file).toFile());
            boolean ok = javac.getTask(null, files, diagnostics, options, null, units).call();
            for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
                if (d.getKind() == Diagnostic.Kind.ERROR || d.getKind() == Diagnostic.Kind.WARNING
                        || d.getKind() == Diagnostic.Kind.MANDATORY_WARNING) {
                    problems.add(d);
                }
            }
            return ok;
        }
    }

    private static Path planted(String file) throws URISyntaxException, IOException {
        var url = PluginTest.class.getResource("/planted/" + file);
        if (url == null) {
            throw new IOException("test resource planted/" + file + " is missing");
        }
        return Path.of(url.toURI());
    }

    private static String describe(List<Diagnostic<? extends JavaFileObject>> ds) {
        return ds.stream().map(d -> d.getLineNumber() + ": " + d.getMessage(Locale.ROOT))
                .collect(Collectors.joining("\n"));
    }
}
