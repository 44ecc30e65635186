package io.go4j.race;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.File;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import racecorpus.PlainWriteWrite;
import racecorpus.SynchronizedBlock;

/** An application without go4j on its path: the agent works with the JVM's and j.u.c.'s edges alone. */
class WithoutGo4jTest {
    private static String pathWithoutGo4j() {
        String cp = Arrays.stream(Child.classPath().split(File.pathSeparator))
                .filter(e -> !e.matches(".*go4j-(core|test|debug).*"))
                .collect(Collectors.joining(File.pathSeparator));
        assertFalse(cp.contains("go4j-core"), cp);
        return cp;
    }

    @Test
    void aRaceIsReportedAndARaceFreeProgramIsCleanWithoutGo4j() throws Exception {
        Child.Result racy = Child.run(PlainWriteWrite.class, pathWithoutGo4j(), List.of());
        assertEquals(1, racy.races(), racy.stderr());
        assertEquals(66, racy.exit());
        Child.Result clean = Child.run(SynchronizedBlock.class, pathWithoutGo4j(), List.of());
        assertEquals("", clean.stderr());
        assertEquals(0, clean.exit());
    }
}
