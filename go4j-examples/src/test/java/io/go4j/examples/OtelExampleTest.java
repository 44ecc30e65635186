package io.go4j.examples;

import io.go4j.test.GoLeakCheck;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** OtelExample's span trees, with and without go4j-otel's propagation. */
@GoLeakCheck
class OtelExampleTest {

    @Test
    @DisplayName("with GoOtel.install() the spans of the errgroup's goroutines and of theirs are one tree under the request's span")
    void withInstallTheSpansAreOneTree() throws Exception {
        assertEquals("""
                1 trace, 7 spans
                handle
                  fetch backend-0
                    decode backend-0
                  fetch backend-1
                    decode backend-1
                  fetch backend-2
                    decode backend-2
                """, OtelExample.run());
    }

    @Test
    @DisplayName("without it each goroutine's span is the root of a trace of its own, and run() left nothing installed")
    void withoutInstallEachSpanIsATrace() throws Exception {
        OtelExample.run();
        assertEquals("""
                7 traces, 7 spans
                decode backend-0
                decode backend-1
                decode backend-2
                fetch backend-0
                fetch backend-1
                fetch backend-2
                handle
                """, OtelExample.run(false));
    }
}
