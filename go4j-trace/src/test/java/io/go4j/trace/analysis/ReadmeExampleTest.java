package io.go4j.trace.analysis;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's example output is what {@code go4j trace rules} prints for the planted leak, up
 * to its times, goroutine ids and line numbers (which vary from run to run).
 */
class ReadmeExampleTest {
    @TempDir
    Path dir;

    @Test
    @DisplayName("README.md shows the rules' output on the planted leak as the command prints it")
    void theReadmeShowsTheRulesOutputOnThePlantedLeak() throws Exception {
        Path trace = Planted.record(dir, "leak", Planted::leakingConsumer);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int status = Main.run(new String[] {"rules", "--only", "leak-in-the-making", trace.toString()},
                new PrintStream(out, true, UTF_8), System.err);
        assertEquals(0, status);
        String readme = Files.readString(Path.of("README.md"), UTF_8);
        int begin = readme.indexOf("<!-- README-BEGIN rules-example -->");
        int end = readme.indexOf("<!-- README-END rules-example -->");
        String block = readme.substring(readme.indexOf("```\n", begin) + 4, readme.lastIndexOf("```", end));
        assertEquals(normalised(block), normalised(out.toString(UTF_8)), "README.md's block, normalised; actual:\n" + out);
    }

    /** Times, goroutine ids and line numbers vary: each becomes one placeholder. */
    static String normalised(String s) {
        return s.replaceAll("\\d+(\\.\\d+)?(ns|µs|ms|h|m|s)(\\d+(\\.\\d+)?(ms|m|s))*", "<t>").replaceAll("\\d+", "#");
    }
}
