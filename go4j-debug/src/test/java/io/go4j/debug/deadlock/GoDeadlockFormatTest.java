package io.go4j.debug.deadlock;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.debug.testing.ChildJvm;
import io.go4j.debug.testing.Exec;
import io.go4j.debug.testing.GoTool;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The report's first lines and the exit status are Go's: the same program shape (main receives
 * from a channel nobody sends on) is built with the real {@code go} (Debian's golang-go, which
 * {@code ./go4j test} installs) and both outputs are compared.
 */
class GoDeadlockFormatTest {
    private static final String GO_PROGRAM = """
            package main

            func main() {
            	c := make(chan int)
            	<-c
            }
            """;

    @TempDir
    Path dir;

    @Test
    @DisplayName("the first two lines and the exit status match Go's for main blocked on a channel")
    void firstLinesAndStatusMatchGo() throws Exception {
        Files.writeString(dir.resolve("main.go"), GO_PROGRAM);
        Path binary = GoTool.build(dir, "deadlock");
        Exec.Result goRun = Exec.run(List.of(binary.toString()), dir, Map.of(), ChildJvm.BOUND);
        Exec.Result javaRun = ChildJvm.run(List.of(), DeadlockScenarios.class, "chan", "defaults");

        assertEquals(goRun.exit(), javaRun.exit(), "exit status: Go " + goRun.describe() + "\nJava " + javaRun.describe());
        assertEquals(firstTwoLines(goRun.stderr()), firstTwoLines(javaRun.stderr()));
    }

    private static List<String> firstTwoLines(String s) {
        return s.lines().limit(2).toList();
    }
}
