package io.go4j.examples;

import io.go4j.Go;
import io.go4j.test.GoLeakCheck;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** LoggingExample's lines, as Logback formatted them with its pattern. */
@GoLeakCheck
class LoggingExampleTest {
    private static final Pattern LINE = Pattern.compile("goroutine=(\\d+) creator=(\\d*) request=(\\S*) (.*)");

    private record Line(long goroutine, long creator, String request, String message) {}

    @Test
    @DisplayName("every line shows its own goroutine and its request's label, and a request's workers show its goroutine as their creator")
    void idsAndLabelsFollowTheGoroutines() throws InterruptedException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        assertTrue(LoggingExample.run(out), "every goroutine of the example exited");
        String printed = out.toString(StandardCharsets.UTF_8);
        List<Line> lines = printed.lines().map(l -> parse(l, printed)).toList();
        assertEquals(LoggingExample.REQUESTS.size() * (2 + LoggingExample.PARTS), lines.size(), printed);

        Set<Long> requestGoroutines = new HashSet<>();
        for (String request : LoggingExample.REQUESTS) {
            List<Line> mine = lines.stream().filter(l -> l.message().endsWith(" of " + request)
                    || l.message().equals("accepted " + request) || l.message().equals("done " + request)).toList();
            assertEquals(2 + LoggingExample.PARTS, mine.size(), printed);
            mine.forEach(l -> assertEquals(request, l.request(), () -> "the label of " + l + " in\n" + printed));

            Line accepted = only(mine, "accepted " + request, printed);
            Line done = only(mine, "done " + request, printed);
            assertEquals(accepted.goroutine(), done.goroutine(), printed);
            assertNotEquals(Go.goid(), accepted.goroutine(), "the request runs in a goroutine of its own");
            assertEquals(Go.goid(), accepted.creator(), "the test's thread started the request's goroutine");
            requestGoroutines.add(accepted.goroutine());

            Set<Long> workers = new HashSet<>();
            for (Line part : mine.stream().filter(l -> l.message().startsWith("part ")).toList()) {
                assertEquals(accepted.goroutine(), part.creator(), () -> part + " was started by the request's goroutine");
                assertNotEquals(accepted.goroutine(), part.goroutine(), printed);
                workers.add(part.goroutine());
            }
            assertEquals(LoggingExample.PARTS, workers.size(), () -> "one goroutine per part in\n" + printed);
        }
        assertEquals(LoggingExample.REQUESTS.size(), requestGoroutines.size(), printed);
    }

    private static Line parse(String line, String printed) {
        Matcher m = LINE.matcher(line);
        assertTrue(m.matches(), () -> "a line in the pattern's form: " + line + " in\n" + printed);
        return new Line(Long.parseLong(m.group(1)), m.group(2).isEmpty() ? -1 : Long.parseLong(m.group(2)),
                m.group(3), m.group(4));
    }

    private static Line only(List<Line> lines, String message, String printed) {
        List<Line> found = lines.stream().filter(l -> l.message().equals(message)).toList();
        assertEquals(1, found.size(), () -> message + " once in\n" + printed);
        return found.get(0);
    }
}
