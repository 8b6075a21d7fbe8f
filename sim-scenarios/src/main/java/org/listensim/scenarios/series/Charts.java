package org.listensim.scenarios.series;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.knowm.xchart.BitmapEncoder;
import org.knowm.xchart.VectorGraphicsEncoder;
import org.knowm.xchart.XYChart;
import org.knowm.xchart.XYChartBuilder;
import org.knowm.xchart.XYSeries;
import org.knowm.xchart.style.Styler;
import org.knowm.xchart.style.markers.SeriesMarkers;

/** Draws {@link SeriesTable}s as line charts (xchart) and saves them as PNG and SVG. */
public final class Charts {
  public static final int WIDTH = 900;
  public static final int HEIGHT = 540;
  /** Series colours in order (Okabe–Ito, readable by colour-blind readers); limits are dark grey. */
  public static final List<Color> PALETTE = List.of(new Color(0, 114, 178), new Color(213, 94, 0),
      new Color(0, 158, 115), new Color(204, 121, 167), new Color(230, 159, 0), new Color(86, 180, 233),
      new Color(0, 0, 0), new Color(240, 228, 66));
  public static final Color LIMIT = new Color(64, 64, 64);

  static {
    if (System.getProperty("java.awt.headless") == null) {
      System.setProperty("java.awt.headless", "true");
    }
  }

  private Charts() {}

  /** Makes sure java.awt.headless is set (by this class's initialiser) before a chart is built. */
  public static void headless() {}

  /** The chart of a table: one line per charted column, limits dashed, no markers. */
  public static XYChart chart(SeriesTable t) {
    headless();
    XYChart c = new XYChartBuilder().width(WIDTH).height(HEIGHT).title(t.title())
        .xAxisTitle(t.xLabel()).yAxisTitle(t.yLabel()).build();
    style(c);
    double[] x = t.column(t.columns().get(0));
    int colour = 0;
    for (int i = 1; i < t.columns().size(); i++) {
      String col = t.columns().get(i);
      if (!t.charted().contains(col)) {
        continue;
      }
      XYSeries s = c.addSeries(t.legends().get(i - 1), x, t.column(col));
      s.setMarker(SeriesMarkers.NONE);
      if (t.limits().contains(col)) {
        s.setLineStyle(new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f,
            new float[] {6f, 4f}, 0f));
        s.setLineColor(LIMIT);
      } else {
        s.setLineColor(PALETTE.get(colour++ % PALETTE.size()));
      }
    }
    return c;
  }

  /** The look of every chart: white, light grid, legend below the plot, plain decimal ticks. */
  public static void style(XYChart c) {
    c.getStyler().setLegendPosition(Styler.LegendPosition.OutsideS);
    c.getStyler().setLegendLayout(Styler.LegendLayout.Horizontal);
    c.getStyler().setXAxisDecimalPattern("#,##0.###");
    c.getStyler().setYAxisDecimalPattern("#,##0.###");
    c.getStyler().setChartBackgroundColor(Color.WHITE);
    c.getStyler().setPlotBackgroundColor(Color.WHITE);
    c.getStyler().setPlotGridLinesColor(new Color(220, 220, 220));
    c.getStyler().setAntiAlias(true);
  }

  /**
   * Saves a chart as {@code <dir>/<name>.png} and {@code .svg}; returns both files. A table without
   * rows has nothing to draw and gives no files.
   */
  public static List<Path> save(SeriesTable t, Path dir) throws IOException {
    if (t.rows().isEmpty()) {
      return List.of();
    }
    return save(chart(t), t.name(), dir);
  }

  /** Saves any chart as {@code <dir>/<name>.png} and {@code .svg}; returns both files. */
  public static List<Path> save(XYChart chart, String name, Path dir) throws IOException {
    Files.createDirectories(dir);
    List<Path> out = new ArrayList<>();
    Path png = dir.resolve(name + ".png");
    try (OutputStream o = Files.newOutputStream(png)) {
      BitmapEncoder.saveBitmap(chart, o, BitmapEncoder.BitmapFormat.PNG);
    }
    out.add(png);
    Path svg = dir.resolve(name + ".svg");
    ByteArrayOutputStream buf = new ByteArrayOutputStream();
    VectorGraphicsEncoder.saveVectorGraphic(chart, buf, VectorGraphicsEncoder.VectorGraphicsFormat.SVG);
    Files.writeString(svg, annotate(buf.toString(StandardCharsets.UTF_8), chart), StandardCharsets.UTF_8);
    out.add(svg);
    return out;
  }

  /**
   * The SVG with a {@code <title>} (the chart's title) and a {@code <desc>} naming the axes and series
   * (xchart draws text as outlines, so nothing else in the file says what it shows), and with its
   * clip-path ids numbered from 1 so the same chart gives the same file.
   */
  static String annotate(String svg, XYChart chart) {
    Map<String, String> ids = new LinkedHashMap<>();
    Matcher m = Pattern.compile("clip\\d+").matcher(svg);
    StringBuilder b = new StringBuilder();
    while (m.find()) {
      String id = ids.computeIfAbsent(m.group(), k -> "clip" + (ids.size() + 1));
      m.appendReplacement(b, id);
    }
    m.appendTail(b);
    String s = b.toString();
    int open = s.indexOf("<svg");
    int end = open < 0 ? -1 : s.indexOf('>', open);
    if (end < 0) {
      return s;
    }
    String desc = "x: " + chart.getXAxisTitle() + "; y: " + chart.getYAxisTitle() + "; series: "
        + String.join("; ", chart.getSeriesCollection().stream().map(x -> x.getName()).toList());
    return s.substring(0, end + 1) + "\n  <title>" + xml(chart.getTitle()) + "</title>\n  <desc>" + xml(desc)
        + "</desc>" + s.substring(end + 1);
  }

  private static String xml(String t) {
    return t.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }
}
