package io.go4j.debug.dump;

import java.util.List;
import java.util.regex.Pattern;

/**
 * The line grammar of Go's goroutine dumps, as regular expressions read off Go's real output
 * (Go 1.19's {@code pprof.Lookup("goroutine").WriteTo(w, 2)} and {@code (w, 1)}; the header's
 * later additions, {@code in goroutine N} and Go 1.26's labels, from Go's runtime/traceback.go).
 * {@link GoComparisonTest} checks Go's own output against it before go4j's, so the grammar is
 * Go's, not go4j's idea of it.
 */
final class DumpGrammar {
    // Full format (debug=2)
    static final Pattern HEADER = Pattern.compile(
            "goroutine \\d+ \\[[a-zA-Z][a-zA-Z .()]*(, \\d+ minutes)?(, locked to thread)?( labels:\\{.*})?]:");
    static final Pattern FUNCTION = Pattern.compile("[^\\t #][^\\t]*\\(.*\\)");
    static final Pattern FILE = Pattern.compile("\\t[^\\t]+:\\d+( \\+0x[0-9a-f]+)?");
    static final Pattern CREATED_BY = Pattern.compile("created by \\S+( in goroutine \\d+)?");
    static final Pattern UNAVAILABLE = Pattern.compile("\\tgoroutine running on other thread; stack unavailable");

    // Grouped format (debug=1)
    static final Pattern TOTAL = Pattern.compile("goroutine profile: total \\d+");
    static final Pattern COUNT_AT = Pattern.compile("\\d+ @( 0x[0-9a-f]+)+");
    static final Pattern LABELS = Pattern.compile("# labels: \\{(\"([^\"\\\\]|\\\\.)*\":\"([^\"\\\\]|\\\\.)*\"(, )?)*}");
    static final Pattern HASH_FRAME = Pattern.compile("#\\t0x[0-9a-f]+\\t[^\\t]+\\+0x[0-9a-f]+\\t+[^\\t]+:\\d+");

    /** go4j's lines beyond Go (only with exactWaits or blockers). */
    static final Pattern EXTRAS = Pattern.compile("# (waited|on) .+");

    private DumpGrammar() {}

    /**
     * Checks a full dump: blocks of header, frames (function line, file line), optional
     * created-by pair, separated by one blank line, ending with a newline.
     *
     * @param who    whose output, for messages
     * @param text   the dump
     * @param extras whether go4j's '# ' lines may follow a header
     */
    static void checkFull(String who, String text, boolean extras) {
        if (!text.endsWith("\n") || text.endsWith("\n\n")) {
            throw new AssertionError(who + ": a full dump ends with exactly one newline:\n" + text);
        }
        List<String> lines = text.substring(0, text.length() - 1).lines().toList();
        int i = 0;
        while (i < lines.size()) {
            expect(who, lines, i++, HEADER);
            while (extras && i < lines.size() && EXTRAS.matcher(lines.get(i)).matches()) {
                i++;
            }
            if (i < lines.size() && UNAVAILABLE.matcher(lines.get(i)).matches()) {
                i++;
            } else {
                int frames = 0;
                while (i < lines.size() && !lines.get(i).isEmpty() && !lines.get(i).startsWith("created by ")) {
                    expect(who, lines, i++, FUNCTION);
                    expect(who, lines, i++, FILE);
                    frames++;
                }
                if (frames == 0) {
                    throw new AssertionError(who + ": line " + (i + 1) + ": a goroutine without frames\n" + text);
                }
            }
            if (i < lines.size() && lines.get(i).startsWith("created by ")) {
                expect(who, lines, i++, CREATED_BY);
                expect(who, lines, i++, FILE);
            }
            if (i < lines.size()) {
                if (!lines.get(i).isEmpty()) {
                    throw new AssertionError(who + ": line " + (i + 1) + ": a blank line between goroutines, not: "
                            + lines.get(i) + "\n" + text);
                }
                i++;
                if (i == lines.size()) {
                    throw new AssertionError(who + ": a blank line at the end\n" + text);
                }
            }
        }
    }

    /**
     * Checks a grouped dump: the total line, then groups of a count line, an optional labels line,
     * frame lines, each group ending with a blank line.
     *
     * @param who    whose output
     * @param text   the dump
     * @param extras whether go4j's '# ' lines may follow a group's count and labels
     */
    static void checkGrouped(String who, String text, boolean extras) {
        List<String> lines = text.lines().toList();
        if (!text.endsWith("\n\n")) {
            throw new AssertionError(who + ": a grouped dump ends with a blank line:\n" + text);
        }
        int i = 0;
        expect(who, lines, i++, TOTAL);
        while (i < lines.size()) {
            expect(who, lines, i++, COUNT_AT);
            if (i < lines.size() && lines.get(i).startsWith("# labels:")) {
                expect(who, lines, i++, LABELS);
            }
            while (extras && i < lines.size() && EXTRAS.matcher(lines.get(i)).matches()) {
                i++;
            }
            int frames = 0;
            while (i < lines.size() && !lines.get(i).isEmpty()) {
                expect(who, lines, i++, HASH_FRAME);
                frames++;
            }
            if (frames == 0 || i == lines.size()) {
                throw new AssertionError(who + ": line " + (i + 1) + ": a group needs frames and a blank line\n" + text);
            }
            i++;   // the blank line
        }
    }

    private static void expect(String who, List<String> lines, int i, Pattern p) {
        if (i >= lines.size()) {
            throw new AssertionError(who + ": ends early, expected " + p);
        }
        if (!p.matcher(lines.get(i)).matches()) {
            throw new AssertionError(who + ": line " + (i + 1) + " does not match " + p + ":\n" + lines.get(i)
                    + "\n---\n" + String.join("\n", lines));
        }
    }
}
