package io.go4j.context;

import io.go4j.Chan;
import io.go4j.Select;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static io.go4j.Go.go;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Javadoc examples of io.go4j.context, run, with their printed output checked (Go's
 * {@code Example...} functions with {@code // Output:}); the last test checks that every
 * example in the package's Javadoc appears here verbatim.
 */
class ContextExamplesTest {

    private static final Path SOURCES = Path.of("src/main/java/io/go4j/context");
    private static final Path THIS = Path.of("src/test/java/io/go4j/context/ContextExamplesTest.java");

    interface Example {
        void run() throws Exception;
    }

    static void assertPrints(String expected, Example example) throws Exception {
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

    @Test
    @DisplayName("Context: work done before the timeout wins the select")
    void exampleContext() throws Exception {
        assertPrints("work done\n", () -> {
            Chan<String> results = Chan.make();
            try (var ctx = Context.withTimeout(Context.background(), Duration.ofSeconds(5))) {
                go(() -> results.send("work done"));
                String outcome = Select.select(
                        Select.recv(results, v -> v),
                        Select.recv(ctx.done(), v -> "gave up: " + ctx.err().getMessage()));
                System.out.println(outcome);   // work done
            }
        });
    }

    @Test
    @DisplayName("CancelContext: cancel sets err")
    void exampleCancelContext() throws Exception {
        assertPrints("null\nio.go4j.context.Canceled: context canceled\n", () -> {
            try (var ctx = Context.withCancel(Context.background())) {
                System.out.println(ctx.err());   // null
                ctx.cancel();
                System.out.println(ctx.err());   // io.go4j.context.Canceled: context canceled
            }
        });
    }

    @Test
    @DisplayName("CancelCauseContext: err is Canceled, cause is the given one")
    void exampleCancelCauseContext() throws Exception {
        assertPrints("context canceled\nshutting down\n", () -> {
            var ctx = Context.withCancelCause(Context.background());
            ctx.cancel(new IllegalStateException("shutting down"));
            System.out.println(ctx.err().getMessage());                  // context canceled
            System.out.println(Context.cause(ctx).getMessage());         // shutting down
        });
    }

    @Test
    @DisplayName("Canceled: the one value, with Go's message")
    void exampleCanceled() throws Exception {
        assertPrints("true\ncontext canceled\n", () -> {
            var ctx = Context.withCancel(Context.background());
            ctx.cancel();
            System.out.println(ctx.err() == Canceled.INSTANCE);   // true
            System.out.println(ctx.err().getMessage());           // context canceled
        });
    }

    @Test
    @DisplayName("DeadlineExceeded: the one value, with Go's message")
    void exampleDeadlineExceeded() throws Exception {
        assertPrints("true\ncontext deadline exceeded\n", () -> {
            try (var ctx = Context.withTimeout(Context.background(), Duration.ofMillis(1))) {
                ctx.done().recv();                                     // waits for the deadline
                System.out.println(ctx.err() == DeadlineExceeded.INSTANCE);   // true
                System.out.println(ctx.err().getMessage());           // context deadline exceeded
            }
        });
    }

    @Test
    @DisplayName("StopFunc: the first stop prevents f")
    void exampleStopFunc() throws Exception {
        assertPrints("true\nfalse\n", () -> {
            try (var ctx = Context.withCancel(Context.background())) {
                StopFunc stop = Context.afterFunc(ctx, () -> System.out.println("never printed"));
                System.out.println(stop.stop());   // true: f will not run
                System.out.println(stop.stop());   // false: already stopped
            }
        });
    }

    @Test
    @DisplayName("SignalContext: work drains after the context is cancelled")
    void exampleSignalContext() throws Exception {
        assertPrints("draining: context canceled\n", () -> {
            try (var ctx = SignalContext.notifyContext(Context.background(), Duration.ofSeconds(5));
                 var work = ctx.startWork()) {
                serveUntil(ctx);                        // returns once ctx.done() is closed
                System.out.println("draining: " + ctx.err().getMessage());   // draining: context canceled
            }                                           // the shutdown proceeds once work is closed
        });
    }

    /** Stands in for a server: here the "signal" is a cancel, so the example runs in-process. */
    private static void serveUntil(SignalContext ctx) {
        ctx.cancel();
        ctx.done().recv();
    }

    @Test
    @DisplayName("SignalContext.Work: a registration closed by try-with-resources")
    void exampleSignalContextWork() throws Exception {
        assertPrints("working\n", () -> {
            var ctx = SignalContext.notifyContext(Context.background());
            try (var work = ctx.startWork()) {
                System.out.println("working");   // working
            }
            ctx.cancel();
        });
    }

    @Test
    @DisplayName("every Javadoc example of io.go4j.context appears verbatim in this file")
    void everyJavadocExampleIsHere() throws IOException {
        List<String> here = Files.readAllLines(THIS).stream().map(String::strip).toList();
        int examples = 0;
        try (Stream<Path> files = Files.list(SOURCES)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                for (List<String> block : blocks(Files.readAllLines(f))) {
                    examples++;
                    assertTrue(java.util.Collections.indexOfSubList(here, block) >= 0,
                            f.getFileName() + ": example not found verbatim in ContextExamplesTest:\n"
                                    + String.join("\n", block));
                }
            }
        }
        assertTrue(examples >= 8, "found " + examples + " examples");
    }

    /** The code lines (stripped, imports and blank lines dropped) of each pre-code block. */
    private static List<List<String>> blocks(List<String> lines) {
        List<List<String>> out = new ArrayList<>();
        List<String> cur = null;
        for (String line : lines) {
            String t = line.strip();
            t = t.startsWith("*") ? t.substring(1).strip() : t;
            if (t.equals("<pre>{@code")) {
                cur = new ArrayList<>();
            } else if (cur != null && t.equals("}</pre>")) {
                out.add(cur);
                cur = null;
            } else if (cur != null && !t.isEmpty() && !t.startsWith("import ")) {
                cur.add(t);
            }
        }
        return out;
    }
}
