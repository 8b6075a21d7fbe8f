package org.listensim.scenarios.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpSegment;
import org.listensim.scenarios.RunObserver;
import org.listensim.scenarios.RunOptions;
import org.listensim.scenarios.RunResult;
import org.listensim.scenarios.Scenario;
import org.listensim.scenarios.ScenarioLoader;
import org.listensim.scenarios.ScenarioRunner;

/**
 * The capture read back by a real reader: Debian's tshark, with IP and TCP checksum validation on,
 * decodes every packet with the flags, sequence numbers and options the simulator saw, finds no
 * malformed packet and no checksum error. Skipped (not failed) where tshark is not installed; CI
 * ({@code .ci/run}) installs it.
 */
class PcapTsharkTest {
  @TempDir Path dir;

  /** Overflow with tcp_abort_on_overflow (SYN, SYN-ACK, ACK, RST), timestamps (so SACK and wscale too). */
  static final String SCENARIO = """
      name: capture
      duration: 3s
      sysctl: { net.ipv4.tcp_abort_on_overflow: 1 }
      server: { address: 10.0.0.100, listen: { backlog: 2 }, app: { accept: never } }
      clients:
        - { name: web, count: 6, start: 1ms, interval: 30ms, from: 10.0.0.1/32, timestamps: true }
        - { name: old, count: 3, start: 2ms, interval: 40ms, from: 10.0.1.1/32, timestamps: false }
      """;

  record Seen(long timeNanos, boolean inbound, TcpSegment seg) {}

  static Scenario scenario() throws Exception {
    return ScenarioLoader.parse("capture.yaml", SCENARIO, "capture");
  }

  static boolean tsharkPresent() {
    for (String d : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (!d.isEmpty() && Files.isExecutable(Path.of(d, "tshark"))) {
        return true;
      }
    }
    return false;
  }

  @Test
  void tsharkDecodesEveryPacketWithValidChecksums() throws Exception {
    assumeTrue(tsharkPresent(), "tshark is not installed: skipping the pcap integration test"
        + " (apt-get install tshark; .ci/run installs it)");
    Path pcap = dir.resolve("capture.pcap");
    List<Seen> seen = new ArrayList<>();
    RunResult r;
    try (OutputStream out = Files.newOutputStream(pcap); PcapCapture capture = new PcapCapture(out)) {
      RunObserver record = new RunObserver() {
        @Override
        public void segment(long timeNanos, boolean inbound, TcpSegment segment) {
          seen.add(new Seen(timeNanos, inbound, segment));
        }
      };
      r = ScenarioRunner.run(scenario(), RunOptions.DEFAULT.withObserver(RunObserver.all(capture, record)));
    }
    // Every segment on the server's interface: all it received (InSegs counts each, dropped or not)
    // and all it sent.
    assertThat(seen.stream().filter(Seen::inbound).count()).isEqualTo(r.counter(MibCounter.IN_SEGS));
    assertThat(seen.stream().filter(s -> !s.inbound()).count()).isEqualTo(r.emitted().size());
    assertThat(seen).anyMatch(s -> s.seg().has(TcpFlags.RST));
    assertThat(seen).anyMatch(s -> s.seg().options().timestamp() && s.seg().options().sackOk()
        && s.seg().options().wscale() >= 0 && s.seg().options().mss() >= 0);
    assertThat(seen).anyMatch(s -> !s.seg().options().timestamp() && s.seg().has(TcpFlags.SYN));

    List<String> fields = List.of("frame.time_epoch", "ip.src", "tcp.srcport", "ip.dst", "tcp.dstport",
        "tcp.flags", "tcp.seq_raw", "tcp.ack_raw", "tcp.window_size_value", "tcp.len", "tcp.options.mss_val",
        "tcp.options.wscale.shift", "tcp.options.sack_perm", "tcp.options.timestamp.tsval",
        "tcp.options.timestamp.tsecr", "ip.checksum.status", "tcp.checksum.status", "_ws.malformed",
        "_ws.expert.severity");
    List<String> cmd = new ArrayList<>(List.of("tshark", "-n", "-r", pcap.toString(),
        "-o", "ip.check_checksum:TRUE", "-o", "tcp.check_checksum:TRUE", "-o", "tcp.relative_sequence_numbers:FALSE",
        "-T", "fields", "-E", "separator=|", "-E", "occurrence=f"));
    for (String f : fields) {
      cmd.add("-e");
      cmd.add(f);
    }
    List<String> lines = tshark(cmd);
    assertThat(lines).hasSize(seen.size());
    for (int i = 0; i < lines.size(); i++) {
      String[] c = lines.get(i).split("\\|", -1);
      TcpSegment s = seen.get(i).seg();
      String at = "packet " + (i + 1) + " (" + s + "): ";
      assertThat(new BigDecimal(c[0])).as(at + "time")
          .isEqualByComparingTo(BigDecimal.valueOf(seen.get(i).timeNanos(), 9));
      assertThat(c[1] + ":" + c[2]).as(at + "src").isEqualTo(Ipv4.format(s.saddr(), s.sport()));
      assertThat(c[3] + ":" + c[4]).as(at + "dst").isEqualTo(Ipv4.format(s.daddr(), s.dport()));
      assertThat(Integer.decode(c[5])).as(at + "flags").isEqualTo(s.flags());
      assertThat(Long.parseLong(c[6])).as(at + "seq").isEqualTo(Integer.toUnsignedLong(s.seq()));
      if (s.has(TcpFlags.ACK)) {
        assertThat(Long.parseLong(c[7])).as(at + "ack").isEqualTo(Integer.toUnsignedLong(s.ack()));
      }
      assertThat(Integer.parseInt(c[8])).as(at + "window").isEqualTo(s.window());
      assertThat(Integer.parseInt(c[9])).as(at + "len").isEqualTo(s.payloadLength());
      assertThat(c[10]).as(at + "mss").isEqualTo(s.options().mss() >= 0 ? "" + s.options().mss() : "");
      assertThat(c[11]).as(at + "wscale").isEqualTo(s.options().wscale() >= 0 ? "" + s.options().wscale() : "");
      assertThat(!c[12].isEmpty()).as(at + "sackOK").isEqualTo(s.options().sackOk());
      assertThat(c[13]).as(at + "tsval")
          .isEqualTo(s.options().timestamp() ? Integer.toUnsignedString(s.options().tsval()) : "");
      assertThat(c[14]).as(at + "tsecr")
          .isEqualTo(s.options().timestamp() ? Integer.toUnsignedString(s.options().tsecr()) : "");
      assertThat(c[15]).as(at + "IP checksum status (1 = good)").isEqualTo("1");
      assertThat(c[16]).as(at + "TCP checksum status (1 = good)").isEqualTo("1");
      assertThat(c[17]).as(at + "malformed").isEmpty();
    }
    // No malformed packet and no expert error anywhere in the file.
    assertThat(tshark(List.of("tshark", "-n", "-r", pcap.toString(), "-o", "ip.check_checksum:TRUE",
        "-o", "tcp.check_checksum:TRUE", "-Y", "_ws.malformed || _ws.expert.severity == error"))).isEmpty();
  }

  private static List<String> tshark(List<String> cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    p.getInputStream().transferTo(out);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as("tshark exit code").isZero();
    String text = out.toString(StandardCharsets.UTF_8);
    return text.isBlank() ? List.of() : List.of(text.strip().split("\n"));
  }
}
