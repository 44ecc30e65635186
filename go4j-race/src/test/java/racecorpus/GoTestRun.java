package racecorpus;

import org.junit.platform.engine.discovery.DiscoverySelectors;
import org.junit.platform.testkit.engine.EngineTestKit;
import org.junit.platform.testkit.engine.Events;

/** Runs GoTestFixture with JUnit's test kit and prints each test's outcome (GoTestIntegrationTest). */
public class GoTestRun {
    public static void main(String[] args) {
        Events tests = EngineTestKit.engine("junit-jupiter")
                .selectors(DiscoverySelectors.selectClass(GoTestFixture.class))
                .execute().testEvents();
        tests.finished().stream().forEach(e -> {
            var result = e.getPayload(org.junit.platform.engine.TestExecutionResult.class).orElseThrow();
            System.out.println("TEST " + e.getTestDescriptor().getDisplayName() + " " + result.getStatus());
            result.getThrowable().ifPresent(th -> System.out.println(th.getMessage()));
        });
    }
}
