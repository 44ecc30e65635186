package io.go4j.debug.pprof;

import static org.junit.jupiter.api.Assertions.*;

import java.util.ArrayList;
import java.util.List;

/** TextFormats checks the shape of Go's legacy text profiles, line by line. */
final class TextFormats {
    private TextFormats() {}

    /**
     * Checks the record that starts at {@code lines[at]}: "delay count @ 0x.. 0x..", then one
     * "#" line per address, with the same addresses in the same order, tab-aligned columns, and
     * a blank line; the count is {@code count}. Go's "#" lines show each return address minus
     * {@code pcOffset} (1: the call instruction); go4j's synthetic addresses are the same on both
     * (0).
     */
    static void checkContentionRecord(List<String> lines, int at, long count, int pcOffset) {
        String head = lines.get(at);
        assertTrue(head.matches("\\d+ \\d+ @( 0x[0-9a-f]+)+"), "record line: " + head);
        String[] parts = head.split(" ");
        assertEquals(count, Long.parseLong(parts[1]), head);
        assertTrue(Long.parseLong(parts[0]) > 0, "delay > 0: " + head);
        List<String> addresses = List.of(parts).subList(3, parts.length);
        List<String> frames = new ArrayList<>();
        int i = at + 1;
        while (lines.get(i).startsWith("#")) {
            frames.add(lines.get(i));
            i++;
        }
        assertEquals("", lines.get(i), "a blank line ends the record");
        assertTrue(frames.size() == addresses.size() || (pcOffset == 1 && frames.size() == addresses.size() - 1),
                "one # line per address (Go hides the last, runtime.goexit): " + head + "\n" + frames);
        int funcColumn = -1;
        int fileColumn = -1;
        for (int k = 0; k < frames.size(); k++) {
            String f = frames.get(k);
            assertTrue(f.matches("#\\t0x[0-9a-f]+\\t+\\S+\\+0x[0-9a-f]+\\t+\\S+:\\d+"), "frame line: " + f);
            String[] cells = f.split("\\t+");
            assertEquals(Long.parseLong(addresses.get(k).substring(2), 16) - pcOffset,
                    Long.parseLong(cells[1].substring(2), 16), "address of " + f);
            String expanded = expandTabs(f);
            int func = expanded.indexOf(cells[2]);
            int file = expanded.lastIndexOf(cells[3]);
            if (k == 0) {
                funcColumn = func;
                fileColumn = file;
            }
            assertEquals(funcColumn, func, "functions start in one column (tab width 8): " + frames);
            assertEquals(fileColumn, file, "files start in one column (tab width 8): " + frames);
            assertEquals(0, func % 8);
        }
    }

    static String expandTabs(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '\t') {
                do {
                    b.append(' ');
                } while (b.length() % 8 != 0);
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
