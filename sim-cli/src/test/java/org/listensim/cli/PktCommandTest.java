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
}
