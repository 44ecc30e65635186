package io.go4j.debug.testing;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Exec is a child process started by a test: its output goes to files (a chatty child cannot
 * block on a full pipe), and every wait on it is bounded, failing the test with what the child
 * printed. The one way go4j-debug's tests run another program: child JVMs ({@link ChildJvm}),
 * Go ({@link GoTool}), the JDK's tools.
 */
public final class Exec implements AutoCloseable {
    /**
     * What a child did.
     *
     * @param exit   its exit status (-1 if it was still running when read)
     * @param stdout its standard output, {@code \n} line ends
     * @param stderr its standard error, {@code \n} line ends
     */
    public record Result(int exit, String stdout, String stderr) {
        /**
         * Returns a description for assertion messages.
         *
         * @return the status and both outputs
         */
        public String describe() {
            return "exit " + exit + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        }
    }

    private final List<String> command;
    private final Duration bound;
    private final Process process;
    private final Path out;
    private final Path err;

    private Exec(List<String> command, Duration bound, Process process, Path out, Path err) {
        this.command = command;
        this.bound = bound;
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /**
     * Starts {@code command}.
     *
     * @param command the program and its arguments
     * @param dir     its working directory, or null for this JVM's
     * @param env     variables to set (a null value removes one)
     * @param bound   how long any wait on it may take
     * @return the running child
     */
    public static Exec start(List<String> command, Path dir, Map<String, String> env, Duration bound) {
        try {
            Path out = Files.createTempFile("go4j-child", ".out");
            Path err = Files.createTempFile("go4j-child", ".err");
            ProcessBuilder pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            if (dir != null) {
                pb.directory(dir.toFile());
            }
            env.forEach((k, v) -> {
                if (v == null) {
                    pb.environment().remove(k);
                } else {
                    pb.environment().put(k, v);
                }
            });
            Process p = pb.start();
            p.getOutputStream().close();   // no input: a child that reads stdin sees its end
            return new Exec(List.copyOf(command), bound, p, out, err);
        } catch (IOException e) {
            return fail("cannot start " + String.join(" ", command), e);
        }
    }

    /**
     * Runs {@code command} to its end (bounded) and returns what it did.
     *
     * @param command the program and its arguments
     * @param dir     its working directory, or null for this JVM's
     * @param env     variables to set (a null value removes one)
     * @param bound   how long it may take
     * @return what it did, whatever its exit status
     */
    public static Result run(List<String> command, Path dir, Map<String, String> env, Duration bound) {
        try (Exec e = start(command, dir, env, bound)) {
            return e.await();
        }
    }

    /**
     * Waits (bounded) until the child has printed {@code text} on standard output.
     *
     * @param text what to wait for
     */
    public void awaitStdout(String text) {
        awaitOutput(out, "", text);
    }

    /**
     * Waits (bounded) until the child's standard error contains {@code text}.
     *
     * @param text what to wait for
     */
    public void awaitStderr(String text) {
        awaitOutput(err, " on stderr", text);
    }

    /**
     * Returns what the child has printed on standard output so far.
     *
     * @return the text
     */
    public String stdout() {
        return read(out);
    }

    /**
     * Returns whether the child is still running.
     *
     * @return true if it runs
     */
    public boolean alive() {
        return process.isAlive();
    }

    /**
     * Returns the child's process.
     *
     * @return the process
     */
    public Process process() {
        return process;
    }

    /**
     * Waits (bounded) for the child to end and returns what it did; fails the test, killing the
     * child, if it runs past the bound.
     *
     * @return what it did
     */
    public Result await() {
        try {
            if (!process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS)) {
                kill();
                fail(String.join(" ", command) + " did not end within " + bound + ": " + result(-1).describe());
            }
            return result(process.exitValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while waiting for " + String.join(" ", command));
        }
    }

    /**
     * Kills the child (and its descendants) if it still runs and returns what it did.
     *
     * @return what it did
     */
    public Result kill() {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        try {
            process.waitFor(bound.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return result(process.isAlive() ? -1 : process.exitValue());
    }

    /**
     * Returns what the child has printed so far, with {@code exit} as its status.
     *
     * @param exit the status to report
     * @return the result
     */
    public Result result(int exit) {
        return new Result(exit, read(out), read(err));
    }

    /** Kills the child if it still runs and deletes its output files. */
    @Override
    public void close() {
        kill();
        try {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        } catch (IOException e) {
            fail("cannot delete the child's output files", e);
        }
    }

    private void awaitOutput(Path file, String where, String text) {
        long deadline = System.nanoTime() + bound.toNanos();
        while (!read(file).contains(text)) {
            if (!process.isAlive()) {
                fail(String.join(" ", command) + " ended before printing \"" + text + "\"" + where + ": "
                        + result(process.exitValue()).describe());
            }
            if (System.nanoTime() - deadline > 0) {
                fail(String.join(" ", command) + " did not print \"" + text + "\"" + where + " within " + bound
                        + ": " + result(-1).describe());
            }
            try {
                Thread.sleep(20);   // polling a file: the bound, not this pause, decides the outcome
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted");
            }
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, UTF_8).replace(System.lineSeparator(), "\n");
        } catch (IOException e) {
            return fail("cannot read the child's output " + p, e);
        }
    }
}
