package io.go4j;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * ExampleOutput runs a Javadoc example with standard output captured and checks what it printed,
 * as Go's {@code Example...} functions check {@code // Output:}. Shared by every package's
 * examples test.
 */
public final class ExampleOutput {

    /** An example's body. */
    @FunctionalInterface
    public interface Example {
        void run() throws Exception;
    }

    private ExampleOutput() {}

    /** Runs {@code example} and asserts it printed exactly {@code expected} (line ends as "\n"). */
    public static void assertPrints(String expected, Example example) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, UTF_8));
        try {
            example.run();
        } finally {
            System.setOut(stdout);
        }
        assertEquals(expected, captured.toString(UTF_8).replace(System.lineSeparator(), "\n"));
    }
}
