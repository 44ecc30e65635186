package io.go4j.debug.deadlock;

import static io.go4j.debug.internal.deadlock.DeadlockWatcher.FATAL;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.debug.internal.deadlock.Agent;
import io.go4j.debug.testing.ChildJvm;
import io.go4j.debug.testing.Exec;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The agent starts the watcher in a program that never calls go4j-debug. The test packs
 * go4j-debug's compiled classes into a jar with the manifest attribute the module's pom gives the
 * real jar (checked here too), since the real jar is built after the tests.
 */
class DeadlockAgentTest {
    private static final String PREMAIN = "<Premain-Class>" + Agent.class.getName() + "</Premain-Class>";

    @TempDir
    Path dir;

    private Path agentJar() throws IOException {
        Path classes = Path.of(Agent.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Premain-Class", Agent.class.getName());
        Path jar = dir.resolve("go4j-debug-agent.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                out.putNextEntry(new ZipEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, (OutputStream) out);
                out.closeEntry();
            }
        }
        return jar;
    }

    @Test
    @DisplayName("go4j-debug's jar names the agent as its Premain-Class")
    void pomDeclaresTheAgent() throws IOException {
        assertTrue(Files.readString(Path.of("pom.xml")).contains(PREMAIN), "go4j-debug/pom.xml has " + PREMAIN);
    }

    @Test
    @DisplayName("with -javaagent a program that never calls go4j-debug gets Go's report and status 2")
    void agentReportsAndExits() throws IOException {
        Exec.Result r = ChildJvm.run(List.of("-javaagent:" + agentJar()), PlainDeadlockMain.class);
        assertEquals(2, r.exit(), r.describe());
        assertTrue(r.stderr().startsWith(FATAL + "\n\n"), r.describe());
    }

    @Test
    @DisplayName("an unknown agent argument stops the JVM with a message naming the choices")
    void agentRefusesUnknownAction() throws IOException {
        Exec.Result r = ChildJvm.run(List.of("-javaagent:" + agentJar() + "=sometimes"), PlainDeadlockMain.class);
        assertNotEquals(0, r.exit(), r.describe());
        assertTrue(r.stderr().contains("go4j: unknown deadlock action \"sometimes\" (want exit or report)"), r.describe());
    }
}
