package io.go4j.logging;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM run by a test, to its end and bounded: this JVM's java, its output in files (a chatty
 * child cannot block on a full pipe), a child still running after {@link #WAIT} killed and the
 * test failed with what it printed. (go4j-debug's tests have the same in their own test sources.)
 */
final class ChildJvm {
    static final Duration WAIT = Duration.ofSeconds(60);

    /**
     * What a child did.
     *
     * @param exit   its exit status
     * @param stdout its standard output, {@code \n} line ends
     * @param stderr its standard error, {@code \n} line ends
     */
    record Result(int exit, String stdout, String stderr) {
        String describe() {
            return "exit " + exit + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        }
    }

    private ChildJvm() {}

    /** Runs {@code java options... main} and returns what it did. */
    static Result run(List<String> options, String main) throws IOException, InterruptedException {
        Path out = Files.createTempFile("go4j-child", ".out");
        Path err = Files.createTempFile("go4j-child", ".err");
        try {
            List<String> command = new ArrayList<>();
            command.add(ProcessHandle.current().info().command().orElseThrow());
            command.addAll(options);
            command.add(main);
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            p.getOutputStream().close();
            if (!p.waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly().waitFor(WAIT.toMillis(), TimeUnit.MILLISECONDS);
                throw new AssertionError("the child did not end within " + WAIT + ": " + command
                        + "\n--- stdout:\n" + read(out) + "\n--- stderr:\n" + read(err));
            }
            return new Result(p.exitValue(), read(out), read(err));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    private static String read(Path file) throws IOException {
        return Files.readString(file, StandardCharsets.UTF_8).replace(System.lineSeparator(), "\n");
    }
}
