package io.go4j.logging;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * go4j-logging and Log4j 2 on the module path, in a child JVM: Log4j finds the context data
 * provider through the {@code provides} of go4j-logging's module-info (it does not read a named
 * module's {@code META-INF/services}), with nothing declared by the application.
 */
class Log4jModulePathTest {

    @Test
    @DisplayName("on the module path Log4j 2 gets the goroutine's keys from go4j-logging's provides, with nothing declared by the application")
    void onTheModulePathLog4jFindsTheProvider() throws Exception {
        String modulePath = System.getProperty("go4j.test.classes") + File.pathSeparator
                + Files.readString(Path.of(System.getProperty("go4j.test.log4jModulePath"))).strip();
        ChildJvm.Result c = ChildJvm.run(List.of(
                "-p", modulePath,
                "--add-modules", "io.go4j.logging,org.apache.logging.log4j.core",
                "-cp", System.getProperty("go4j.test.testClasses"),
                "-Dlog4j2.configurationFile=" + Path.of(System.getProperty("go4j.test.testClasses"), "log4j2-child.xml")),
                "io.go4j.logging.modulepath.ModulePathChild");
        assertEquals(0, c.exit(), c::describe);
        assertTrue(c.stdout().contains("go4j-logging is the named module io.go4j.logging\n"), c::describe);
        List<String> lines = c.stdout().lines().filter(l -> l.startsWith("LOG4J ")).toList();
        assertEquals(1, lines.size(), c::describe);
        String id = lines.get(0).substring(lines.get(0).lastIndexOf(' ') + 1);
        assertTrue(lines.get(0).matches("LOG4J goroutine=" + id + " creator=\\d+ request=r-mp from goroutine " + id),
                c::describe);
    }
}
