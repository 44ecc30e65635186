package io.go4j.debug.jfr;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.debug.JfrEvents;
import io.go4j.debug.sched.CoreProbe;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

@DisplayName("JfrEvents' Javadoc example runs and prints what it says")
class JfrExamplesTest {

    @AfterEach
    void uninstall() {
        JfrEvents.uninstall();
    }

    @Test
    @DisplayName("the example installs the bridge")
    void exampleJfrEvents() {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setOut(new PrintStream(captured, true, UTF_8));
        try {
            // example:JfrEvents
            JfrEvents.install();   // once, at startup: go4j's events follow every JFR recording from now on
            System.out.println(JfrEvents.isInstalled());   // true
            // end example
        } finally {
            System.setOut(stdout);
        }
        assertEquals("true\n", captured.toString(UTF_8));
    }

    @Test
    @DisplayName("the Javadoc example is the code this test runs")
    void javadocIsTestedCode() throws IOException {
        assertEquals(CoreProbe.exampleRegion(JfrExamplesTest.class, "JfrEvents"),
                CoreProbe.javadocExample(JfrEvents.class));
    }
}
