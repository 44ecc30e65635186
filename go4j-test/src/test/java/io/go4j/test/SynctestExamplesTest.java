package io.go4j.test;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.context.CancelContext;
import io.go4j.context.Context;
import io.go4j.time.Time;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The examples of Synctest's Javadoc and of the README's "Virtual time" section, run: the code
 * between {@code // example:NAME} and {@code // end} is the snippet verbatim, and
 * {@link #theSnippetsAreTheTestedCode} checks that they agree.
 */
@Timeout(60)
class SynctestExamplesTest {

    @Test
    @DisplayName("Synctest's Javadoc example: a ten-minute context timeout, observed just before and at its deadline")
    @SuppressWarnings("LostCancel")   // the Javadoc's example, verbatim: its context expires, which the example shows
    void exampleSynctest() throws Exception {
        assertPrints("before the deadline: null\nat the deadline: context deadline exceeded\nfake time passed: PT10M\n",
                () -> {
            // example:Synctest
            Synctest.test(() -> {
                Instant start = Time.now();
                CancelContext ctx = Context.withTimeout(Context.background(), Duration.ofMinutes(10));
                Time.sleep(Duration.ofMinutes(10).minusNanos(1));
                Synctest.await();
                System.out.println("before the deadline: " + ctx.err());             // before the deadline: null
                Time.sleep(Duration.ofNanos(1));
                Synctest.await();
                System.out.println("at the deadline: " + ctx.err().getMessage());    // at the deadline: context deadline exceeded
                System.out.println("fake time passed: " + Duration.between(start, Time.now()));   // fake time passed: PT10M
            });
            // end
        });
    }

    // example:retry
    /** Calls fetch until it succeeds, at most 5 times, doubling the pause between attempts. */
    static String fetchWithRetry(Duration firstPause, Callable<String> fetch) throws Exception {
        Duration pause = firstPause;
        for (int attempt = 1; ; attempt++) {
            try {
                return fetch.call();
            } catch (IOException e) {
                if (attempt == 5) {
                    throw e;
                }
                Time.sleep(pause);
                pause = pause.multipliedBy(2);
            }
        }
    }
    // end

    // example:README
    @Test
    void retriesWithExponentialBackoff() {
        long realStart = System.nanoTime();
        Synctest.test(() -> {
            Instant start = Time.now();
            List<Duration> attempts = new ArrayList<>();
            String result = fetchWithRetry(Duration.ofSeconds(10), () -> {
                attempts.add(Duration.between(start, Time.now()));
                if (attempts.size() < 5) {
                    throw new IOException("unavailable");
                }
                return "ok";
            });
            assertEquals("ok", result);
            assertEquals(List.of(Duration.ZERO, Duration.ofSeconds(10), Duration.ofSeconds(30),
                    Duration.ofSeconds(70), Duration.ofSeconds(150)), attempts);   // exact, in fake time
        });
        Duration real = Duration.ofNanos(System.nanoTime() - realStart);
        assertTrue(real.compareTo(Duration.ofSeconds(150).dividedBy(100)) < 0, "2.5 minutes of backoff took " + real);
    }
    // end

    @Test
    @DisplayName("the same retry in real time, with short pauses: the attempts come no earlier than the fake clock says")
    void theSameRetryInRealTime() throws Exception {
        Duration first = Duration.ofMillis(20);
        long start = System.nanoTime();
        List<Duration> attempts = new ArrayList<>();
        String result = fetchWithRetry(first, () -> {
            attempts.add(Duration.ofNanos(System.nanoTime() - start));
            if (attempts.size() < 5) {
                throw new IOException("unavailable");
            }
            return "ok";
        });
        assertEquals("ok", result);
        List<Duration> scheduled = List.of(Duration.ZERO, first, first.multipliedBy(3), first.multipliedBy(7),
                first.multipliedBy(15));
        for (int i = 1; i < 5; i++) {   // real sleeps may overshoot, never undershoot
            Duration gap = attempts.get(i).minus(attempts.get(i - 1));
            Duration planned = scheduled.get(i).minus(scheduled.get(i - 1));
            assertFalse(gap.compareTo(planned) < 0, "attempt " + (i + 1) + ": " + gap + " < " + planned);
        }
    }

    @Test
    @DisplayName("the Javadoc and README snippets are the code these tests run")
    void theSnippetsAreTheTestedCode() throws IOException {
        String source = Files.readString(Path.of("src/test/java/io/go4j/test/SynctestExamplesTest.java"));
        String javadoc = Files.readString(Path.of("src/main/java/io/go4j/test/Synctest.java"));
        String readme = Files.readString(Path.of("README.md"));

        assertEquals(region(source, "Synctest"), javadocBlock(javadoc));
        String section = readme.substring(readme.indexOf("## Virtual time (Synctest)"));
        List<String> blocks = javaBlocks(section);
        assertTrue(blocks.size() >= 2, "the README's section has the two snippets");
        assertEquals(region(source, "retry"), blocks.get(0));
        assertEquals(region(source, "README"), blocks.get(1));
    }

    // ---- helpers -----------------------------------------------------------------------------

    private interface Body {
        void run() throws Exception;
    }

    private static void assertPrints(String expected, Body body) throws Exception {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, UTF_8));
        try {
            body.run();
        } finally {
            System.setOut(stdout);
        }
        assertEquals(expected, captured.toString(UTF_8).replace(System.lineSeparator(), "\n"));
    }

    /** The lines between {@code // example:NAME} and {@code // end}, without common indentation. */
    private static String region(String source, String name) {
        List<String> lines = source.lines().toList();
        int begin = -1;
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).strip().equals("// example:" + name)) {
                begin = i + 1;
                break;
            }
        }
        assertTrue(begin > 0, "no // example:" + name);
        int end = begin;
        while (!lines.get(end).strip().equals("// end")) {
            end++;
        }
        return dedent(lines.subList(begin, end));
    }

    /** The first {@code <pre>{@code ...}</pre>} block of a Javadoc comment. */
    private static String javadocBlock(String source) {
        int from = source.indexOf("<pre>{@code") + "<pre>{@code".length();
        int to = source.indexOf("}</pre>", from);
        List<String> lines = new ArrayList<>();
        for (String line : source.substring(from, to).lines().toList()) {
            String s = line.strip();
            if (s.equals("*")) {
                lines.add("");
            } else if (s.startsWith("* ")) {
                lines.add(line.substring(line.indexOf("* ") + 2));
            }
        }
        while (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1);   // the " * " before the closing }</pre>
        }
        return dedent(lines);
    }

    /** The {@code ```java} blocks of a Markdown text, in order. */
    private static List<String> javaBlocks(String markdown) {
        List<String> blocks = new ArrayList<>();
        List<String> current = null;
        for (String line : markdown.lines().toList()) {
            if (current == null && line.strip().equals("```java")) {
                current = new ArrayList<>();
            } else if (current != null && line.strip().equals("```")) {
                blocks.add(dedent(current));
                current = null;
            } else if (current != null) {
                current.add(line);
            }
        }
        return blocks;
    }

    private static String dedent(List<String> lines) {
        int indent = lines.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        StringBuilder b = new StringBuilder();
        for (String l : lines) {
            b.append(l.isBlank() ? "" : l.substring(indent).stripTrailing()).append('\n');
        }
        return b.toString();
    }
}
