package io.go4j.race;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

/**
 * Child runs a corpus program in a child JVM under the agent jar (the shaded one the build made),
 * on this JVM's class path minus the module's own classes, so the agent's classes come from the
 * jar alone. Every wait is bounded: a child that does not end in {@link #BOUND_SECONDS} fails the
 * test (as go4j-debug's ChildJvm does).
 */
final class Child {
    static final long BOUND_SECONDS = 60;

    record Result(int exit, String stdout, String stderr) {
        /** Returns how many race reports stderr holds. */
        int races() {
            return (int) stderr.lines().filter("WARNING: DATA RACE"::equals).count();
        }
    }

    private Child() {}

    static Path agentJar() {
        String jar = System.getProperty("go4j.race.jar");
        if (jar == null || !Files.isRegularFile(Path.of(jar))) {
            throw new AssertionError("no agent jar at " + jar + ": the tests run in the package phase (./mvnw package)");
        }
        return Path.of(jar);
    }

    static String classPath() {
        String own = System.getProperty("go4j.race.classes");
        return Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(e -> own == null || !Path.of(e).toAbsolutePath().equals(Path.of(own).toAbsolutePath()))
                .collect(Collectors.joining(File.pathSeparator));
    }

    static Result run(Class<?> main, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        return run(main, classPath(), jvmOptions, args);
    }

    static Result run(Class<?> main, String classPath, List<String> jvmOptions, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(ProcessHandle.current().info().command().orElseThrow());
        cmd.add("-javaagent:" + agentJar());
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-cp", classPath, main.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile("race-out", ".txt");
        Path err = Files.createTempFile("race-err", ".txt");
        try {
            ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
            pb.environment().remove("GORACE");
            Process p = pb.start();
            if (!p.waitFor(BOUND_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly().waitFor(BOUND_SECONDS, TimeUnit.SECONDS);
                throw new AssertionError(main.getName() + " did not end in " + BOUND_SECONDS + " s; stderr:\n"
                        + Files.readString(err, StandardCharsets.UTF_8));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Returns the source lines of {@code main} marked {@code // RACE}, as {@code File.java:N}. */
    static List<String> markedLines(Class<?> main) throws IOException {
        Path src = Path.of("src/test/java", main.getName().replace('.', '/') + ".java");
        List<String> lines = Files.readAllLines(src);
        List<String> marked = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).contains("// RACE")) {
                marked.add(main.getName().replace('.', '/') + ".java:" + (i + 1));
            }
        }
        return marked;
    }
}
