package io.go4j.race;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** Without the agent, Race says so. (With it: OptionsTest's halt_on_error case prints both.) */
class RaceTest {
    @Test
    void withoutTheAgentTheDetectorIsNotEnabledAndCountsNothing() {
        assertFalse(Race.enabled());
        assertEquals(0, Race.errors());
    }
}
