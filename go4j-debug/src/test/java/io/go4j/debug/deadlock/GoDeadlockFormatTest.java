package io.go4j.debug.deadlock;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
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

    private static String go() {
        for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(d, "go");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return fail("`go` is not on the PATH: install Debian's golang-go (./go4j test does), then run again");
    }

    private ChildJvm.Result runProcess(Path outFile, Path errFile, String... cmd) throws IOException, InterruptedException {
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(dir.toFile())
                .redirectOutput(outFile.toFile()).redirectError(errFile.toFile());
        pb.environment().put("GO111MODULE", "off");
        if (!pb.environment().containsKey("GOCACHE") && !pb.environment().containsKey("HOME")
                && !pb.environment().containsKey("XDG_CACHE_HOME")) {
            // go needs a build cache; a fixed place keeps it warm between runs (a cold one takes minutes)
            pb.environment().put("GOCACHE", Path.of(System.getProperty("java.io.tmpdir"), "go4j-gocache").toString());
        }
        Process p = pb.start();
        if (!p.waitFor(ChildJvm.BOUND.toSeconds(), TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", cmd) + " did not end within " + ChildJvm.BOUND);
        }
        return new ChildJvm.Result(p.exitValue(), Files.readString(outFile, UTF_8), Files.readString(errFile, UTF_8));
    }

    @Test
    @DisplayName("the first two lines and the exit status match Go's for main blocked on a channel")
    void firstLinesAndStatusMatchGo() throws Exception {
        Files.writeString(dir.resolve("main.go"), GO_PROGRAM);
        ChildJvm.Result build = runProcess(dir.resolve("build.out"), dir.resolve("build.err"),
                go(), "build", "-o", "deadlock", "main.go");
        assertEquals(0, build.exit(), "go build: " + build.describe());
        ChildJvm.Result goRun = runProcess(dir.resolve("run.out"), dir.resolve("run.err"),
                dir.resolve("deadlock").toString());
        ChildJvm.Result javaRun = ChildJvm.run(List.of(), DeadlockScenarios.class, "chan", "defaults");

        assertEquals(goRun.exit(), javaRun.exit(), "exit status: Go " + goRun.describe() + "\nJava " + javaRun.describe());
        assertEquals(firstTwoLines(goRun.stderr()), firstTwoLines(javaRun.stderr()));
    }

    private static List<String> firstTwoLines(String s) {
        return s.lines().limit(2).toList();
    }
}
