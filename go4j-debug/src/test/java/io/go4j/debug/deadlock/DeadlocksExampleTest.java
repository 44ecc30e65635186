package io.go4j.debug.deadlock;

import static io.go4j.Go.go;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.Chan;
import io.go4j.debug.Deadlocks;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The example of {@link Deadlocks}' Javadoc is this tested code. */
class DeadlocksExampleTest {
    private int result;

    private void runTheProgram() {
        Chan<Integer> c = Chan.make();
        go(() -> c.send(42));
        result = c.recv();
    }

    @Test
    @DisplayName("the watcher runs beside a program that ends normally, and stops when closed")
    void exampleDeadlocks() throws Exception {
        // example:Deadlocks
        try (var watcher = Deadlocks.start(Deadlocks.Options.defaults())) {
            runTheProgram();
        }
        // end
        assertEquals(42, result);
        Snippets.assertExampleIsTested("src/main/java/io/go4j/debug/Deadlocks.java",
                "src/test/java/io/go4j/debug/deadlock/DeadlocksExampleTest.java", "Deadlocks");
    }
}
