package io.go4j.debug.pprof;

import static org.junit.jupiter.api.Assertions.fail;

import io.go4j.Go;
import io.go4j.GoroutineInfo;
import io.go4j.debug.Profile;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Set;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * ProfileTests holds what the pprof tests share: the short/long switch, bounded waits, waiting
 * for goroutines to block, and writing a profile to a file for {@link GoPprof}.
 */
final class ProfileTests {
    /** Bound on anything that must happen; reaching it fails the test. */
    static final Duration LONG = Duration.ofSeconds(20);

    private ProfileTests() {}

    /** CI's short mode ({@code CI=true}, passed to the tests as {@code go4j.ci}). */
    static boolean shortMode() {
        return "true".equals(System.getProperty("go4j.ci")) || "true".equals(System.getenv("CI"));
    }

    /** Polls {@code condition} until it holds, failing with {@code what} after {@link #LONG}. */
    static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.nanoTime() + LONG.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + LONG + " waiting until " + what);
            }
            Thread.sleep(1);
        }
    }

    /** Waits until every thread of {@code threads} is parked in go4j with {@code reason}. */
    static void awaitBlocked(Collection<Thread> threads, String reason) throws InterruptedException {
        Set<Long> ids = threads.stream().map(Thread::threadId).collect(Collectors.toSet());
        await(() -> Go.goroutines().stream()
                .filter(g -> ids.contains(g.id()) && reason.equals(g.waitReason()))
                .map(GoroutineInfo::id).distinct().count() == ids.size(),
                threads.size() + " goroutines wait with [" + reason + "]");
    }

    /** Writes {@code profile} with {@code debug} to a new file in {@code dir}. */
    static Path write(Profile profile, int debug, Path dir) throws IOException {
        Path file = dir.resolve(profile.name() + "-debug" + debug + ".pb.gz");
        try (OutputStream out = Files.newOutputStream(file)) {
            profile.writeTo(out, debug);
        }
        return file;
    }
}
