package org.mplbench.reports;

import java.util.ArrayList;
import java.util.List;

/** A GitHub-flavoured Markdown table; pipes in cells are escaped. Rendering is deterministic. */
public final class MarkdownTable {

    private final List<String> header;
    private final List<Boolean> rightAligned;
    private final List<List<String>> rows = new ArrayList<>();

    public MarkdownTable(List<String> header, List<Boolean> rightAligned) {
        if (header.size() != rightAligned.size()) {
            throw new IllegalArgumentException("header and alignment differ in length");
        }
        this.header = List.copyOf(header);
        this.rightAligned = List.copyOf(rightAligned);
    }

    public MarkdownTable row(List<String> cells) {
        if (cells.size() != header.size()) {
            throw new IllegalArgumentException("row has " + cells.size() + " cells, header " + header.size());
        }
        rows.add(List.copyOf(cells));
        return this;
    }

    public String render() {
        StringBuilder sb = new StringBuilder();
        line(sb, header);
        sb.append('|');
        for (boolean right : rightAligned) {
            sb.append(right ? "---:|" : "---|");
        }
        sb.append('\n');
        for (List<String> r : rows) {
            line(sb, r);
        }
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells) {
        sb.append('|');
        for (String c : cells) {
            sb.append(' ').append(c.replace("|", "\\|")).append(" |");
        }
        sb.append('\n');
    }
}
