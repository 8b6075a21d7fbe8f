package org.listensim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code listensim pkt}: results per script and the exit codes 0 (pass), 3 (mismatch), 2 (bad input). */
class PktCommandTest {
  @TempDir Path dir;

  private static final String HANDSHAKE = String.join("\n",
      "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
      "+0 bind(3, ..., ...) = 0",
      "+0 listen(3, 5) = 0",
      "0.1 < S 0:0(0) win 5840 <mss 1460>",
      "+0 > S. 0:0(0) ack 1 win 5840 <mss 1460>",
      "0.2 < . 1:1(0) ack 1 win 5840",
      "+0 accept(3, ..., ...) = 4",
      "");

  private Path script(String name, String text) throws Exception {
    Path p = dir.resolve(name);
    Files.writeString(p, text);
    return p;
  }

  @Test
  void passingScriptExitsZeroAndPrintsPass() throws Exception {
    CliTest.Result r = CliTest.run("pkt", script("ok.pkt", HANDSHAKE).toString());
    assertThat(r.rc()).isZero();
    assertThat(r.out()).contains("ok.pkt: PASS (1 segments");
  }

  @Test
  void mismatchExitsThreeWithTheLineAndBothPackets() throws Exception {
    CliTest.Result r = CliTest.run("pkt", script("bad.pkt", HANDSHAKE.replace("ack 1 win 5840 <mss", "ack 2 win 5840 <mss")).toString());
    assertThat(r.rc()).isEqualTo(PktCommand.SCRIPT_FAILED);
    assertThat(r.err()).contains("bad.pkt:5:").contains("expected: 0.100000 > S. 0:0(0) ack 2")
        .contains("actual:   0.100000 > S. 0:0(0) ack 1");
  }

  @Test
  void syntaxErrorAndMissingFileExitTwo() throws Exception {
    CliTest.Result syntax = CliTest.run("pkt", script("syntax.pkt", "0 socket(..., SOCK_STREAM = 3\n").toString());
    assertThat(syntax.rc()).isEqualTo(Main.BAD_INPUT);
    assertThat(syntax.err()).contains("syntax.pkt:2:1: expected ',' or ')' in the argument list");
    CliTest.Result missing = CliTest.run("pkt", dir.resolve("nope.pkt").toString());
    assertThat(missing.rc()).isEqualTo(Main.BAD_INPUT);
    assertThat(missing.err()).contains("no such file");
  }

  @Test
  void jsonHasEmittedSegmentsWithTheirFields() throws Exception {
    CliTest.Result r = CliTest.run("pkt", "--json", script("ok.pkt", HANDSHAKE).toString());
    assertThat(r.rc()).isZero();
    JsonNode s = CliTest.json(r.out()).get("scripts").get(0);
    assertThat(s.get("passed").asBoolean()).isTrue();
    JsonNode e = s.get("emitted").get(0);
    assertThat(e.get("timeMs").asDouble()).isEqualTo(100.0);
    assertThat(e.get("flags").asText()).isEqualTo("SA");
    assertThat(e.get("dst").asText()).isEqualTo("192.0.2.1:40000");
    assertThat(e.get("mss").asInt()).isEqualTo(1460);
    assertThat(e.get("ack").asLong()).isEqualTo(1);
  }

  @Test
  void recordModePrintsTheKernelsPackets() throws Exception {
    String inboundOnly = HANDSHAKE.replace("+0 > S. 0:0(0) ack 1 win 5840 <mss 1460>\n", "");
    CliTest.Result r = CliTest.run("pkt", "--record", script("rec.pkt", inboundOnly).toString());
    assertThat(r.rc()).isZero();
    assertThat(r.out()).contains("> S. 0:0(0) ack 1 win 5840 <mss 1460>");
  }

  /** A scenario file may embed a script: it runs with the scenario's sysctls, like listensim pkt. */
  @Test
  void scenarioWithAScriptRunsItWithTheScenariosSysctls() throws Exception {
    String yaml = "name: scripted\nsysctl: { net.ipv4.tcp_abort_on_overflow: 1 }\nscript: |\n"
        + "  0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
        + "  +0 bind(3, ..., ...) = 0\n"
        + "  +0 listen(3, 0) = 0\n"
        + "  0.1 < 10.0.0.1:40000 S 1000:1000(0) win 5840 <mss 1460>\n"
        + "  +0 > 10.0.0.1:40000 S. 0:0(0) ack 1001 win 5840 <mss 1460>\n"
        + "  +0 < 10.0.0.1:40000 . 1001:1001(0) ack 1 win 5840\n"
        + "  0.2 < 10.0.0.2:40000 S 2000:2000(0) win 5840 <mss 1460>\n"
        + "  +0 > 10.0.0.2:40000 S. 0:0(0) ack 2001 win 5840 <mss 1460>\n"
        + "  +0 < 10.0.0.2:40000 . 2001:2001(0) ack 1 win 5840\n"
        // tcp_abort_on_overflow 1 from the scenario: the second ACK overflows a backlog-0 queue and is reset.
        + "  +0 > 10.0.0.2:40000 R 1:1(0) win 0\n";
    Path f = script("scripted.yaml", yaml);
    CliTest.Result r = CliTest.run("run", f.toString());
    assertThat(r.rc()).as(r.err()).isZero();
    assertThat(r.out()).contains("scripted: PASS (3 segments");
    CliTest.Result j = CliTest.run("run", "--json", f.toString());
    JsonNode doc = CliTest.json(j.out());
    assertThat(doc.get("scenario").asText()).isEqualTo("scripted");
    assertThat(doc.get("emitted").get(2).get("flags").asText()).isEqualTo("R");
    CliTest.Result off = CliTest.run("run", script("off.yaml", yaml.replace("tcp_abort_on_overflow: 1",
        "tcp_abort_on_overflow: 0")).toString());
    assertThat(off.rc()).isEqualTo(PktCommand.SCRIPT_FAILED);
    assertThat(CliTest.run("run", "--pcap", dir.resolve("x.pcap").toString(), f.toString()).rc())
        .isEqualTo(Main.BAD_INPUT);
  }
}
