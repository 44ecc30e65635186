package io.go4j.debug.pprof;

import static org.junit.jupiter.api.Assertions.*;

import io.go4j.Chan;
import io.go4j.Go;
import io.go4j.debug.Profile;
import io.go4j.debug.Profiling;
import io.go4j.debug.testing.GoTool;
import io.go4j.time.Time;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The example of {@link Profiling}'s class comment, run as written. */
@DisplayName("Profiling's example")
class ProfilingExampleTest {

    @TempDir
    Path dir;

    @Test
    @DisplayName("records a blocking receive that go tool pprof -top then shows")
    void example() throws Exception {
        Runnable work = () -> {
            Chan<String> ch = Chan.make();
            Go.go(() -> {
                Time.sleep(Duration.ofMillis(10));   // so that the receive does block (not only spin)
                ch.send("done");
            });
            ch.recv();
        };
        // the example, as in the class comment:
        Profiling.setBlockProfileRate(1);
        work.run();
        try (OutputStream out = Files.newOutputStream(dir.resolve("block.pb.gz"))) {
            Profile.lookup("block").writeTo(out, 0);
        }
        Profiling.setBlockProfileRate(0);

        String javadoc = Files.readString(Path.of("src/main/java/io/go4j/debug/Profiling.java"));
        assertTrue(javadoc.contains("""
                 * Profiling.setBlockProfileRate(1);
                 * work.run();
                 * try (OutputStream out = Files.newOutputStream(dir.resolve("block.pb.gz"))) {
                 *     Profile.lookup("block").writeTo(out, 0);
                 * }
                 * Profiling.setBlockProfileRate(0);
                """), "the class comment shows this test's code");
        String top = GoTool.pprof(dir.resolve("block.pb.gz"), "-top", "-nodefraction=0", "-nodecount=100000");
        assertTrue(top.contains("io.go4j.debug.pprof.ProfilingExampleTest.lambda$example$0"), "the receive:\n" + top);
    }
}
