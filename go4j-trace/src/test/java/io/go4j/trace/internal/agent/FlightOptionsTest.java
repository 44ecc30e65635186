package io.go4j.trace.internal.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The agent's options: the argument, else the property, else Go's defaults; strict parsing. */
class FlightOptionsTest {
    private static final long MIB = 1L << 20;

    @Test
    @DisplayName("no argument and no property, or flight alone, are Go's defaults: 10 s and 10 MiB")
    void defaults() {
        FlightOptions go = new FlightOptions(Duration.ofSeconds(10), 10 * MIB);
        assertEquals(go, FlightOptions.of(null, null));
        assertEquals(go, FlightOptions.of("", ""));
        assertEquals(go, FlightOptions.of("flight", null));
        assertEquals(go, FlightOptions.of("flight", "age=5s"), "the property is read only when the argument is empty");
    }

    @Test
    @DisplayName("age and bytes set the bounds, from the argument or from the property, in either order")
    void bounds() {
        assertEquals(new FlightOptions(Duration.ofSeconds(5), 64 * MIB), FlightOptions.of("flight,age=5s,bytes=64m", null));
        assertEquals(new FlightOptions(Duration.ofSeconds(5), 64 * MIB), FlightOptions.of("flight,bytes=64m,age=5s", null));
        assertEquals(new FlightOptions(Duration.ofSeconds(90), 10 * MIB), FlightOptions.of(null, "age=1m30s"));
        assertEquals(new FlightOptions(Duration.ofSeconds(10), 64 * MIB), FlightOptions.of("", "bytes=64MiB"));
        assertEquals(new FlightOptions(Duration.ofMillis(1500), 10 * MIB), FlightOptions.of("flight,age=1.5s", null));
    }

    @ParameterizedTest(name = "{0} is {1} bytes")
    @CsvSource({
        "1, 1", "1048576, 1048576", "512B, 512",
        "64k, 65536", "64K, 65536", "64KiB, 65536",
        "64m, 67108864", "64M, 67108864", "64MiB, 67108864",
        "2g, 2147483648", "2G, 2147483648", "2GiB, 2147483648",
        "1t, 1099511627776", "1T, 1099511627776", "1TiB, 1099511627776",
        "007m, 7340032", "8388607t, 9223370937343148032"})
    @DisplayName("sizes take the JVM's suffixes (k, m, g, t) and Go's (B, KiB, MiB, GiB, TiB), in powers of 1024")
    void sizes(String text, long bytes) {
        assertEquals(bytes, FlightOptions.parseSize(text));
    }

    @ParameterizedTest(name = "{0}: {1}")
    @CsvSource(delimiter = '|', textBlock = """
        flite                   | go4j trace: unknown agent mode "flite" in the agent's argument "flite" (want flight, e.g. flight,age=5s,bytes=64m)
        age=5s                  | go4j trace: unknown agent mode "age=5s" in the agent's argument "age=5s" (want flight, e.g. flight,age=5s,bytes=64m)
        flight,                 | go4j trace: empty flight recorder option in the agent's argument "flight,"
        flight,,age=5s          | go4j trace: empty flight recorder option in the agent's argument "flight,,age=5s"
        flight,=5s              | go4j trace: empty flight recorder option name in "=5s" in the agent's argument "flight,=5s"
        flight,size=1m          | go4j trace: unknown flight recorder option "size=1m" in the agent's argument "flight,size=1m" (want age=DURATION or bytes=SIZE, e.g. age=5s,bytes=64m)
        flight,Age=5s           | go4j trace: unknown flight recorder option "Age=5s" in the agent's argument "flight,Age=5s" (want age=DURATION or bytes=SIZE, e.g. age=5s,bytes=64m)
        flight, age=5s          | go4j trace: unknown flight recorder option " age=5s" in the agent's argument "flight, age=5s" (want age=DURATION or bytes=SIZE, e.g. age=5s,bytes=64m)
        flight,age              | go4j trace: bad flight recorder option "age" in the agent's argument "flight,age": want age=DURATION, e.g. age=5s
        flight,age=             | go4j trace: bad flight recorder option "age=" in the agent's argument "flight,age=": time: invalid duration "" (want Go's durations: 500ms, 5s, 1m30s)
        flight,age=5            | go4j trace: bad flight recorder option "age=5" in the agent's argument "flight,age=5": time: missing unit in duration "5" (want Go's durations: 500ms, 5s, 1m30s)
        flight,age=5d           | go4j trace: bad flight recorder option "age=5d" in the agent's argument "flight,age=5d": time: unknown unit "d" in duration "5d" (want Go's durations: 500ms, 5s, 1m30s)
        flight,age=0s           | go4j trace: bad flight recorder option "age=0s" in the agent's argument "flight,age=0s": want a positive duration
        flight,age=-5s          | go4j trace: bad flight recorder option "age=-5s" in the agent's argument "flight,age=-5s": want a positive duration
        flight,age=5s,age=6s    | go4j trace: flight recorder option "age" given twice in the agent's argument "flight,age=5s,age=6s"
        flight,bytes            | go4j trace: bad flight recorder option "bytes" in the agent's argument "flight,bytes": want bytes=SIZE, e.g. bytes=64m
        flight,bytes=           | go4j trace: bad flight recorder option "bytes=" in the agent's argument "flight,bytes=": not a size (want digits and a unit: 64m, 64MiB, 1048576)
        flight,bytes=m          | go4j trace: bad flight recorder option "bytes=m" in the agent's argument "flight,bytes=m": not a size (want digits and a unit: 64m, 64MiB, 1048576)
        flight,bytes=-1m        | go4j trace: bad flight recorder option "bytes=-1m" in the agent's argument "flight,bytes=-1m": not a size (want digits and a unit: 64m, 64MiB, 1048576)
        flight,bytes=1.5m       | go4j trace: bad flight recorder option "bytes=1.5m" in the agent's argument "flight,bytes=1.5m": unknown unit ".5m" (want k, m, g, t as in -Xmx, or B, KiB, MiB, GiB, TiB as in GOMEMLIMIT)
        flight,bytes=64MB       | go4j trace: bad flight recorder option "bytes=64MB" in the agent's argument "flight,bytes=64MB": unknown unit "MB" (want k, m, g, t as in -Xmx, or B, KiB, MiB, GiB, TiB as in GOMEMLIMIT)
        flight,bytes=64 m       | go4j trace: bad flight recorder option "bytes=64 m" in the agent's argument "flight,bytes=64 m": unknown unit " m" (want k, m, g, t as in -Xmx, or B, KiB, MiB, GiB, TiB as in GOMEMLIMIT)
        flight,bytes=0          | go4j trace: bad flight recorder option "bytes=0" in the agent's argument "flight,bytes=0": want a positive size
        flight,bytes=8388608t   | go4j trace: bad flight recorder option "bytes=8388608t" in the agent's argument "flight,bytes=8388608t": size too large (at most 9223372036854775807 bytes)
        flight,bytes=99999999999999999999 | go4j trace: bad flight recorder option "bytes=99999999999999999999" in the agent's argument "flight,bytes=99999999999999999999": size too large (at most 9223372036854775807 bytes)
        flight,bytes=1m,bytes=2m | go4j trace: flight recorder option "bytes" given twice in the agent's argument "flight,bytes=1m,bytes=2m"
        """)
    @DisplayName("a bad agent argument is refused with a message naming the bad option and the argument")
    void badArgument(String argument, String message) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FlightOptions.of(argument, null));
        assertEquals(message, e.getMessage());
    }

    @Test
    @DisplayName("a bad property is refused with a message naming the bad option and the property")
    void badProperty() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> FlightOptions.of("", "age=5s;bytes=1m"));
        assertEquals("go4j trace: bad flight recorder option \"age=5s;bytes=1m\" in -Dgo4j.trace.flight=\"age=5s;bytes=1m\":"
                + " time: unknown unit \"s;bytes=\" in duration \"5s;bytes=1m\" (want Go's durations: 500ms, 5s, 1m30s)",
                e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> FlightOptions.of(null, "flight,age=5s"));
        assertEquals("go4j trace: unknown flight recorder option \"flight\" in -Dgo4j.trace.flight=\"flight,age=5s\""
                + " (want age=DURATION or bytes=SIZE, e.g. age=5s,bytes=64m)", e.getMessage());
    }
}
