package org.listensim.scenarios.series;

import java.io.IOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One chart's data: an x column and y columns of numbers, with what a chart needs to say what they
 * are. Written as CSV ({@link #writeCsv}) and charted by {@link Charts}.
 *
 * @param name file stem ({@code syn-table} gives {@code syn-table.csv}, {@code .png}, {@code .svg})
 * @param title the chart's title
 * @param xLabel the x axis, with its unit
 * @param yLabel the y axis, with its unit
 * @param columns CSV header: the x column first, then one per series
 * @param legends the legend of each y column (same order as {@code columns} without the first)
 * @param rows one array per row, {@code columns.size()} values each
 * @param limits y columns drawn as dashed limit lines
 * @param charted y columns the chart shows (the CSV has all of them)
 */
public record SeriesTable(
    String name,
    String title,
    String xLabel,
    String yLabel,
    List<String> columns,
    List<String> legends,
    List<double[]> rows,
    Set<String> limits,
    Set<String> charted) {

  public SeriesTable {
    columns = List.copyOf(columns);
    legends = List.copyOf(legends);
    rows = List.copyOf(rows);
    limits = Set.copyOf(limits);
    charted = Set.copyOf(charted);
    if (legends.size() != columns.size() - 1) {
      throw new IllegalArgumentException("one legend per y column");
    }
  }

  /** The values of one column. */
  public double[] column(String column) {
    int i = columns.indexOf(column);
    if (i < 0) {
      throw new IllegalArgumentException("no column " + column);
    }
    double[] out = new double[rows.size()];
    for (int r = 0; r < out.length; r++) {
      out[r] = rows.get(r)[i];
    }
    return out;
  }

  /** Writes {@code <dir>/<name>.csv}: the header, then one line per row; returns the file. */
  public Path writeCsv(Path dir) throws IOException {
    Files.createDirectories(dir);
    Path f = dir.resolve(name + ".csv");
    try (Writer w = Files.newBufferedWriter(f, StandardCharsets.UTF_8)) {
      w.write(String.join(",", columns));
      w.write('\n');
      for (double[] row : rows) {
        List<String> cells = new ArrayList<>(row.length);
        for (double v : row) {
          cells.add(number(v));
        }
        w.write(String.join(",", cells));
        w.write('\n');
      }
    }
    return f;
  }

  /** A number as CSV shows it: integers without a decimal point, others in plain decimal. */
  public static String number(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return "";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
  }
}
