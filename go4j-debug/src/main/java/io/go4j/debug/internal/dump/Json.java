package io.go4j.debug.internal.dump;

import java.io.IOException;

/**
 * Json writes a JSON document (RFC 8259) to an {@link Appendable}, with the commas, colons and
 * escaping done here so that callers only say what to write.
 *
 * <p>Invariants: the output is valid JSON whatever the strings hold: {@code "} and {@code \} are
 * escaped, every character below U+0020 is escaped ({@code \n}, {@code \t}... or {@code \\u00XX}),
 * as are U+007F, U+2028 and U+2029 (legal in JSON, not in older JavaScript) and unpaired
 * surrogates (legal as escapes, not as UTF-8); other text is written as is. Nesting is tracked up
 * to {@link #MAX_DEPTH} levels; misuse (a value where a name is due, an unclosed container)
 * throws {@link IllegalStateException}.
 */
public final class Json {
    /** The deepest nesting a dump writes is four; this leaves room. */
    private static final int MAX_DEPTH = 32;

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final Appendable out;
    private final boolean[] inObject = new boolean[MAX_DEPTH];   // per level: object (true) or array
    private final boolean[] hasItem = new boolean[MAX_DEPTH];    // per level: an item was written
    private int depth;                                          // open containers
    private boolean nameWritten;                                // a name awaits its value

    /**
     * Creates a writer.
     *
     * @param out where to write
     */
    public Json(Appendable out) {
        this.out = out;
    }

    /**
     * Opens an object (as a value).
     *
     * @return this
     * @throws IOException if {@code out} throws
     */
    public Json beginObject() throws IOException {
        return open('{', true);
    }

    /**
     * Closes the innermost object.
     *
     * @return this
     * @throws IOException if {@code out} throws
     */
    public Json endObject() throws IOException {
        return close('}', true);
    }

    /**
     * Opens an array (as a value).
     *
     * @return this
     * @throws IOException if {@code out} throws
     */
    public Json beginArray() throws IOException {
        return open('[', false);
    }

    /**
     * Closes the innermost array.
     *
     * @return this
     * @throws IOException if {@code out} throws
     */
    public Json endArray() throws IOException {
        return close(']', false);
    }

    /**
     * Writes a member's name; its value comes next.
     *
     * @param name the name
     * @return this
     * @throws IOException if {@code out} throws
     */
    public Json name(String name) throws IOException {
        if (depth == 0 || !inObject[depth - 1] || nameWritten) {
            throw new IllegalStateException("json: a name outside an object, or twice");
        }
        comma();
        quote(out, name);
        out.append(':');
        nameWritten = true;
        return this;
    }

    /**
     * Writes a string value, or null.
     *
     * @param s the string, or null
     * @return this
     * @throws IOException if {@code out} throws
     */
    public Json value(String s) throws IOException {
        beforeValue();
        if (s == null) {
            out.append("null");
        } else {
            quote(out, s);
        }
        return this;
    }

    /**
     * Writes a number value.
     *
     * @param n the number
     * @return this
     * @throws IOException if {@code out} throws
     */
    public Json value(long n) throws IOException {
        beforeValue();
        out.append(Long.toString(n));
        return this;
    }

    /**
     * Writes a number value, or null.
     *
     * @param n the number, or null
     * @return this
     * @throws IOException if {@code out} throws
     */
    public Json value(Long n) throws IOException {
        return n == null ? nullValue() : value(n.longValue());
    }

    /**
     * Writes a boolean value.
     *
     * @param b the value
     * @return this
     * @throws IOException if {@code out} throws
     */
    public Json value(boolean b) throws IOException {
        beforeValue();
        out.append(b ? "true" : "false");
        return this;
    }

    /**
     * Writes null.
     *
     * @return this
     * @throws IOException if {@code out} throws
     */
    public Json nullValue() throws IOException {
        beforeValue();
        out.append("null");
        return this;
    }

    /**
     * Checks that every container was closed.
     *
     * @throws IllegalStateException if one is open
     */
    public void finish() {
        if (depth != 0 || nameWritten) {
            throw new IllegalStateException("json: " + depth + " unclosed containers");
        }
    }

    /**
     * Appends {@code s} as a JSON string literal (see the class comment for the escaping).
     *
     * @param out where to write
     * @param s   the text
     * @throws IOException if {@code out} throws
     */
    public static void quote(Appendable out, String s) throws IOException {
        out.append('"');
        int plain = 0;   // start of the run of characters written as is
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            String esc = escape(s, i, c);
            if (esc != null) {
                out.append(s, plain, i).append(esc);
                plain = i + 1;
            } else if (Character.isHighSurrogate(c)) {
                i++;   // a valid pair (escape() said so): keep both halves in the plain run
            }
        }
        out.append(s, plain, s.length()).append('"');
    }

    /** The escape for {@code s.charAt(i)}, or null to write it as is. */
    private static String escape(String s, int i, char c) {
        switch (c) {
            case '"': return "\\\"";
            case '\\': return "\\\\";
            case '\n': return "\\n";
            case '\r': return "\\r";
            case '\t': return "\\t";
            case '\b': return "\\b";
            case '\f': return "\\f";
            default:
                break;
        }
        if (c < 0x20 || c == 0x7f || c == '\u2028' || c == '\u2029') {
            return unicodeEscape(c);
        }
        if (Character.isHighSurrogate(c)) {
            boolean paired = i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            return paired ? null : unicodeEscape(c);
        }
        return Character.isLowSurrogate(c) ? unicodeEscape(c) : null;   // a low half here is unpaired
    }

    private static String unicodeEscape(char c) {
        return "\\u" + HEX[c >> 12] + HEX[(c >> 8) & 0xf] + HEX[(c >> 4) & 0xf] + HEX[c & 0xf];
    }

    private Json open(char bracket, boolean object) throws IOException {
        beforeValue();
        if (depth == MAX_DEPTH) {
            throw new IllegalStateException("json: nested deeper than " + MAX_DEPTH);
        }
        out.append(bracket);
        inObject[depth] = object;
        hasItem[depth] = false;
        depth++;
        return this;
    }

    private Json close(char bracket, boolean object) throws IOException {
        if (depth == 0 || inObject[depth - 1] != object || nameWritten) {
            throw new IllegalStateException("json: unbalanced " + bracket);
        }
        depth--;
        out.append(bracket);
        return this;
    }

    private void beforeValue() throws IOException {
        if (depth > 0 && inObject[depth - 1]) {
            if (!nameWritten) {
                throw new IllegalStateException("json: a value in an object needs a name first");
            }
            nameWritten = false;
        } else {
            comma();
        }
    }

    private void comma() throws IOException {
        if (depth > 0) {
            if (hasItem[depth - 1]) {
                out.append(',');
            }
            hasItem[depth - 1] = true;
        }
    }
}
