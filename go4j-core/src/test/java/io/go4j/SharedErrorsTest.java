package io.go4j;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Throwable that go4j-core keeps in a static final field is shared by every goroutine that
 * throws or returns it, so nothing may be recorded on it: the JDK must ignore addSuppressed
 * (which a try-with-resources calls when close() throws) and setStackTrace on it.
 */
class SharedErrorsTest {

    private static final Path CLASSES = Path.of("target/classes");

    @Test
    @DisplayName("every Throwable held in a static final field of go4j-core ignores addSuppressed and setStackTrace")
    void sharedThrowablesRecordNothing() throws Exception {
        List<Field> shared = sharedThrowableFields();
        assertTrue(shared.stream().anyMatch(f -> f.getDeclaringClass().getSimpleName().equals("Canceled")),
                "the scan must find context.Canceled.INSTANCE; found " + shared);
        StackTraceElement[] trace = new Throwable().getStackTrace();
        for (Field f : shared) {
            f.setAccessible(true);
            Throwable t = (Throwable) f.get(null);
            if (t == null) {
                continue;
            }
            t.addSuppressed(new IllegalStateException("recorded on a shared value"));
            t.setStackTrace(trace);
            String where = f.getDeclaringClass().getName() + "." + f.getName();
            assertEquals(0, t.getSuppressed().length, where + " records suppressed exceptions");
            assertEquals(0, t.getStackTrace().length, where + " records a stack trace");
        }
    }

    /** The static final fields of a Throwable type declared by any class of go4j-core. */
    private static List<Field> sharedThrowableFields() throws IOException, ClassNotFoundException {
        List<Field> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(CLASSES)) {
            for (Path p : (Iterable<Path>) files.filter(f -> f.toString().endsWith(".class"))::iterator) {
                String name = CLASSES.relativize(p).toString().replace(".class", "").replace('/', '.');
                if (name.endsWith("module-info")) {
                    continue;
                }
                Class<?> c = Class.forName(name, false, SharedErrorsTest.class.getClassLoader());
                for (Field f : c.getDeclaredFields()) {
                    int m = f.getModifiers();
                    if (Modifier.isStatic(m) && Modifier.isFinal(m) && Throwable.class.isAssignableFrom(f.getType())) {
                        out.add(f);
                    }
                }
            }
        }
        return out;
    }
}
