package io.go4j.race;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import racecorpus.Expect;

/**
 * Each corpus program, run under the agent, reports exactly the races it expects, naming the
 * lines marked {@code // RACE}, and exits with 66 if it reported any, 0 if not. The scores go to
 * {@code target/race-corpus.md} (the README's table).
 */
class CorpusTest {
    static Stream<Class<?>> programs() {
        return Corpus.PROGRAMS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void aProgramReportsExactlyItsRacesWithBothLocations(Class<?> program) throws Exception {
        Expect expect = program.getAnnotation(Expect.class);
        Child.Result r = Child.run(program, List.of());
        List<String> marked = Child.markedLines(program);
        boolean named = marked.stream().allMatch(l -> r.stderr().contains("      " + l + "\n"));
        Corpus.record(program, expect.races(), r.races(), named);
        String why = program.getSimpleName() + " stderr:\n" + r.stderr();
        assertEquals(expect.races(), r.races(), why);
        assertEquals(expect.races() > 0 ? 66 : 0, r.exit(), why);
        assertTrue(named, "not all of " + marked + " are in the reports; " + why);
        if (expect.races() > 0) {
            assertTrue(r.stderr().endsWith("Found " + expect.races() + " data race(s)\n"), why);
        }
    }

    @AfterAll
    static void writeTheScores() throws Exception {
        String table = Corpus.table();
        Files.writeString(Path.of("target", "race-corpus.md"), table);
        System.out.println(table);
    }
}
