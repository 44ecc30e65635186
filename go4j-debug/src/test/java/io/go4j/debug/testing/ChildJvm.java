package io.go4j.debug.testing;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * ChildJvm starts a test's main class in a child JVM: the java of this JVM
 * ({@code ProcessHandle.current().info().command()}), by default on this JVM's class path, as an
 * {@link Exec} (output to files, every wait bounded). Tests need one where the question is about a
 * whole JVM: a global deadlock (the test runner's own threads keep the test JVM from ever being
 * all asleep), an agent attached to a process, a command line.
 */
public final class ChildJvm {
    /** Bound on anything a child JVM must do (start, run, print); reaching it fails the test. */
    public static final Duration BOUND = Duration.ofSeconds(60);

    private ChildJvm() {}

    /**
     * Returns the java command running this JVM.
     *
     * @return its path
     */
    public static String java() {
        return ProcessHandle.current().info().command()
                .orElseThrow(() -> new AssertionError("cannot tell which java runs this test"));
    }

    /**
     * Starts {@code main} with {@code args} on this JVM's class path, with {@code jvmArgs}.
     *
     * @param jvmArgs options for the child JVM
     * @param main    its main class
     * @param args    the program's arguments
     * @return the running child
     */
    public static Exec start(List<String> jvmArgs, Class<?> main, String... args) {
        List<String> options = new ArrayList<>(jvmArgs);
        options.addAll(List.of("-cp", System.getProperty("java.class.path")));
        return startWith(options, main.getName(), args);
    }

    /**
     * Starts {@code mainClass} with {@code args} and {@code jvmOptions}, which say where the
     * classes are ({@code -cp}, {@code --module-path}).
     *
     * @param jvmOptions options for the child JVM, its class or module path included
     * @param mainClass  its main class's name
     * @param args       the program's arguments
     * @return the running child
     */
    public static Exec startWith(List<String> jvmOptions, String mainClass, String... args) {
        List<String> cmd = new ArrayList<>(List.of(java()));
        cmd.addAll(jvmOptions);
        cmd.add(mainClass);
        cmd.addAll(List.of(args));
        return Exec.start(cmd, null, Map.of(), BOUND);
    }

    /**
     * Runs {@code main} to its end (bounded) on this JVM's class path and returns what it did.
     *
     * @param jvmArgs options for the child JVM
     * @param main    its main class
     * @param args    the program's arguments
     * @return what it did
     */
    public static Exec.Result run(List<String> jvmArgs, Class<?> main, String... args) {
        try (Exec child = start(jvmArgs, main, args)) {
            return child.await();
        }
    }
}
