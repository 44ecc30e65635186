package io.go4j.debug;

import io.go4j.debug.internal.Snapshot;
import io.go4j.debug.internal.dump.Dumps;
import io.go4j.debug.internal.leak.LeakFinder;
import io.go4j.debug.internal.leak.LeakProfile;
import io.go4j.debug.internal.pprof.BlockProfiler;
import io.go4j.debug.internal.pprof.ContentionProfile;
import io.go4j.debug.internal.pprof.GoroutineProfile;
import io.go4j.debug.internal.pprof.MutexProfiler;
import io.go4j.debug.internal.pprof.ProfileData;
import io.go4j.debug.internal.pprof.ProfileWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Profile is a named pprof profile, as Go's {@code runtime/pprof.Profile}: {@code goroutine},
 * {@code block}, {@code mutex}, {@code goroutineleak}.
 *
 * <p>Each is written as Go writes it, so that {@code go tool pprof} and the tools that scrape
 * Go's {@code /debug/pprof} read it: {@code debug=0} is a gzip-compressed {@code profile.proto}
 * with Go's sample types ({@code goroutine/count}; {@code contentions/count} and
 * {@code delay/nanoseconds}), {@code debug=1} Go's legacy text, {@code debug=2} (goroutine) the
 * full dump. Java frames appear as functions {@code pkg.Class.method} in files
 * {@code pkg/path/File.java}; a goroutine's profiler labels ({@code Go.withLabels}) are the
 * goroutine profile's sample labels.
 *
 * <ul>
 *   <li>{@code goroutine}: every goroutine now, grouped by stack and labels, with the adopted
 *       and other live platform threads, as the goroutine dump shows them.</li>
 *   <li>{@code block}: where goroutines blocked in go4j (channels, select, sync), since the
 *       block profile was turned on with {@link Profiling#setBlockProfileRate}.</li>
 *   <li>{@code mutex}: contention on go4j's Mutex and RWMutex, charged to the unlocker, since it
 *       was turned on with {@link Profiling#setMutexProfileFraction}.</li>
 *   <li>{@code goroutineleak}: the goroutines proven leaked (Go 1.26's profile of that name),
 *       only in go4j's leak mode ({@link Leaks#enabled()}; otherwise {@link #lookup} returns
 *       null, as Go does without its {@code GOEXPERIMENT}). Each write first runs a leak check
 *       ({@link Leaks#find()}), as Go's runs a leak-finding collection. {@code debug=0} has Go's
 *       sample type {@code goroutineleak/count}, one sample per stack and labels of the leaks
 *       proven so far; {@code debug=1} is the grouped text headed
 *       {@code goroutineleak profile: total N}; {@code debug=2} the full dump of every goroutine,
 *       the leaked ones marked {@code (leaked)}, as Go 1.26 writes it.</li>
 * </ul>
 *
 * <p>The block and mutex profiles are cumulative, as in Go; {@link #writeDelta} gives the
 * events of a window (Go's {@code ?seconds=N}), and for the goroutine profile the change in
 * goroutines per stack over the window.
 */
public final class Profile {
    /** The profiles this class writes; the compiler makes every method list them all. */
    private enum Kind { GOROUTINE, GOROUTINE_LEAK, BLOCK, MUTEX }

    private static final Profile GOROUTINE = new Profile("goroutine", Kind.GOROUTINE);
    private static final Profile BLOCK = new Profile("block", Kind.BLOCK);
    private static final Profile MUTEX = new Profile("mutex", Kind.MUTEX);
    private static final Profile GOROUTINE_LEAK = new Profile("goroutineleak", Kind.GOROUTINE_LEAK);

    private final String name;
    private final Kind kind;

    private Profile(String name, Kind kind) {
        this.name = name;
        this.kind = kind;
    }

    /**
     * Returns the profile named {@code name}, or null if there is none (Go's {@code pprof.Lookup}).
     *
     * @param name e.g. {@code "goroutine"}
     * @return the profile, or null
     * @throws NullPointerException if {@code name} is null
     */
    public static Profile lookup(String name) {
        Objects.requireNonNull(name, "name");
        return switch (name) {
            case "goroutine" -> GOROUTINE;
            case "block" -> BLOCK;
            case "mutex" -> MUTEX;
            case "goroutineleak" -> Leaks.enabled() ? GOROUTINE_LEAK : null;   // as Go without its GOEXPERIMENT
            default -> null;
        };
    }

    /**
     * Returns every profile, sorted by name (Go's {@code pprof.Profiles}).
     *
     * @return the profiles
     */
    public static List<Profile> profiles() {
        return Leaks.enabled() ? List.of(BLOCK, GOROUTINE, GOROUTINE_LEAK, MUTEX) : List.of(BLOCK, GOROUTINE, MUTEX);
    }

    /**
     * Returns the profile's name, as {@link #lookup} takes it.
     *
     * @return the profile's name
     */
    public String name() {
        return name;
    }

    /**
     * Returns the number of samples the profile has now: goroutines (and threads) for
     * {@code goroutine}, distinct stacks for {@code block} and {@code mutex} (Go's
     * {@code Profile.Count}).
     *
     * @return the number of samples (goroutines, stacks) it has now
     */
    public int count() {
        return switch (kind) {
            case GOROUTINE -> GoroutineProfile.count();
            case GOROUTINE_LEAK -> LeakFinder.leakedIds().size();
            case BLOCK -> BlockProfiler.size();
            case MUTEX -> MutexProfiler.size();
        };
    }

    /**
     * Writes the profile: {@code debug=0} gzip {@code profile.proto}; {@code debug=1} Go's legacy
     * text form; {@code debug=2} (goroutine and goroutineleak) the full goroutine dump. As in Go,
     * a {@code debug} below 0 means 0, and above 1 means 1 for the block and mutex profiles and 2
     * for the goroutine profiles. {@code out} is flushed, not closed.
     *
     * @param out   where to write
     * @param debug 0, 1 or 2
     * @throws IOException if {@code out} throws
     * @throws NullPointerException if {@code out} is null
     */
    public void writeTo(OutputStream out, int debug) throws IOException {
        Objects.requireNonNull(out, "out");
        if (kind == Kind.GOROUTINE_LEAK) {
            LeakFinder.check();   // as Go, every write runs a leak check first
        }
        if (debug <= 0) {
            ProfileWriter.write(data(), out);
            return;
        }
        Writer w = new OutputStreamWriter(out, StandardCharsets.UTF_8);
        switch (kind) {
            case GOROUTINE -> GoroutineDump.write(w, debug >= 2 ? GoroutineDump.Options.full()
                    : GoroutineDump.Options.grouped());
            case GOROUTINE_LEAK -> {
                if (debug >= 2) {
                    GoroutineDump.write(w, GoroutineDump.Options.full());   // every goroutine, the leaked marked
                } else {
                    Dumps.writeGrouped(w, "goroutineleak", new Snapshot(System.nanoTime(), LeakFinder.keptEntries()));
                }
            }
            case BLOCK -> ContentionProfile.writeText(w, "contention", -1, BlockProfiler.read());
            case MUTEX -> ContentionProfile.writeText(w, "mutex", MutexProfiler.fraction(), MutexProfiler.read());
        }
        w.flush();
    }

    /**
     * Writes the difference of this profile over the next {@code duration} (Go's
     * {@code /debug/pprof/block?seconds=N}, and {@code goroutine?seconds=N} as Go 1.19's
     * net/http/pprof allows): gzip {@code profile.proto}. It reads the profile, waits, reads it
     * again and writes the second minus the first, as net/http/pprof does (the first scaled by -1
     * and merged): stacks whose values did not change are left out, the time is the second
     * reading's and the duration the time between the two. For the goroutine profile, a snapshot,
     * the counts are the change in goroutines per stack and may be negative (a stack with fewer
     * goroutines at the end than at the start), as Go's are.
     *
     * @param out      where to write
     * @param duration how long to collect; positive
     * @throws IOException              if {@code out} throws
     * @throws InterruptedException     if interrupted while waiting (nothing is written)
     * @throws IllegalArgumentException if this profile has no deltas ({@code goroutineleak}, as
     *                                  in Go), or if {@code duration} is not positive
     * @throws NullPointerException     if {@code out} or {@code duration} is null
     */
    public void writeDelta(OutputStream out, Duration duration) throws IOException, InterruptedException {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(duration, "duration");
        if (kind == Kind.GOROUTINE_LEAK) {
            throw new IllegalArgumentException("\"seconds\" parameter is not supported for this profile type");
        }
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("invalid duration " + duration + " - must be positive");
        }
        ProfileData before = data();
        Thread.sleep(duration);
        ProfileWriter.write(data().minus(before), out);
    }

    @Override
    public String toString() {
        return "Profile[" + name + "]";
    }

    private ProfileData data() {
        return switch (kind) {
            case GOROUTINE -> GoroutineProfile.data();
            case GOROUTINE_LEAK -> GoroutineProfile.ofLeaks(LeakProfile.samples());
            case BLOCK -> ContentionProfile.data(BlockProfiler.read());
            case MUTEX -> ContentionProfile.data(MutexProfiler.read());
        };
    }
}
