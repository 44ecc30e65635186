package io.go4j.debug.internal.dump;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * TabWriter aligns tab-separated cells into columns exactly as Go's {@code text/tabwriter} does
 * with the settings pprof's legacy text profiles use ({@code NewWriter(w, 1, 8, 1, '\t', 0)}:
 * minimum cell width 1, tab width 8, padding 1, padded with tabs), so that go4j's
 * {@code debug=1} output has pprof's columns byte for byte.
 *
 * <p>Text is buffered until {@link #flush()}. A cell is text terminated by a tab; the text after
 * a line's last tab is not in a column. A column block is a run of consecutive lines that all
 * have a cell in that column (inside their block of the column to the left); its width is its
 * widest cell plus the padding, and each cell is padded with as many tabs as it takes to reach
 * the next multiple of the tab width at or beyond that width.
 */
public final class TabWriter {
    /*
     * Implementation notes: written from text/tabwriter's documented behaviour (column blocks,
     * tab padding rounded to the tab width); widths count code points, as Go counts runes. The
     * recursion follows the definition: lay out column c's blocks, and within each block lay out
     * column c+1 with the widths found so far.
     */

    private static final int MIN_WIDTH = 1;
    private static final int TAB_WIDTH = 8;
    private static final int PADDING = 1;

    private final Appendable out;
    private final StringBuilder pending = new StringBuilder();   // text not yet flushed

    /**
     * Creates a writer.
     *
     * @param out where {@link #flush()} writes
     */
    public TabWriter(Appendable out) {
        this.out = out;
    }

    /**
     * Buffers {@code text}.
     *
     * @param text cells and lines
     * @return this
     */
    public TabWriter write(String text) {
        pending.append(text);
        return this;
    }

    /**
     * Lays out and writes everything buffered.
     *
     * @throws IOException if the output throws
     */
    public void flush() throws IOException {
        List<List<String>> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < pending.length(); i++) {
            if (pending.charAt(i) == '\n') {
                lines.add(cells(pending.substring(start, i)));
                start = i + 1;
            }
        }
        String tail = pending.substring(start);   // an unterminated last line, written as is
        pending.setLength(0);
        StringBuilder b = new StringBuilder();
        layout(b, lines, 0, lines.size(), new int[0]);
        out.append(b).append(tail);
    }

    private void layout(StringBuilder b, List<List<String>> lines, int line0, int line1, int[] widths) {
        int column = widths.length;
        int printed = line0;
        int i = line0;
        while (i < line1) {
            if (lines.get(i).size() - 1 <= column) {
                i++;
                continue;
            }
            writeLines(b, lines, printed, i, widths);
            int width = MIN_WIDTH;
            int j = i;
            for (; j < line1 && lines.get(j).size() - 1 > column; j++) {
                String cell = lines.get(j).get(column);
                width = Math.max(width, cell.codePointCount(0, cell.length()) + PADDING);
            }
            int[] inner = java.util.Arrays.copyOf(widths, column + 1);
            inner[column] = width;
            layout(b, lines, i, j, inner);
            printed = i = j;
        }
        writeLines(b, lines, printed, line1, widths);
    }

    private static void writeLines(StringBuilder b, List<List<String>> lines, int from, int to, int[] widths) {
        for (int i = from; i < to; i++) {
            List<String> cells = lines.get(i);
            for (int j = 0; j < cells.size(); j++) {
                String cell = cells.get(j);
                b.append(cell);
                if (j < widths.length && j < cells.size() - 1) {
                    int cellWidth = (widths[j] + TAB_WIDTH - 1) / TAB_WIDTH * TAB_WIDTH;
                    int pad = cellWidth - cell.codePointCount(0, cell.length());
                    b.repeat('\t', (pad + TAB_WIDTH - 1) / TAB_WIDTH);
                }
            }
            b.append('\n');
        }
    }

    private static List<String> cells(String line) {
        List<String> cells = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == '\t') {
                cells.add(line.substring(start, i));
                start = i + 1;
            }
        }
        cells.add(line.substring(start));
        return cells;
    }
}
