package io.go4j.logging;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.debug.Deadlocks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * go4j's fatal reports under {@code -Dgo4j.log=system}, through System.Logger
 * (slf4j-jdk-platform-logging) to Logback, in child JVMs: a global deadlock can only happen in a
 * JVM with no other thread (surefire's own threads keep this one from ever being all asleep), and
 * the report must be written before the process ends.
 */
class DeadlockLoggingTest {
    private static final Duration WAIT = Duration.ofSeconds(60);

    /** A child: main and a goroutine wait for ever on channels nobody else holds; the watcher's defaults. */
    public static final class GlobalDeadlock {
        public static void main(String[] args) {
            Deadlocks.start(Deadlocks.Options.defaults().withInterval(Duration.ofMillis(50)));
            Chan<Integer> never = Chan.make();
            Chan<Integer> neverEither = Chan.make();
            Go.go(() -> neverEither.send(1));
            never.recv();
        }
    }

    /** A child: main calls goexit with no goroutine left, Go's "no goroutines" fatal error. */
    public static final class MainGoexit {
        public static void main(String[] args) {
            Go.goexit();
        }
    }

    private record Child(int exit, String stdout, String stderr) {
        String describe() {
            return "exit " + exit + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        }
    }

    @Test
    @DisplayName("under go4j.log=system the watcher's default output logs a global deadlock to io.go4j.deadlock, written before the process halts with status 2")
    void aGlobalDeadlockIsLoggedBeforeTheHalt() throws Exception {
        Child c = run(GlobalDeadlock.class);
        assertEquals(2, c.exit(), c::describe);
        assertTrue(c.stdout().contains("LOGBACK ERROR io.go4j.deadlock - fatal error: all goroutines are asleep - deadlock!\n"),
                c::describe);
        assertTrue(c.stdout().contains("[chan receive"), () -> "the goroutine dump is in the message: " + c.describe());
        assertFalse(c.stderr().contains("fatal error"), c::describe);
    }

    @Test
    @DisplayName("under go4j.log=system main's goexit with no goroutine left logs Go's fatal error to io.go4j, then exits with status 2")
    void mainsGoexitFatalErrorIsLogged() throws Exception {
        Child c = run(MainGoexit.class);
        assertEquals(2, c.exit(), c::describe);
        assertTrue(c.stdout().contains(
                "LOGBACK ERROR io.go4j - fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n"), c::describe);
        assertFalse(c.stderr().contains("fatal error"), c::describe);
    }

    /** Runs {@code main} in a child JVM on this class path with go4j.log=system and logback-child.xml (bounded). */
    private static Child run(Class<?> main) throws IOException, InterruptedException {
        Path out = Files.createTempFile("go4j-child", ".out");
        Path err = Files.createTempFile("go4j-child", ".err");
        try {
            List<String> command = new ArrayList<>(List.of(
                    ProcessHandle.current().info().command().orElseThrow(),
                    "-cp", System.getProperty("java.class.path"),
                    "-Dgo4j.log=system",
                    "-Dlogback.configurationFile=logback-child.xml",
                    main.getName()));
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                throw new AssertionError("the child did not end within " + WAIT + ":\n" + Files.readString(out)
                        + "\n--- stderr:\n" + Files.readString(err));
            }
            return new Child(p.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
