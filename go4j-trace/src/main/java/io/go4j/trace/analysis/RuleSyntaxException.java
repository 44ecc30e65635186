package io.go4j.trace.analysis;

/**
 * A RuleSyntaxException says where and why a rule's text form could not be parsed: its message
 * is {@code source:line:column: what was expected, what was found}.
 */
public final class RuleSyntaxException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    /** The line of the error, from 1. */
    private final int line;
    /** The column of the error, from 1. */
    private final int column;

    /**
     * Returns an exception for an error at {@code line}, {@code column} (both from 1).
     *
     * @param source  the text's name, e.g. a file name
     * @param line    the line
     * @param column  the column
     * @param message what went wrong
     */
    public RuleSyntaxException(String source, int line, int column, String message) {
        super(source + ":" + line + ":" + column + ": " + message);
        this.line = line;
        this.column = column;
    }

    /**
     * Returns the line of the error, from 1.
     *
     * @return the line
     */
    public int line() {
        return line;
    }

    /**
     * Returns the column of the error, from 1.
     *
     * @return the column
     */
    public int column() {
        return column;
    }
}
