package io.go4j.logging;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.debug.Deadlocks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.List;

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

    @Test
    @DisplayName("under go4j.log=system the watcher's default output logs a global deadlock to io.go4j.deadlock, written before the process halts with status 2")
    void aGlobalDeadlockIsLoggedBeforeTheHalt() throws Exception {
        ChildJvm.Result c = run(GlobalDeadlock.class);
        assertEquals(2, c.exit(), c::describe);
        assertTrue(c.stdout().contains("LOGBACK ERROR io.go4j.deadlock - fatal error: all goroutines are asleep - deadlock!\n"),
                c::describe);
        assertTrue(c.stdout().contains("[chan receive"), () -> "the goroutine dump is in the message: " + c.describe());
        assertFalse(c.stderr().contains("fatal error"), c::describe);
    }

    @Test
    @DisplayName("under go4j.log=system main's goexit with no goroutine left logs Go's fatal error to io.go4j, then exits with status 2")
    void mainsGoexitFatalErrorIsLogged() throws Exception {
        ChildJvm.Result c = run(MainGoexit.class);
        assertEquals(2, c.exit(), c::describe);
        assertTrue(c.stdout().contains(
                "LOGBACK ERROR io.go4j - fatal error: no goroutines (main called runtime.Goexit) - deadlock!\n"), c::describe);
        assertFalse(c.stderr().contains("fatal error"), c::describe);
    }

    /** Runs {@code main} in a child JVM on this class path with go4j.log=system and logback-child.xml. */
    private static ChildJvm.Result run(Class<?> main) throws IOException, InterruptedException {
        return ChildJvm.run(List.of("-cp", System.getProperty("java.class.path"), "-Dgo4j.log=system",
                "-Dlogback.configurationFile=logback-child.xml"), main.getName());
    }
}
