package io.go4j.internal.runtime;

/**
 * Hooks holds the switches, fixed at class initialisation, that turn go4j's observation points
 * on or off, as Go's runtime does with {@code if raceenabled}. The JIT folds a {@code static
 * final} switch, so a hook that is off costs nothing on the paths it guards.
 *
 * <p>Switches are system properties read once: {@code -Dgo4j.waitReasons=false} stops recording
 * wait reasons and wait start times; {@code -Dgo4j.creationSites=false} stops recording where
 * goroutines are created; {@code -Dgo4j.panic=exit} makes a goroutine's uncaught exception fatal
 * (exit status 2), as a panic is in Go; {@code -Dgo4j.spin=false} makes blocked operations park
 * at once instead of spinning for a while first (for model checkers such as Lincheck's, whose
 * clock stands still, so a spin bounded in time would never end and parking never be explored).
 */
public final class Hooks {
    /** Record wait reason and wait start in the goroutine registry when a goroutine parks. */
    public static final boolean WAIT_REASONS = !"false".equals(System.getProperty("go4j.waitReasons"));

    /** Record the call site of {@code go(...)} for "created by" lines. */
    public static final boolean CREATION_SITES = !"false".equals(System.getProperty("go4j.creationSites"));

    /** An uncaught exception in a goroutine ends the process with status 2, as in Go. */
    public static final boolean PANIC_EXITS = "exit".equals(System.getProperty("go4j.panic"));

    /** Spin before parking (channel operations, Mutex.lock); off only for model checking. */
    public static final boolean SPIN = !"false".equals(System.getProperty("go4j.spin"));

    private Hooks() {}
}
