package io.go4j.debug.deadlock;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * ChildJvm runs a test's main class in a child JVM on this JVM's class path, its output going to
 * files (a chatty child cannot block on a full pipe), with every wait bounded. The deadlock tests
 * need one: a global deadlock is about the whole JVM, and the test JVM's own threads (the test
 * runner's) keep it from ever being all asleep.
 */
final class ChildJvm implements AutoCloseable {
    /** Bound on anything a child must do; reaching it fails the test. */
    static final Duration BOUND = Duration.ofSeconds(30);

    /** What a child did. */
    record Result(int exit, String stdout, String stderr) {
        /** @return a description for assertion messages */
        String describe() {
            return "exit " + exit + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        }
    }

    private final Process process;
    private final Path out;
    private final Path err;

    private ChildJvm(Process process, Path out, Path err) {
        this.process = process;
        this.out = out;
        this.err = err;
    }

    /** Starts {@code main} with {@code args} in a child JVM with {@code jvmArgs}. */
    static ChildJvm start(List<String> jvmArgs, Class<?> main, String... args) {
        try {
            String java = ProcessHandle.current().info().command().orElseThrow(
                    () -> new AssertionError("cannot tell which java runs this test"));
            List<String> cmd = new ArrayList<>(List.of(java));
            cmd.addAll(jvmArgs);
            cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
            cmd.addAll(List.of(args));
            Path out = Files.createTempFile("go4j-child", ".out");
            Path err = Files.createTempFile("go4j-child", ".err");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            return new ChildJvm(p, out, err);
        } catch (IOException e) {
            return fail("cannot start a child JVM", e);
        }
    }

    /** Runs {@code main} to its end (bounded) and returns what it did. */
    static Result run(List<String> jvmArgs, Class<?> main, String... args) {
        try (ChildJvm c = start(jvmArgs, main, args)) {
            return c.await();
        }
    }

    /** Waits (bounded) until the child has printed {@code text} on standard output. */
    void awaitStdout(String text) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!read(out).contains(text)) {
            if (!process.isAlive()) {
                fail("child ended before printing \"" + text + "\": " + result(process.exitValue()).describe());
            }
            if (System.nanoTime() - deadline > 0) {
                fail("child did not print \"" + text + "\" within " + BOUND + ": " + result(-1).describe());
            }
            sleepBriefly();
        }
    }

    /** Waits (bounded) until the child's standard error contains {@code text}. */
    void awaitStderr(String text) {
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (!read(err).contains(text)) {
            if (!process.isAlive()) {
                fail("child ended before printing \"" + text + "\" on stderr: " + result(process.exitValue()).describe());
            }
            if (System.nanoTime() - deadline > 0) {
                fail("child did not print \"" + text + "\" on stderr within " + BOUND + ": " + result(-1).describe());
            }
            sleepBriefly();
        }
    }

    /** @return whether the child is still running */
    boolean alive() {
        return process.isAlive();
    }

    /** @return the child's process */
    Process process() {
        return process;
    }

    /** Waits (bounded) for the child to end and returns what it did. */
    Result await() {
        try {
            if (!process.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail("child JVM did not end within " + BOUND + ": " + result(-1).describe());
            }
            return result(process.exitValue());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return fail("interrupted while waiting for the child JVM");
        }
    }

    /** Kills the child if it still runs and returns what it did. */
    Result kill() {
        process.destroyForcibly();
        return await();
    }

    /** What the child has printed so far. */
    Result result(int exit) {
        return new Result(exit, read(out), read(err));
    }

    @Override
    public void close() {
        process.destroyForcibly();
        try {
            process.waitFor(BOUND.toMillis(), TimeUnit.MILLISECONDS);
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        } catch (IOException e) {
            fail("cannot delete the child's output files", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String read(Path p) {
        try {
            return Files.readString(p, UTF_8).replace(System.lineSeparator(), "\n");
        } catch (IOException e) {
            return fail("cannot read the child's output " + p, e);
        }
    }

    private static void sleepBriefly() {
        try {
            Thread.sleep(20);   // polling a file: the bound above, not this pause, decides the outcome
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted");
        }
    }
}
