package io.go4j.test.internal;

import io.go4j.debug.GoroutineDump;
import java.io.IOException;

/**
 * Dumps is go4j-test's one way to the dump of every goroutine: go4j-debug's
 * {@link GoroutineDump} in Go's full format ({@code debug=2}, as {@code go test -timeout}
 * prints it). When the dump cannot be taken, the text says why and the error is kept, to be
 * attached to the failure it was for: a test failure never loses its cause to a broken dump.
 */
public final class Dumps {
    private Dumps() {}

    /**
     * A dump, or why there is none.
     *
     * @param text  the dump, or a line saying why it is missing
     * @param error what made it fail, or null
     */
    public record Dump(String text, Throwable error) {
        /**
         * Attaches the error, if any, to {@code failure} as a suppressed exception.
         *
         * @param failure the failure this dump is part of
         * @param <T>     its type
         * @return {@code failure}
         */
        public <T extends Throwable> T attachTo(T failure) {
            if (error != null) {
                failure.addSuppressed(error);
            }
            return failure;
        }
    }

    /**
     * Takes the full dump of every goroutine and thread.
     *
     * @return the dump
     */
    public static Dump full() {
        StringBuilder sb = new StringBuilder(16 * 1024);
        try {
            GoroutineDump.write(sb, GoroutineDump.Options.full());
            return new Dump(sb.toString(), null);
        } catch (IOException | RuntimeException e) {
            return new Dump("(no goroutine dump: go4j-debug's GoroutineDump failed: " + e + ")\n", e);
        }
    }
}
