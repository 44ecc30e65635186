package io.go4j.test;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.platform.engine.TestExecutionResult;
import org.junit.platform.testkit.engine.EngineExecutionResults;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Event;

/** Runs a fixture class through JUnit's EngineTestKit and reads its results. */
final class Kit {
    /** The bound on one fixture run (its own waits are far shorter). */
    static final Duration RUN_BOUND = Duration.ofSeconds(60);

    private Kit() {}

    /**
     * Runs {@code fixture} with the configuration parameters {@code params} ({@code "key=value"}),
     * bounded by {@link #RUN_BOUND}.
     */
    static EngineExecutionResults run(Class<?> fixture, String... params) {
        Map<String, String> config = new LinkedHashMap<>();
        for (String p : params) {
            int eq = p.indexOf('=');
            config.put(p.substring(0, eq), p.substring(eq + 1));
        }
        return assertTimeoutPreemptively(RUN_BOUND, () -> EngineTestKit.engine("junit-jupiter")
                .selectors(selectClass(fixture))
                .configurationParameters(config)
                .execute(), () -> "the fixture " + fixture.getSimpleName() + " did not finish");
    }

    /** Returns the failure of the test whose method is named {@code method}. */
    static Throwable failureOf(EngineExecutionResults results, String method) {
        return failureAmong(results.testEvents().failed().list(), method);
    }

    /** Returns the failure of the container (class) whose display name is {@code name}. */
    static Throwable containerFailureOf(EngineExecutionResults results, String name) {
        return failureAmong(results.containerEvents().failed().list(), name);
    }

    private static Throwable failureAmong(List<Event> failed, String name) {
        for (Event e : failed) {
            String shown = e.getTestDescriptor().getDisplayName();
            if (shown.equals(name) || shown.equals(name + "()")) {
                TestExecutionResult r = e.getPayload(TestExecutionResult.class).orElseThrow();
                Throwable t = r.getThrowable().orElse(null);
                assertNotNull(t, name + " failed without a throwable");
                return t;
            }
        }
        return fail(name + " did not fail; failures: "
                + failed.stream().map(e -> e.getTestDescriptor().getDisplayName()).toList());
    }
}
