package io.go4j.debug.internal.pprof;

import io.go4j.debug.internal.Frames;

/**
 * Frame is one Java stack frame as a pprof profile names it: a function {@code pkg.Class.method},
 * the source file as its path in the source tree ({@code pkg/path/File.java}), and a line.
 *
 * <p>Java has no program counters, so a frame's {@link #address()} is a stable name for the
 * frame, not a PC: the same frame gets the same address in every profile and every process, so
 * that {@code pprof -base} and merges match frames across profiles.
 *
 * @param function the function's name, {@code pkg.Class.method} ({@code $} for nested classes)
 * @param file     the source file's path from the package root, e.g. {@code io/go4j/Chan.java}
 * @param line     the line number, 0 if unknown
 */
public record Frame(String function, String file, int line) {
    /*
     * Implementation notes.
     *
     * The address is 47 bits of a 64-bit FNV-1a hash of the frame's text. Two different frames
     * hashing alike would share an address, which pprof tolerates: it keys a location by its
     * address *and* its lines, and these profiles carry no mapping, so pprof never tries to
     * symbolize an address (a location without a mapping counts as symbolized). An interned
     * counter would be collision-free, but it would differ between processes and hold every
     * frame ever seen for the life of the JVM.
     */

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long ADDRESS_MASK = 0x7FFF_FFFF_FFFFL;

    /**
     * Returns the frame of a stack trace element; the file is the element's source file in its
     * class's package directory, or, when the class file has no SourceFile attribute, the
     * top-level class's name with {@code .java}.
     *
     * @param e the element
     * @return the frame
     */
    public static Frame of(StackTraceElement e) {
        return new Frame(Frames.function(e), fileOf(e.getClassName(), e.getFileName()), Math.max(0, e.getLineNumber()));
    }

    /**
     * Returns a stable synthetic address for this frame (see the class comment), never 0.
     *
     * @return the address
     */
    public long address() {
        long h = FNV_OFFSET;
        h = fnv(h, function);
        h = fnv(h, "\u0000" + file);
        h = (h ^ line) * FNV_PRIME;
        h &= ADDRESS_MASK;
        return h == 0 ? 1 : h;
    }

    /**
     * Returns the path of a class's source file, as the dumps print it too
     * ({@link Frames#sourcePath}).
     *
     * @param className a binary class name, e.g. {@code io.go4j.Chan$Inner}
     * @param fileName  the SourceFile attribute, or null
     * @return e.g. {@code io/go4j/Chan.java}
     */
    public static String fileOf(String className, String fileName) {
        return Frames.sourcePath(className, fileName);
    }

    private static long fnv(long h, String s) {
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return h;
    }
}
