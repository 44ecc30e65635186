package io.go4j.trace.analysis;

/**
 * A Frame is one frame of a stack in a trace's stack table (Go's {@code trace.Frame}).
 *
 * @param pc       the program counter (go4j writes a synthetic one per distinct frame)
 * @param function the function, {@code package.Class.method} in a go4j trace
 * @param file     the source file
 * @param line     the line, 0 if unknown
 */
public record Frame(long pc, String function, String file, int line) {
    @Override
    public String toString() {
        return function + " (" + file + ":" + line + ")";
    }
}
