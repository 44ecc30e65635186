package io.go4j.singleflight;

import static io.go4j.TestSupport.assertPrints;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.TimeUnit;


/**
 * The Javadoc examples of io.go4j.singleflight, run, with their printed output checked (Go's
 * {@code Example...} functions with {@code // Output:}). The code between
 * {@code // example:NAME} and {@code // end} is NAME's Javadoc example verbatim; the shared
 * io.go4j.JavadocExamplesTest checks that they agree.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
class SingleflightExamplesTest {

    /** An example's body: may throw, as a snippet inside a method that declares it would. */

    @Test
    @DisplayName("package io.go4j.singleflight: one call's result")
    void examplePackage() throws Exception {
        assertPrints("loaded shared=false\n", () -> {
            // example:package-info
            Group<String, String> g = new Group<>();
            Group.Result<String> r = g.run("config", () -> "loaded");
            System.out.println(r.value() + " shared=" + r.shared());   // loaded shared=false
            // end
        });
    }

    @Test
    @DisplayName("Group: a lone call is not shared")
    void exampleGroup() throws Exception {
        assertPrints("42 shared=false\n", () -> {
            // example:Group
            Group<String, Integer> lookups = new Group<>();
            Group.Result<Integer> r = lookups.run("answer", () -> 42);
            System.out.println(r.value() + " shared=" + r.shared());   // 42 shared=false
            // end
        });
    }

    @Test
    @DisplayName("Group.Result: a thrown exception is the result's error")
    void exampleGroupResult() throws Exception {
        assertPrints("null NumberFormatException\n", () -> {
            // example:Group.Result
            Group<String, Integer> g = new Group<>();
            Group.Result<Integer> r = g.run("bad", () -> Integer.parseInt("x"));
            System.out.println(r.value() + " " + r.error().getClass().getSimpleName());   // null NumberFormatException
            // end
        });
    }
}
