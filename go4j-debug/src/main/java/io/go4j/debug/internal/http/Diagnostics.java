package io.go4j.debug.internal.http;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;

/**
 * Diagnostics is everything the {@code /debug/pprof} handler reads from the JVM: the profiles by
 * name, the CPU profile, the goroutines as JSON, the scheduling latencies and the command line. The handler knows nothing
 * else, so that its routing, parameters, headers and error replies are tested with a fake
 * ({@link #runtime()} is the real one).
 *
 * <p>Profiles are named by strings, not {@code Profile} objects, so that a fake need not build
 * one. Every method may throw any exception: the handler turns it into a 500 (or, where this
 * contract says so, a 400) and logs it.
 *
 * <p>This interface is public only because the tests live in another package; its package is
 * not exported from the module, so it is no part of go4j-debug's API.
 */
public interface Diagnostics {

    /**
     * A profile as the index page lists it.
     *
     * @param name  the profile's name ({@code goroutine}, {@code block}, ...)
     * @param count its number of samples now
     */
    record ProfileCount(String name, int count) {}

    /**
     * Returns the profiles with their counts (Go's {@code pprof.Profiles()}), in any order.
     *
     * @return the profiles
     */
    List<ProfileCount> profiles();

    /**
     * Tells whether a profile of that name exists (Go's {@code pprof.Lookup(name) != nil}).
     *
     * @param name the name
     * @return true if it exists
     */
    boolean exists(String name);

    /**
     * Writes the named profile: {@code debug} 0 gzip {@code profile.proto}, 1 Go's legacy text,
     * 2 (goroutine only) the full goroutine dump.
     *
     * @param name  an existing profile's name
     * @param out   where to write
     * @param debug 0, 1 or 2 (2 only for {@code goroutine})
     * @throws IOException if {@code out} throws
     */
    void writeProfile(String name, OutputStream out, int debug) throws IOException;

    /**
     * Writes the named profile's change over the next {@code duration} as gzip
     * {@code profile.proto}.
     *
     * @param name     an existing profile's name
     * @param out      where to write
     * @param duration how long to collect (positive)
     * @throws IOException              if {@code out} throws
     * @throws InterruptedException     if interrupted while collecting
     * @throws IllegalArgumentException if that profile has no deltas: the handler answers 400
     */
    void writeDelta(String name, OutputStream out, Duration duration) throws IOException, InterruptedException;

    /**
     * Profiles the CPU for {@code duration} and writes gzip {@code profile.proto}.
     *
     * @param out      where to write
     * @param duration how long (positive)
     * @throws IOException           if {@code out} throws
     * @throws InterruptedException  if interrupted while sampling
     * @throws IllegalStateException if a CPU profile is already being taken
     */
    void writeCpuProfile(OutputStream out, Duration duration) throws IOException, InterruptedException;

    /**
     * Writes every goroutine as the JSON document of {@code GoroutineDump}'s JSON format.
     *
     * @param out where to write
     * @throws IOException if {@code out} throws
     */
    void writeGoroutinesJson(Appendable out) throws IOException;

    /**
     * Writes the scheduling-latency histogram ({@code SchedLatency.histogram()}), as its
     * {@code toText()} or {@code toJson()} gives it.
     *
     * @param out  where to write
     * @param json true for the JSON form, false for the text
     * @throws IOException if {@code out} throws
     */
    void writeSchedLatency(Appendable out, boolean json) throws IOException;

    /**
     * Returns the JVM's command line, one argument per element (Go's {@code os.Args}).
     *
     * @return the arguments, the program first
     */
    List<String> commandLine();

    /**
     * Returns the real diagnostics: go4j-debug's public API and the JVM's own.
     *
     * @return the JVM's diagnostics
     */
    static Diagnostics runtime() {
        return RuntimeDiagnostics.INSTANCE;
    }
}
