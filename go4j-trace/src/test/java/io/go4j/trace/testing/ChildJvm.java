package io.go4j.trace.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;

/**
 * ChildJvm runs a test's program in a child JVM (the java of this JVM), its output to files (a
 * chatty child cannot block on a full pipe), every wait bounded: a child that does not end, or
 * print what the test waits for, within {@link #BOUND} fails the test. Its standard input stays
 * open until {@link #await()}, so a child can serve until the test is done with it. And
 * {@link #agentJar} makes the agent jar a child is launched with.
 */
public final class ChildJvm implements AutoCloseable {
    /** Bound on anything a child JVM must do (start, run, print, end). */
    public static final Duration BOUND = Duration.ofSeconds(60);

    /** What a child did. */
    public record Result(int exit, String stdout, String stderr) {
        /** Returns the status and both outputs, for assertion messages. */
        public String describe() {
            return "exit " + exit + "\n--- stdout:\n" + stdout + "\n--- stderr:\n" + stderr;
        }

        /**
         * Returns the value of the child's line {@code name=value}, failing if it printed none.
         *
         * @param name the line's name
         * @return the value of its first such line
         */
        public String line(String name) {
            Matcher m = Pattern.compile("(?m)^" + Pattern.quote(name) + "=(.*)$").matcher(stdout);
            if (!m.find()) {
                throw new AssertionError("the child printed no " + name + "=...: " + describe());
            }
            return m.group(1);
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

    /**
     * Starts {@code java <options> <mainClass> <args>}, its output in {@code dir}.
     *
     * @param dir       where its stdout and stderr go ({@code child.out}, {@code child.err})
     * @param options   the JVM's options, its class or module path included
     * @param mainClass the main class's name
     * @param args      the program's arguments
     * @return the running child
     * @throws IOException if it cannot be started
     */
    public static ChildJvm start(Path dir, List<String> options, String mainClass, String... args) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command()
                .orElseThrow(() -> new AssertionError("cannot tell which java runs this test")));
        cmd.addAll(options);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "child", ".out");
        Path err = Files.createTempFile(dir, "child", ".err");
        Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        return new ChildJvm(p, out, err);
    }

    /**
     * Runs a child to its end (bounded); see {@link #start}.
     *
     * @return what it did
     */
    public static Result run(Path dir, List<String> options, String mainClass, String... args)
            throws IOException, InterruptedException {
        try (ChildJvm child = start(dir, options, mainClass, args)) {
            return child.await();
        }
    }

    /**
     * Waits (bounded) until the child prints a line {@code name=value}, and returns the value.
     * Fails if the child ends first.
     *
     * @param name the line's name
     * @return its value
     */
    public String awaitLine(String name) throws IOException, InterruptedException {
        Pattern line = Pattern.compile("(?m)^" + Pattern.quote(name) + "=(.*)\\R");
        long deadline = System.nanoTime() + BOUND.toNanos();
        while (true) {
            Matcher m = line.matcher(Files.readString(out, UTF_8));
            if (m.find()) {
                return m.group(1);
            }
            if (!process.isAlive() || System.nanoTime() - deadline > 0) {
                throw new AssertionError("the child printed no " + name + "=... line"
                        + (process.isAlive() ? " in " + BOUND : " before it ended") + ": " + result(-1).describe());
            }
            Thread.sleep(10);   // polling the file for a state, not waiting for time to pass
        }
    }

    /**
     * Closes the child's standard input and waits (bounded) for its end.
     *
     * @return what it did
     */
    public Result await() throws IOException, InterruptedException {
        process.getOutputStream().close();
        if (!process.waitFor(BOUND.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError("the child did not end in " + BOUND + ": " + result(-1).describe());
        }
        return result(process.exitValue());
    }

    private Result result(int exit) throws IOException {
        return new Result(exit, Files.readString(out, UTF_8), Files.readString(err, UTF_8));
    }

    /** Ends the child if it still runs. */
    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }

    /**
     * Returns a jar of {@code classes} whose manifest names {@code premain} as the
     * {@code Premain-Class}: {@code classes} itself when it is a jar with that manifest (a module
     * built before this one, from the local repository), else the classes directory packed into
     * {@code dir}, as the module's pom packs its jar after the tests (go4j-debug's
     * DeadlockAgentTest does the same).
     *
     * @param classes a module's jar or classes directory ({@link #location})
     * @param premain the name of its agent class
     * @param dir     where a packed jar goes
     * @return the jar
     */
    public static Path agentJar(Path classes, String premain, Path dir) throws IOException {
        if (Files.isRegularFile(classes)) {
            try (JarFile jar = new JarFile(classes.toFile())) {
                String named = Optional.ofNullable(jar.getManifest())
                        .map(m -> m.getMainAttributes().getValue("Premain-Class")).orElse(null);
                if (!premain.equals(named)) {
                    throw new AssertionError(classes + " does not name " + premain + " as its Premain-Class");
                }
            }
            return classes;
        }
        Manifest m = new Manifest();
        m.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        m.getMainAttributes().putValue("Premain-Class", premain);
        Path jar = Files.createTempFile(dir, "agent", ".jar");
        try (JarOutputStream o = new JarOutputStream(Files.newOutputStream(jar), m);
             Stream<Path> files = Files.walk(classes)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                o.putNextEntry(new ZipEntry(classes.relativize(f).toString().replace('\\', '/')));
                Files.copy(f, (OutputStream) o);
                o.closeEntry();
            }
        }
        return jar;
    }

    /**
     * Returns where {@code c}'s classes come from: a jar or a classes directory.
     *
     * @param c a class
     * @return its code source, as a path
     */
    public static Path location(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new AssertionError("no path for " + c, e);
        }
    }
}
