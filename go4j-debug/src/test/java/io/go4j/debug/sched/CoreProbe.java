package io.go4j.debug.sched;

import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.debug.testing.Await;
import io.go4j.debug.testing.ChildJvm;
import io.go4j.internal.runtime.Hooks;
import java.io.IOException;
import java.lang.reflect.Field;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * CoreProbe holds what the scheduling-latency and JFR tests need to look at in the core: the
 * switchboard's listeners (null means the primitives pay nothing), sizes by the short/long switch,
 * joins bounded by {@link Await#LONG}, the JDK's {@code jfr} tool, and the examples' sources.
 */
public final class CoreProbe {
    private CoreProbe() {}

    /**
     * Returns {@code shortValue} in short mode, else {@code longValue}.
     *
     * @param shortValue the CI size
     * @param longValue  the developer's size
     * @return one of them
     */
    public static int pick(int shortValue, int longValue) {
        return Await.shortMode() ? shortValue : longValue;
    }

    /**
     * Returns the core's goroutine listener (the switchboard's field), null when no one listens.
     *
     * @return the listener, or null
     */
    public static Object coreGoroutineListener() {
        return field("goroutines");
    }

    /**
     * Returns the core's contention listener, null when no one listens.
     *
     * @return the listener, or null
     */
    public static Object coreContentionListener() {
        return field("contention");
    }

    private static Object field(String name) {
        try {
            Field f = Hooks.class.getDeclaredField(name);
            f.setAccessible(true);
            return f.get(null);
        } catch (ReflectiveOperationException e) {
            throw new AssertionError("go4j-core's Hooks has no field " + name + " any more: update this probe", e);
        }
    }

    /**
     * Joins {@code t}, failing if it has not ended within {@link Await#LONG}.
     *
     * @param t the thread
     */
    public static void join(Thread t) {
        try {
            if (!t.join(Await.LONG)) {
                fail("thread " + t + " did not end within " + Await.LONG);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            fail("interrupted while joining " + t);
        }
    }

    /**
     * Returns the {@code jfr} tool of the JDK running the tests; fails if it has none.
     *
     * @return its path
     */
    public static Path jfrCommand() {
        Path jfr = Path.of(ChildJvm.java()).resolveSibling("jfr");
        if (!Files.isExecutable(jfr)) {
            fail("the running JDK has no jfr tool at " + jfr + " (a JRE or a jlinked runtime?)");
        }
        return jfr;
    }

    /**
     * Returns the code of the first {@code <pre>{@code ...}</pre>} block of a main source file
     * of go4j-debug, without its {@code import} lines and the blank lines after them, and without
     * the Javadoc margin.
     *
     * @param type a public type of go4j-debug
     * @return the example's lines
     * @throws IOException if the source cannot be read
     */
    public static List<String> javadocExample(Class<?> type) throws IOException {
        Path source = Path.of("src/main/java", type.getName().replace('.', '/') + ".java");
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : Files.readAllLines(source)) {
            String text = line.replaceFirst("^\\s*\\* ?", "");
            if (!in && text.trim().equals("<pre>{@code")) {
                in = true;
            } else if (in && text.trim().equals("}</pre>")) {
                return out;
            } else if (in && !(text.startsWith("import ") || (text.isBlank() && out.isEmpty()))) {
                out.add(text);
            }
        }
        return fail("no <pre>{@code ...}</pre> example in " + source);
    }

    /**
     * Returns the lines of a test source between {@code // example:NAME} and
     * {@code // end example}, without their common indentation.
     *
     * @param test the test class (its source is read)
     * @param name the example's name
     * @return the region's lines
     * @throws IOException if the source cannot be read
     */
    public static List<String> exampleRegion(Class<?> test, String name) throws IOException {
        Path source = Path.of("src/test/java", test.getName().replace('.', '/') + ".java");
        List<String> out = new ArrayList<>();
        boolean in = false;
        int indent = -1;
        for (String line : Files.readAllLines(source)) {
            if (line.trim().equals("// example:" + name)) {
                in = true;
                indent = line.indexOf('/');
            } else if (in && line.trim().equals("// end example")) {
                return out;
            } else if (in) {
                out.add(line.length() >= indent ? line.substring(indent) : line.strip());
            }
        }
        return fail("no // example:" + name + " region in " + source);
    }
}
