package io.go4j.debug.deadlock;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Snippets checks that a class's Javadoc example is the code a test runs, in core's convention
 * (go4j-core's JavadocExamplesTest): the {@code <pre>{@code ...}</pre>} block of the class
 * comment, with its common indentation removed, equals the test's {@code // example:NAME}
 * region (ended by {@code // end}).
 */
public final class Snippets {
    private Snippets() {}

    /**
     * Asserts that the first example in {@code mainSource}'s Javadoc equals the region
     * {@code name} of {@code testSource}.
     *
     * @param mainSource the documented class's source, relative to the module
     * @param testSource the test's source, relative to the module
     * @param name       the region's name
     * @throws IOException if a file cannot be read
     */
    public static void assertExampleIsTested(String mainSource, String testSource, String name) throws IOException {
        List<String> doc = new ArrayList<>();
        boolean in = false;
        for (String line : Files.readAllLines(Path.of(mainSource))) {
            String text = line.replaceFirst("^\\s*\\* ?", "");
            if (text.startsWith("<pre>{@code")) {
                in = true;
            } else if (in && text.startsWith("}</pre>")) {
                break;
            } else if (in) {
                doc.add(text);
            }
        }
        List<String> region = new ArrayList<>();
        in = false;
        for (String line : Files.readAllLines(Path.of(testSource))) {
            if (line.trim().equals("// example:" + name)) {
                in = true;
            } else if (in && line.trim().equals("// end")) {
                break;
            } else if (in) {
                region.add(line);
            }
        }
        assertTrue(!doc.isEmpty() && !region.isEmpty(), mainSource + " has an example and " + testSource
                + " a region " + name);
        assertEquals(String.join("\n", dedent(doc)), String.join("\n", dedent(region)),
                "the example of " + mainSource + " is the tested region " + name);
    }

    private static List<String> dedent(List<String> lines) {
        int indent = Integer.MAX_VALUE;
        for (String l : lines) {
            if (!l.isBlank()) {
                indent = Math.min(indent, l.length() - l.stripLeading().length());
            }
        }
        List<String> out = new ArrayList<>();
        for (String l : lines) {
            out.add(l.isBlank() ? "" : l.substring(indent));
        }
        return out;
    }
}
