package org.listensim.scenarios.series;

import static org.assertj.core.api.Assertions.assertThat;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.listensim.scenarios.RunObserver;
import org.listensim.scenarios.RunOptions;
import org.listensim.scenarios.RunResult;
import org.listensim.scenarios.Scenario;
import org.listensim.scenarios.ScenarioLoader;
import org.listensim.scenarios.ScenarioRunner;
import org.listensim.scenarios.capture.PcapCapture;
import org.w3c.dom.Document;

/**
 * Every chart file opened as what it claims to be (a PNG ImageIO decodes, an SVG an XML parser reads)
 * holding the expected series (their colours drawn; their names in the SVG's description), and the CSV
 * series agreeing with the run's final state.
 */
class ChartFilesTest {
  @TempDir static Path dir;
  static RunResult result;
  static List<SeriesTable> tables;

  static final String SCENARIO = """
      name: charts
      duration: 2s
      server: { address: 10.0.0.100, listen: { backlog: 3 }, app: { rate: 5/s } }
      clients:
        - { name: web, count: 20, start: 1ms, interval: 20ms, from: 10.0.0.1/32 }
      """;

  @BeforeAll
  static void run() throws Exception {
    Scenario s = ScenarioLoader.parse("charts.yaml", SCENARIO, "charts");
    SeriesRecorder rec = new SeriesRecorder(10_000_000L);
    result = ScenarioRunner.run(s, RunOptions.DEFAULT.withObserver(rec));
    tables = rec.tables();
    for (SeriesTable t : tables) {
      Charts.save(t, dir);
      t.writeCsv(dir);
    }
  }

  @Test
  void theFiveChartsAreThere() {
    assertThat(tables).extracting(SeriesTable::name)
        .containsExactly("syn-table", "accept-queue", "outcomes", "connect-latency-cdf", "counters");
    for (SeriesTable t : tables) {
      assertThat(dir.resolve(t.name() + ".png")).exists();
      assertThat(dir.resolve(t.name() + ".svg")).exists();
      assertThat(dir.resolve(t.name() + ".csv")).exists();
      assertThat(t.title()).isNotBlank();
      assertThat(t.xLabel()).matches(".*\\((ms|simulated time \\(ms\\))\\)|.*\\(ms\\)");
    }
  }

  @Test
  void pngsDecodeAndShowEverySeriesColour() throws Exception {
    for (SeriesTable t : tables) {
      byte[] bytes = Files.readAllBytes(dir.resolve(t.name() + ".png"));
      assertThat(bytes).startsWith(0x89, 'P', 'N', 'G', 0x0D, 0x0A, 0x1A, 0x0A);
      BufferedImage img = ImageIO.read(dir.resolve(t.name() + ".png").toFile());
      assertThat(img).as(t.name()).isNotNull();
      assertThat(img.getWidth()).isEqualTo(Charts.WIDTH);
      assertThat(img.getHeight()).isEqualTo(Charts.HEIGHT);
      for (Color c : seriesColours(t)) {
        assertThat(pixelsNear(img, c)).as(t.name() + " draws colour " + c).isGreaterThan(10);
      }
    }
  }

  @Test
  void svgsParseAndNameEverySeries() throws Exception {
    for (SeriesTable t : tables) {
      String svg = Files.readString(dir.resolve(t.name() + ".svg"), StandardCharsets.UTF_8);
      DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
      f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
      Document doc = f.newDocumentBuilder().parse(dir.resolve(t.name() + ".svg").toFile());
      assertThat(doc.getDocumentElement().getTagName()).isEqualTo("svg");
      assertThat(doc.getElementsByTagName("title").item(0).getTextContent()).isEqualTo(t.title());
      String desc = doc.getElementsByTagName("desc").item(0).getTextContent();
      assertThat(desc).contains("x: " + t.xLabel(), "y: " + t.yLabel());
      for (int i = 1; i < t.columns().size(); i++) {
        if (t.charted().contains(t.columns().get(i))) {
          assertThat(desc).contains(t.legends().get(i - 1));
        }
      }
      for (Color c : seriesColours(t)) {
        assertThat(svg).as(t.name()).contains("stroke:rgb(" + c.getRed() + "," + c.getGreen() + "," + c.getBlue() + ")");
      }
    }
  }

  @Test
  void sameChartSameSvg() throws Exception {
    Path other = dir.resolve("again");
    Charts.save(tables.get(0), other);
    assertThat(Files.readString(other.resolve("syn-table.svg"))).isEqualTo(Files.readString(dir.resolve("syn-table.svg")));
  }

  @Test
  void csvSeriesEndAtTheRunsFinalState() throws Exception {
    List<String> acc = Files.readAllLines(dir.resolve("accept-queue.csv"));
    assertThat(acc.get(0)).isEqualTo("time_ms,accept_queue,accept_queue_limit");
    assertThat(acc).hasSize(1 + 201); // 0, 10, ..., 2000 ms
    assertThat(acc.get(acc.size() - 1)).isEqualTo("2000," + result.listener().recvQ() + "," + result.listener().sendQ());
    List<String> syn = Files.readAllLines(dir.resolve("syn-table.csv"));
    assertThat(syn.get(syn.size() - 1)).startsWith("2000," + result.listener().synQueue() + ",");
    List<String> outcomes = Files.readAllLines(dir.resolve("outcomes.csv"));
    assertThat(outcomes.get(0)).isEqualTo("time_ms,attempts,accepted,refused,reset,timed_out,in_progress");
    assertThat(outcomes.get(outcomes.size() - 1)).startsWith("2000,20,"
        + result.outcome(org.listensim.scenarios.workload.Outcome.ACCEPTED) + ",");
    List<String> cdf = Files.readAllLines(dir.resolve("connect-latency-cdf.csv"));
    assertThat(cdf.get(cdf.size() - 1)).endsWith(",1");
    assertThat(result.connectLatency().count()).isPositive();
  }

  @Test
  void observersDoNotChangeTheRun() throws Exception {
    Scenario s = ScenarioLoader.parse("charts.yaml", SCENARIO, "charts");
    RunResult plain = ScenarioRunner.run(s);
    RunObserver both = RunObserver.all(new PcapCapture(new ByteArrayOutputStream()), new SeriesRecorder(1_000_000L));
    RunResult observed = ScenarioRunner.run(s, RunOptions.DEFAULT.withObserver(both));
    assertThat(observed.digest()).isEqualTo(plain.digest());
    assertThat(observed.traceRecords()).isEqualTo(plain.traceRecords());
  }

  private static List<Color> seriesColours(SeriesTable t) {
    java.util.ArrayList<Color> out = new java.util.ArrayList<>();
    int k = 0;
    for (int i = 1; i < t.columns().size(); i++) {
      String c = t.columns().get(i);
      if (!t.charted().contains(c)) {
        continue;
      }
      out.add(t.limits().contains(c) ? Charts.LIMIT : Charts.PALETTE.get(k++ % Charts.PALETTE.size()));
    }
    return out;
  }

  private static int pixelsNear(BufferedImage img, Color c) {
    int n = 0;
    for (int y = 0; y < img.getHeight(); y++) {
      for (int x = 0; x < img.getWidth(); x++) {
        Color p = new Color(img.getRGB(x, y));
        if (Math.abs(p.getRed() - c.getRed()) < 12 && Math.abs(p.getGreen() - c.getGreen()) < 12
            && Math.abs(p.getBlue() - c.getBlue()) < 12) {
          n++;
        }
      }
    }
    return n;
  }
}
