package io.go4j.examples;

import io.go4j.test.GoLeakCheck;

import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** README's example is a program whose result is checked, and README shows it verbatim. */
@GoLeakCheck
class ReadmeExampleTest {

    @Test
    @DisplayName("the README example sums the squares of 1..n")
    void readmeExampleComputesSumOfSquares() {
        assertEquals(385, ReadmeExample.sumOfSquares(10, 4));
        assertEquals(1000 * 1001 * 2001 / 6, ReadmeExample.sumOfSquares(1000, 8));
    }

    @Test
    @DisplayName("README.md shows the example's code exactly as it is in ReadmeExample")
    void readmeShowsTheExampleVerbatim() throws IOException {
        assertReadmeShowsVerbatim("ReadmeExample.java");
    }

    @Test
    @DisplayName("README.md shows the for-select loop exactly as it is in ForSelect")
    void readmeShowsTheForSelectLoopVerbatim() throws IOException {
        assertReadmeShowsVerbatim("ForSelect.java");
    }

    @Test
    @DisplayName("README.md shows the virtual-time example exactly as it is in VirtualTime, and it holds")
    void readmeShowsTheVirtualTimeExampleVerbatim() throws IOException {
        VirtualTime.contextTimeout();
        assertReadmeShowsVerbatim("VirtualTime.java");
    }

    /** Checks that README.md contains, dedented, the lines between the file's README markers. */
    private static void assertReadmeShowsVerbatim(String file) throws IOException {
        List<String> source = Files.readAllLines(Path.of("src/main/java/io/go4j/examples/" + file));
        int begin = indexOfTrimmed(source, "// README-BEGIN") + 1;
        int end = indexOfTrimmed(source, "// README-END");
        List<String> snippet = source.subList(begin, end);
        int indent = snippet.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        String expected = snippet.stream().map(l -> l.isBlank() ? "" : l.substring(indent))
                .collect(Collectors.joining("\n"));
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains(expected), "README.md must contain, verbatim:\n" + expected);
    }

    private static int indexOfTrimmed(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(marker)) {
                return i;
            }
        }
        throw new AssertionError("marker not found: " + marker);
    }
}
