package io.drover.cli;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table like kubectl's: upper-case headers, columns left-aligned and three spaces apart. Immutable. */
final class Table {
    private final List<String> headers;
    private final List<List<String>> rows;

    private Table(List<String> headers, List<List<String>> rows) {
        this.headers = List.copyOf(headers);
        this.rows = List.copyOf(rows);
    }

    /** A table with these headers and no rows. */
    static Table of(String... headers) {
        return new Table(List.of(headers), List.of());
    }

    /** This table with one more row (null cells print as {@code <none>}). */
    Table row(Object... cells) {
        if (cells.length != headers.size()) throw new IllegalArgumentException("expected " + headers.size() + " cells, got " + cells.length);
        List<String> row = new ArrayList<>();
        for (Object c : cells) row.add(c == null ? "<none>" : c.toString());
        List<List<String>> all = new ArrayList<>(rows);
        all.add(row);
        return new Table(headers, all);
    }

    /** The rendered lines, each ending in a newline; the last column is not padded. */
    String render() {
        int[] widths = new int[headers.size()];
        for (int i = 0; i < widths.length; i++) {
            widths[i] = headers.get(i).length();
            for (List<String> r : rows) widths[i] = Math.max(widths[i], r.get(i).length());
        }
        StringBuilder sb = new StringBuilder();
        line(sb, headers, widths);
        for (List<String> r : rows) line(sb, r, widths);
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] widths) {
        StringBuilder l = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            l.append(cells.get(i));
            if (i < cells.size() - 1) l.append(" ".repeat(widths[i] - cells.get(i).length() + 3));
        }
        sb.append(l.toString().stripTrailing()).append('\n');
    }
}
