package io.go4j.race;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.go4j.race.internal.rt.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import racecorpus.ReportShape;
import racecorpus.TwoRaces;

/** The GORACE-style options, parsed and in effect in a child JVM. */
class OptionsTest {
    @Test
    void goraceTextIsParsedWithGosNamesAndDefaults() {
        Options d = Options.parse(null);
        assertEquals(66, d.exitCode());
        assertFalse(d.haltOnError());
        Options o = Options.parse(" halt_on_error=1  exitcode=3 log_path=/tmp/r history_size=2 strip_path_prefix=a/ ");
        assertTrue(o.haltOnError());
        assertEquals(3, o.exitCode());
        assertEquals("/tmp/r", o.logPath());
        assertEquals(2, o.historySize());
        assertEquals("a/", o.stripPathPrefix());
    }

    @Test
    void thePropertyWinsOverTheEnvironment() {
        assertEquals(5, Options.read(Map.of("GORACE", "exitcode=4"), "exitcode=5").exitCode());
        assertEquals(4, Options.read(Map.of("GORACE", "exitcode=4"), null).exitCode());
    }

    @Test
    void anUnknownOptionOrABadNumberIsRefusedByName() {
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Options.parse("halt_on_eror=1"))
                .getMessage().contains("unknown option halt_on_eror"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Options.parse("exitcode=x"))
                .getMessage().contains("exitcode"));
    }

    @Test
    @DisplayName("history_size takes Go's range, 0 to 7, default 1, and refuses anything else naming the option and the range")
    void historySizeTakesGosRangeAndRefusesTheRest() {
        assertEquals(1, Options.parse(null).historySize());
        assertEquals(0, Options.parse("history_size=0").historySize());
        assertEquals(7, Options.parse("history_size=7").historySize());
        for (String bad : List.of("8", "-1", "x", "")) {
            String message = assertThrows(IllegalArgumentException.class, () -> Options.parse("history_size=" + bad))
                    .getMessage();
            assertEquals("go4j-race: option history_size wants a number from 0 to 7, not " + bad, message);
        }
    }

    @Test
    @DisplayName("a history_size out of range stops the JVM with the option's name and range")
    void aHistorySizeOutOfRangeStopsTheJvm() throws Exception {
        Child.Result r = Child.run(ReportShape.class, List.of("-Dgo4j.race=history_size=8"));
        assertNotEquals(0, r.exit());
        assertTrue(r.stderr().contains("option history_size wants a number from 0 to 7, not 8"), r.stderr());
        assertEquals(0, r.races());
    }

    @Test
    void theJdkAndGo4jAreNeverInstrumentedAndTheLongestPrefixDecides() {
        Options o = Options.parse("exclude=com.acme. include=com.acme.racy.,io.go4j.mine.");
        assertFalse(o.instruments("java.util.HashMap"));
        assertFalse(o.instruments("io.go4j.Chan"));
        assertFalse(o.instruments("com.acme.Foo"));
        assertTrue(o.instruments("com.acme.racy.Foo"));
        assertTrue(o.instruments("io.go4j.mine.Test"));
        assertTrue(o.instruments("org.example.Bar"));
        assertFalse(o.instruments("io.go4j.sync.WaitGroupTest", "file:/p/target/test-classes/"), "no include_path");
    }

    @Test
    void exitcodeSetsTheStatusOfAProcessThatRaced() throws Exception {
        Child.Result r = Child.run(ReportShape.class, List.of("-Dgo4j.race=exitcode=13"));
        assertEquals(13, r.exit(), r.stderr());
        assertEquals(1, r.races());
    }

    @Test
    void haltOnErrorStopsAtTheFirstReport() throws Exception {
        Child.Result all = Child.run(TwoRaces.class, List.of());
        assertEquals(2, all.races());
        assertTrue(all.stdout().contains("enabled=true errors=2"), all.stdout());
        Child.Result r = Child.run(TwoRaces.class, List.of("-Dgo4j.race=halt_on_error=1"));
        assertEquals(1, r.races(), r.stderr());
        assertEquals(66, r.exit());
    }

    @Test
    void logPathSendsReportsToAFilePerProcess(@TempDir Path dir) throws Exception {
        Child.Result r = Child.run(ReportShape.class, List.of("-Dgo4j.race=log_path=" + dir.resolve("race")));
        assertEquals(66, r.exit());
        assertFalse(r.stderr().contains("WARNING: DATA RACE"), r.stderr());
        List<Path> logs;
        try (Stream<Path> s = Files.list(dir)) {
            logs = s.toList();
        }
        assertEquals(1, logs.size());
        assertTrue(logs.get(0).getFileName().toString().matches("race\\.\\d+"), logs.toString());
        assertTrue(Files.readString(logs.get(0)).contains("WARNING: DATA RACE"));
    }

    @Test
    void stripPathPrefixShortensFilePaths() throws Exception {
        Child.Result r = Child.run(ReportShape.class, List.of("-Dgo4j.race=strip_path_prefix=racecorpus/"));
        assertTrue(r.stderr().contains("\n      ReportShape.java:9\n"), r.stderr());
    }

    @Test
    void aBadOptionStopsTheJvmWithItsName() throws Exception {
        Child.Result r = Child.run(ReportShape.class, List.of("-Dgo4j.race=no_such_option=1"));
        assertNotEquals(0, r.exit());
        assertTrue(r.stderr().contains("unknown option no_such_option"), r.stderr());
    }

    @Test
    void includePathInstrumentsWhatIsLoadedFromThereExceptExplicitExcludes() {
        Options o = Options.parse("include_path=/target/test-classes/ exclude=io.go4j.sync.Skipped");
        assertTrue(o.instruments("io.go4j.sync.WaitGroupTest", "file:/p/go4j-core/target/test-classes/"));
        assertFalse(o.instruments("io.go4j.sync.WaitGroup", "file:/p/go4j-core/target/classes/"));
        assertFalse(o.instruments("io.go4j.sync.SkippedTest", "file:/p/go4j-core/target/test-classes/"));
        assertFalse(o.instruments("io.go4j.Chan", null));
    }
}
