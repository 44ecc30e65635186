package io.go4j.race;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import racecorpus.Expect;

/**
 * Each corpus program, run under the agent, reports exactly the races it expects, naming the
 * lines marked {@code // RACE}, and exits with 66 if it reported any, 0 if not.
 */
class CorpusTest {
    /** The corpus: racy programs and their race-free twins. {@link Corpus} scores it. */
    static Stream<Class<?>> programs() {
        return Corpus.PROGRAMS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("programs")
    void aProgramReportsExactlyItsRacesWithBothLocations(Class<?> program) throws Exception {
        Expect expect = program.getAnnotation(Expect.class);
        Child.Result r = Child.run(program, List.of());
        String why = program.getSimpleName() + " stderr:\n" + r.stderr();
        assertEquals(expect.races(), r.races(), why);
        assertEquals(expect.races() > 0 ? 66 : 0, r.exit(), why);
        for (String line : Child.markedLines(program)) {
            assertTrue(r.stderr().contains("      " + line + "\n"), line + " not in the report; " + why);
        }
        if (expect.races() > 0) {
            assertTrue(r.stderr().endsWith("Found " + expect.races() + " data race(s)\n"), why);
        }
    }
}
