package io.go4j.debug.leak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.go4j.debug.Leaks;
import io.go4j.debug.Profile;
import io.go4j.internal.runtime.Hooks;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.DisabledIfSystemProperty;

/** Without go4j's leak mode (the default), no leak can be proven, and the API says how to turn it on. */
@DisabledIfSystemProperty(named = "go4j.leakDetection", matches = "true", disabledReason = "checks the default mode")
class LeaksOffTest {

    @Test
    @DisplayName("leak mode is off by default, and a check says which flags it needs")
    void findNamesTheFlags() {
        assertFalse(Hooks.LEAK_DETECTION);
        assertFalse(Leaks.enabled());
        var e = assertThrows(IllegalStateException.class, Leaks::find);
        assertEquals("go4j: leak detection is off; start the JVM with "
                + "-Dgo4j.leakDetection=true -Djdk.trackAllThreads=false", e.getMessage());
    }

    @Test
    @DisplayName("there is no goroutineleak profile, as in Go without its GOEXPERIMENT")
    void noLeakProfile() {
        assertNull(Profile.lookup("goroutineleak"));
        assertEquals(List.of("block", "goroutine", "mutex"), Profile.profiles().stream().map(Profile::name).toList());
    }
}
