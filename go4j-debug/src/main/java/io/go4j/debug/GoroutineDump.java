package io.go4j.debug;

import java.io.IOException;

/**
 * GoroutineDump writes every goroutine's stack in Go's formats: the full dump of
 * {@code runtime.Stack(buf, true)} and pprof's {@code debug=2}, the grouped goroutine profile of
 * pprof's {@code debug=1}, and JSON for tools.
 *
 * <p>CONTRACT STUB (to be implemented): the signatures below are fixed; the HTTP handler codes
 * against them.
 */
public final class GoroutineDump {
    private GoroutineDump() {}

    /** The output formats. */
    public enum Format {
        /** Every goroutine, one block each, as {@code runtime.Stack(all)} and pprof {@code debug=2}. */
        FULL,
        /** Identical stacks grouped with their count, most frequent first: pprof {@code debug=1}. */
        GROUPED,
        /** A JSON document for tools. */
        JSON
    }

    /**
     * What to write.
     *
     * @param format       the format
     * @param exactWaits   beyond Go: print the exact wait duration instead of Go's whole minutes
     * @param blockers     beyond Go: print what each goroutine waits on (channel identity,
     *                     capacity and length; a Mutex's holder)
     * @param otherThreads add the live platform threads go4j has never seen wait
     */
    public record Options(Format format, boolean exactWaits, boolean blockers, boolean otherThreads) {
        /** Go's full dump, nothing beyond Go. @return the options */
        public static Options full() {
            return new Options(Format.FULL, false, false, true);
        }

        /** Go's grouped dump ({@code debug=1}). @return the options */
        public static Options grouped() {
            return new Options(Format.GROUPED, false, false, true);
        }

        /** JSON with everything go4j knows. @return the options */
        public static Options json() {
            return new Options(Format.JSON, true, true, true);
        }
    }

    /**
     * Writes the goroutines as {@code options} say.
     *
     * @param out     where to write
     * @param options what to write
     * @throws IOException if {@code out} throws
     */
    public static void write(Appendable out, Options options) throws IOException {
        throw new UnsupportedOperationException("not implemented yet");
    }

    /**
     * Returns Go's {@code runtime.Stack}: the current goroutine's stack, or with {@code all}
     * every goroutine's, in the full format.
     *
     * @param all every goroutine, not just the current one
     * @return the dump
     */
    public static String stack(boolean all) {
        throw new UnsupportedOperationException("not implemented yet");
    }
}
