package io.go4j.debug.internal.dump;

import java.nio.charset.StandardCharsets;

/**
 * GoText writes values the way Go's runtime and standard library print them in dumps: strings
 * quoted as {@code %q} does ({@code strconv.Quote}), and strings quoted for a traceback header (Go
 * 1.26's label quoting). Durations are {@link io.go4j.debug.internal.GoDuration}'s.
 *
 * <p>Invariants: every result is a single line (no character below U+0020 survives unescaped),
 * and every quoted result is a valid Go interpreted string literal ({@code strconv.Unquote}
 * reads back the original text, except for unpaired surrogates, which Go's UTF-8 strings cannot
 * hold and which are written as U+FFFD).
 */
public final class GoText {
    /*
     * Implementation notes.
     *
     * 1. quote follows strconv.Quote's rules as documented: backslash-escape '"' and '\\', keep
     *    printable runes (unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the
     *    ASCII space), use \a \b \f \n \r \t \v for those controls, \xNN for other runes below
     *    U+0080, \\uNNNN below U+10000 and \\UNNNNNNNN above. Java's Character.getType stands in
     *    for Go's Unicode tables; the two can differ on characters added to Unicode after the
     *    JDK's version, which then print escaped where Go would print them (still a valid literal).
     * 2. quoteHeader follows the label quoting of Go 1.26's traceback headers (CL 694119, behind
     *    GODEBUG=tracebacklabels=1; the default from Go 1.27). Followed: golang/go#76349, whose
     *    description shows a header from Go's own test, `goroutine 8 [running labels:{"foobar":
     *    "baz"}]:`, and says that "everything outside the simple printable ASCII range is escaped".
     *    Printable ASCII stays, '"' and '\' get a backslash, and every other byte of the UTF-8
     *    encoding becomes \xNN, so a header stays one ASCII line whatever a label holds. Not
     *    verified against Go 1.26's runtime/traceback.go itself (not at hand): the ", " between
     *    pairs (Row.header) and \xNN rather than \n for controls are our reading.
     */

    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private GoText() {}

    /**
     * Returns {@code s} quoted as Go's {@code %q} verb quotes a string.
     *
     * @param s the text
     * @return a double-quoted Go string literal
     */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); ) {
            int cp = s.codePointAt(i);
            i += Character.charCount(cp);
            if (Character.isSurrogate((char) cp)) {
                cp = 0xFFFD;   // an unpaired surrogate: Go's decoder yields RuneError
            }
            appendQuoted(b, cp);
        }
        return b.append('"').toString();
    }

    /**
     * Returns {@code s} quoted as Go 1.26 quotes a label in a traceback header: printable ASCII
     * kept, every other byte as {@code \xNN}.
     *
     * @param s the text
     * @return a double-quoted, pure-ASCII Go string literal
     */
    public static String quoteHeader(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (byte x : utf8(s)) {
            int c = x & 0xff;
            if (c == '"' || c == '\\') {
                b.append('\\').append((char) c);
            } else if (c >= 0x20 && c < 0x7f) {
                b.append((char) c);
            } else {
                b.append("\\x").append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
        return b.append('"').toString();
    }

    private static void appendQuoted(StringBuilder b, int cp) {
        switch (cp) {
            case '"' -> b.append("\\\"");
            case '\\' -> b.append("\\\\");
            case 0x07 -> b.append("\\a");
            case '\b' -> b.append("\\b");
            case '\f' -> b.append("\\f");
            case '\n' -> b.append("\\n");
            case '\r' -> b.append("\\r");
            case '\t' -> b.append("\\t");
            case 0x0b -> b.append("\\v");
            default -> {
                if (isPrint(cp)) {
                    b.appendCodePoint(cp);
                } else if (cp < 0x80) {
                    b.append("\\x").append(HEX[cp >> 4]).append(HEX[cp & 0xf]);
                } else if (cp < 0x10000) {
                    appendHex(b.append("\\u"), cp, 4);
                } else {
                    appendHex(b.append("\\U"), cp, 8);
                }
            }
        }
    }

    /** Go's {@code unicode.IsPrint}: graphic characters and the ASCII space, no other spaces. */
    static boolean isPrint(int cp) {
        if (cp < 0x80) {
            return cp >= 0x20 && cp < 0x7f;
        }
        return switch (Character.getType(cp)) {
            case Character.CONTROL, Character.FORMAT, Character.PRIVATE_USE, Character.SURROGATE,
                 Character.UNASSIGNED, Character.SPACE_SEPARATOR, Character.LINE_SEPARATOR,
                 Character.PARAGRAPH_SEPARATOR -> false;
            default -> true;
        };
    }

    private static void appendHex(StringBuilder b, int v, int digits) {
        for (int shift = 4 * (digits - 1); shift >= 0; shift -= 4) {
            b.append(HEX[(v >> shift) & 0xf]);
        }
    }

    /** UTF-8 bytes of {@code s}, an unpaired surrogate encoded as U+FFFD (not the JDK's '?'). */
    private static byte[] utf8(String s) {
        StringBuilder clean = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < s.length()
                    && Character.isLowSurrogate(s.charAt(i + 1));
            if (paired) {
                if (clean != null) {
                    clean.append(c).append(s.charAt(i + 1));
                }
                i++;
            } else if (Character.isSurrogate(c)) {
                if (clean == null) {
                    clean = new StringBuilder(s.length()).append(s, 0, i);
                }
                clean.append('\uFFFD');
            } else if (clean != null) {
                clean.append(c);
            }
        }
        return (clean == null ? s : clean.toString()).getBytes(StandardCharsets.UTF_8);
    }
}
