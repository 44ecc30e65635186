package io.go4j.debug;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;

/**
 * Profile is a named pprof profile, as Go's {@code runtime/pprof.Profile}: {@code goroutine},
 * {@code block}, {@code mutex}, {@code goroutineleak}.
 *
 * <p>CONTRACT STUB (to be implemented): the signatures below are fixed; the HTTP handler codes
 * against them.
 */
public final class Profile {
    private final String name;

    private Profile(String name) {
        this.name = name;
    }

    /**
     * Returns the profile named {@code name}, or null if there is none (Go's {@code pprof.Lookup}).
     *
     * @param name e.g. {@code "goroutine"}
     * @return the profile, or null
     */
    public static Profile lookup(String name) {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Returns every profile, sorted by name (Go's {@code pprof.Profiles}).
     *
     * @return the profiles
     */
    public static List<Profile> profiles() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /** @return the profile's name */
    public String name() {
        return name;
    }

    /** @return the number of samples (goroutines, stacks) it has now */
    public int count() {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Writes the profile: {@code debug=0} gzip {@code profile.proto}; {@code debug=1} Go's legacy
     * text form; {@code debug=2} (goroutine only) the full goroutine dump.
     *
     * @param out   where to write
     * @param debug 0, 1 or 2
     * @throws IOException if {@code out} throws
     */
    public void writeTo(OutputStream out, int debug) throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Writes the difference of this profile over the next {@code duration} (Go's
     * {@code /debug/pprof/block?seconds=N}): gzip {@code profile.proto}.
     *
     * @param out      where to write
     * @param duration how long to collect
     * @throws IOException              if {@code out} throws
     * @throws InterruptedException     if interrupted while waiting
     * @throws IllegalArgumentException if this profile has no deltas (Go: goroutine has none)
     */
    public void writeDelta(OutputStream out, Duration duration) throws IOException, InterruptedException {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
