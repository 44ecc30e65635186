package io.go4j.debug.dump;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.go4j.debug.internal.dump.GoText;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Go's text conventions as go4j writes them. The same cases run against Go itself in
 * {@link GoComparisonTest}; these are the expectations written out, for when Go is not at hand.
 */
@DisplayName("Go's text conventions")
class GoTextTest {

    @Test
    @DisplayName("%q quoting keeps printable text and escapes the rest as Go does")
    void quote() {
        assertEquals("\"plain\"", GoText.quote("plain"));
        assertEquals("\"q\\\"b\\\\\"", GoText.quote("q\"b\\"));
        assertEquals("\"\\a\\b\\f\\n\\r\\t\\v\\x00\\x7f\"", GoText.quote("\u0007\b\f\n\r\t\u000b\u0000\u007f"));
        assertEquals("\"é 日本 😀\"", GoText.quote("é 日本 😀"));
        assertEquals("\"\\u00a0\\u200b\\ufeff\\u0085\"", GoText.quote("\u00a0\u200b\ufeff\u0085"));
        assertEquals("\"\\U000e0001\"", GoText.quote(new String(Character.toChars(0xE0001))));
        assertEquals("\"a\ufffdb\"", GoText.quote("a\ud800b"), "an unpaired surrogate is Go's RuneError");
    }

    @Test
    @DisplayName("traceback labels are quoted to printable ASCII, every other byte as \\xNN (Go 1.26)")
    void quoteHeader() {
        assertEquals("\"job\"", GoText.quoteHeader("job"));
        assertEquals("\"a\\\"b\\\\c\"", GoText.quoteHeader("a\"b\\c"));
        assertEquals("\"\\x09\\x0a\\xc3\\xa9\\x7f\"", GoText.quoteHeader("\t\né\u007f"));
    }
}
