package io.go4j.debug.internal.dump;

import io.go4j.debug.internal.Frames;
import java.nio.charset.StandardCharsets;

/**
 * GoFrame is one Java stack frame as a Go dump shows a frame: a function name
 * ({@code io.example.Main.worker}), a file ({@code io/example/Main.java}, prefixed by the module
 * for a class in a named module: {@code java.base/java/lang/Thread.java}) and a line; plus the
 * synthetic program counter that stands in for Go's in the grouped format.
 *
 * <p>Invariants: {@link #entry()} and {@link #pc()} depend only on the frame's text (module,
 * class, method, line), never on the run, so the same frame has the same addresses in every dump
 * of every JVM; {@code entry() <= pc() < entry() + 0x10000}.
 *
 * @param className    the declaring class's binary name ({@code io.example.Main$Worker})
 * @param methodName   the method's name
 * @param module       the class's module name, or null for the unnamed module
 * @param fileName     the source file's name, or null if unknown
 * @param line         the line number; negative if unknown or native
 * @param nativeMethod whether it is a native method
 */
public record GoFrame(String className, String methodName, String module, String fileName, int line,
                      boolean nativeMethod) {
    /*
     * Implementation notes.
     *
     * Java has no program counters to print, and bytecode indexes are not in StackTraceElement.
     * Go's grouped format (pprof debug=1) needs addresses: the "N @ 0x..." line is the grouping
     * key, and the "#" lines print "pc  func+offset  file:line". We make them up, stably: the
     * function's "entry" is 0x400000 plus 24 bits of the FNV-1a hash of module/class.method,
     * shifted left 16; the frame's "pc" is the entry plus the line number (a Go offset is bytes
     * into the function; ours is lines, and the '+0x..' of a "#" line therefore reads as the line
     * in hex). Identical stacks thus print identical address lists in any JVM, and tools that
     * parse the lines parse them. Two functions may share an entry (a hash collision): grouping
     * never relies on addresses (it compares frames), only the printed text would coincide.
     */

    /** Where synthetic entries start: the lowest address of a typical Go text segment. */
    private static final long TEXT_BASE = 0x400000L;

    /**
     * Returns the frame of {@code e}.
     *
     * @param e a stack trace element
     * @return the frame
     */
    public static GoFrame of(StackTraceElement e) {
        return new GoFrame(e.getClassName(), e.getMethodName(), e.getModuleName(), e.getFileName(),
                e.getLineNumber(), e.isNativeMethod());
    }

    /**
     * Returns Go's function name for this frame: {@code class.method}.
     *
     * @return the function name
     */
    public String function() {
        return className + "." + methodName;
    }

    /**
     * Returns the file as a Go dump prints it: the package as a path, then the source file
     * ({@link Frames#sourcePath}, as the profiles print it), after the module name if the class
     * is in a named module; {@code "?"} if the file is unknown (Go prints {@code ?} too, where
     * the profiles, which need a file name, guess it from the class).
     *
     * @return e.g. {@code io/example/Main.java} or {@code java.base/java/lang/Thread.java}
     */
    public String file() {
        if (fileName == null) {
            return "?";
        }
        return (module == null ? "" : module + "/") + Frames.sourcePath(className, fileName);
    }

    /**
     * Returns the line Go's format prints: the line number, 0 if unknown or native.
     *
     * @return the line, never negative
     */
    public int goLine() {
        return Math.max(0, line);
    }

    /**
     * Returns the synthetic entry address of this frame's function (see the implementation notes).
     *
     * @return the entry address
     */
    public long entry() {
        long h = 0xcbf29ce484222325L;   // FNV-1a 64, offset basis
        String key = (module == null ? "" : module) + "/" + className + "." + methodName;
        for (byte b : key.getBytes(StandardCharsets.UTF_8)) {
            h ^= b & 0xff;
            h *= 0x100000001b3L;        // FNV prime
        }
        return TEXT_BASE + ((h & 0xffffffL) << 16);
    }

    /**
     * Returns the synthetic program counter of this frame: its entry plus its line.
     *
     * @return the address
     */
    public long pc() {
        return entry() + (goLine() & 0xffff);
    }
}
