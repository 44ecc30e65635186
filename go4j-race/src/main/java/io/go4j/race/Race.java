package io.go4j.race;

import io.go4j.race.internal.rt.Reporter;

/**
 * Race tells a program whether it runs under go4j-race's detector, as Go's {@code race} build
 * tag and {@code runtime/race} package do: a test that is too slow under the detector can shrink
 * itself, and a test harness can check how many races were reported so far.
 *
 * <p>The detector itself is the agent: {@code java -javaagent:go4j-race.jar ...} (see the
 * module's README). Without the agent, this class answers "not enabled" and "no races".
 */
public final class Race {
    /** The system property the agent sets to {@code true} before the application starts. */
    public static final String ENABLED_PROPERTY = "go4j.race.enabled";

    private Race() {}

    /**
     * Returns whether this JVM runs under the race detector.
     *
     * @return true if the go4j-race agent was started with this JVM
     */
    public static boolean enabled() {
        return Boolean.getBoolean(ENABLED_PROPERTY);
    }

    /**
     * Returns how many data races were reported so far in this JVM (one per pair of source
     * locations), as Go's {@code race.Errors()} does.
     *
     * @return the count, 0 without the detector
     */
    public static int errors() {
        return enabled() ? Reporter.found() : 0;
    }
}
