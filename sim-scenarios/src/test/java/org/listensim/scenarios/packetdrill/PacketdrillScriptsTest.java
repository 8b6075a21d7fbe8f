package org.listensim.scenarios.packetdrill;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The project's scripts pass against the simulated 2.6.32 kernel, and fail when they say something else. */
class PacketdrillScriptsTest {
  static final PacketdrillRunner.Options DEFAULTS = PacketdrillRunner.Options.defaults();

  static String script(String name) {
    try (InputStream in = PacketdrillScriptsTest.class.getResourceAsStream("/packetdrill/" + name)) {
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException | NullPointerException e) {
      throw new AssertionError("missing script " + name, e);
    }
  }

  static RunReport run(String name, String text) {
    return PacketdrillRunner.run(name, text, DEFAULTS);
  }

  @ParameterizedTest
  @ValueSource(strings = {"backlog-plus-one.pkt", "overflow-no-abort.pkt", "overflow-abort.pkt",
      "synack-retransmit.pkt", "cookie-handshake.pkt", "stray-segments.pkt", "blocking-accept.pkt",
      "client-data.pkt", "client-refused.pkt", "defer-accept.pkt"})
  void projectScript_passesAgainstTheModel(String name) {
    RunReport r = run(name, script(name));
    assertThat(r.failure()).as(r.render()).isNull();
    assertThat(r.passed()).isTrue();
  }

  @Test
  void bundledExample_passes() throws IOException {
    try (InputStream in = PacketdrillRunner.class.getResourceAsStream("/packetdrill/listen-overflow-example.pkt")) {
      RunReport r = run("listen-overflow-example.pkt", new String(in.readAllBytes(), StandardCharsets.UTF_8));
      assertThat(r.failure()).as(r.render()).isNull();
    }
  }

  @Test
  void portForm_addressesASecondListenerAndARemotePort() {
    String text = String.join("\n",
        "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3",
        "+0 bind(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"192.168.0.1\")}, 16) = 0",
        "+0 listen(3, 5) = 0",
        "+0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 4",
        "+0 bind(4, {sa_family=AF_INET, sin_port=htons(8081), sin_addr=inet_addr(\"192.168.0.1\")}, 16) = 0",
        "+0 listen(4, 5) = 0",
        "0.1 < 40001 > 8080 S 0:0(0) win 5840 <mss 1460>",
        "+0 > 8080 > 40001 S. 0:0(0) ack 1 win 5840 <mss 1460>",
        "+0 < S 0:0(0) win 5840 <mss 1460>",
        "+0 > S. 0:0(0) ack 1 win 5840 <mss 1460>",
        "");
    RunReport r = run("ports.pkt", text);
    assertThat(r.failure()).as(r.render()).isNull();
    assertThat(r.emitted()).extracting(RunReport.Emitted::src, RunReport.Emitted::dst).containsExactly(
        org.assertj.core.groups.Tuple.tuple("192.168.0.1:8080", "192.0.2.1:40001"),
        org.assertj.core.groups.Tuple.tuple("192.168.0.1:8081", "192.0.2.1:40000"));
    assertThat(r.emitted().get(0).line()).isEqualTo("> 192.0.2.1:40001 8080>40001 S. 0:0(0) ack 1 win 5840 <mss 1460>");
  }

  @Test
  void synackRetransmit_emitsTheE6ScheduleExactly() {
    RunReport r = run("s.pkt", script("synack-retransmit.pkt"));
    assertThat(r.emitted()).extracting(RunReport.Emitted::timeNanos).containsExactly(
        0L, 3_600_000_000L, 10_000_000_000L, 22_800_000_000L, 46_800_000_000L, 94_800_000_000L, 200_000_000_000L);
    assertThat(r.emitted().get(1).line()).isEqualTo("> S. 0:0(0) ack 1 win 5840 <mss 1460>");
    assertThat(r.emitted().get(6).flags()).isEqualTo("R");
  }

  @Test
  void retransmissionAtAnotherTime_failsWithTheLineAndBothTimes() {
    String text = script("synack-retransmit.pkt").replace("3.600 > S.", "3.400 > S.");
    RunReport r = run("s.pkt", text);
    assertThat(r.passed()).isFalse();
    assertThat(r.failure().line()).isEqualTo(lineOf(text, "3.400 > S."));
    assertThat(r.failure().kind()).isEqualTo(RunReport.FailureKind.MISMATCH);
    assertThat(r.failure().message()).contains("3.400000").contains("3.600000");
    assertThat(r.failure().actual()).isEqualTo("3.600000 > S. 0:0(0) ack 1 win 5840 <mss 1460>");
  }

  @Test
  void toleranceOption_acceptsAPacketWithinIt() {
    String text = script("synack-retransmit.pkt").replace("3.600 > S.", "3.599 > S.");
    assertThat(run("s.pkt", text).passed()).isFalse();
    assertThat(run("s.pkt", "--tolerance_usecs=1000\n" + text).passed()).isTrue();
    assertThat(PacketdrillRunner.run("s.pkt", text, DEFAULTS.withTolerance(1_000_000)).passed()).isTrue();
  }

  @Test
  void differingField_failsWithExpectedAndActualPacket() {
    String text = script("overflow-abort.pkt").replace("R 1:1(0) win 0", "R. 1:1(0) ack 2001 win 0");
    RunReport r = run("a.pkt", text);
    assertThat(r.failure().line()).isEqualTo(lineOf(text, "R. 1:1(0) ack 2001"));
    assertThat(r.failure().message()).isEqualTo("live packet field tcp flags: expected R. vs actual R");
    assertThat(r.failure().expected()).contains("> 10.0.0.2:40000 R. 1:1(0) ack 2001 win 0");
    assertThat(r.failure().actual()).isEqualTo("0.200000 > 10.0.0.2:40000 R 1:1(0) win 0");
  }

  @Test
  void differingOptions_failWithBothOptionLists() {
    String text = script("overflow-abort.pkt").replace("TS val 200 ecr 500", "TS val 201 ecr 500");
    RunReport r = run("a.pkt", text);
    assertThat(r.failure().message()).isEqualTo("live packet tcp options: expected "
        + "<mss 1460,sackOK,TS val 201 ecr 500,nop,wscale 7> vs actual <mss 1460,sackOK,TS val 200 ecr 500,nop,wscale 7>");
  }

  @Test
  void packetTheScriptDoesNotExpect_fails() {
    String text = script("overflow-abort.pkt").replace("+0    > 10.0.0.2:40000 R 1:1(0) win 0\n", "");
    RunReport r = run("a.pkt", text);
    assertThat(r.passed()).isFalse();
    assertThat(r.failure().message()).startsWith("unexpected outbound packet at 0.200000 s");
    assertThat(r.failure().actual()).isEqualTo("0.200000 > 10.0.0.2:40000 R 1:1(0) win 0");
  }

  @Test
  void timerPacketBeforeALaterExpectedOne_failsAsATimingError() {
    String text = script("synack-retransmit.pkt").replace("3.600 > S. 0:0(0) ack 1 win 5840 <mss 1460>\n", "");
    RunReport r = run("s.pkt", text);
    assertThat(r.failure().message())
        .isEqualTo("timing error: expected outbound packet at 6.400000 s but it came at 3.600000 s");
  }

  @Test
  void timerPacketBetweenEvents_failsAsUnexpectedAtItsTime() {
    String text = script("backlog-plus-one.pkt")
        .replace("4.700 > 10.0.0.3:40000 S. 0:0(0) ack 3001 win 5840 <mss 1460>\n"
            + "+0    < 10.0.0.3:40000 . 3001:3001(0) ack 1 win 5840\n", "");
    RunReport r = run("b.pkt", text);
    assertThat(r.failure().message()).startsWith("unexpected outbound packet at 4.700000 s");
    assertThat(r.failure().line()).isEqualTo(lineOf(text, "5.000 accept"));
    assertThat(r.endTimeNanos()).isEqualTo(4_700_000_000L);
  }

  @Test
  void expectedPacketThatNeverComes_fails() {
    String text = script("overflow-abort.pkt").replace("60.000 accept", "10.000 > 10.0.0.2:40000 R 1:1(0) win 0\n"
        + "60.000 accept");
    RunReport r = run("a.pkt", text);
    assertThat(r.failure().line()).isEqualTo(lineOf(text, "10.000 > 10.0.0.2"));
    assertThat(r.failure().message()).startsWith("expected outbound packet did not come");
    assertThat(r.failure().actual()).isNull();
  }

  @Test
  void wrongSyscallResult_failsWithTheErrno() {
    String text = script("backlog-plus-one.pkt").replace("= -1 EAGAIN (Resource temporarily unavailable)", "= 6");
    RunReport r = run("b.pkt", text);
    assertThat(r.failure().message()).isEqualTo("accept() returned -1 EAGAIN (Resource temporarily unavailable), "
        + "expected 6");
  }

  @Test
  void blockingCallReturningAtAnotherTime_fails() {
    String text = script("blocking-accept.pkt").replace("0.100...0.300", "0.100...0.200");
    RunReport r = run("b.pkt", text);
    assertThat(r.failure().message()).contains("accept() was expected to return at 0.200000 s");
    String early = script("blocking-accept.pkt").replace("0.100...0.300", "0.100...0.400");
    assertThat(run("b.pkt", early).failure().message()).contains("accept() returned at 0.300000 s, expected at 0.400000");
  }

  @Test
  void blockingCallWithoutEndTime_isALocatedError() {
    String text = script("blocking-accept.pkt").replace("0.100...0.300 accept", "0.100 accept");
    RunReport r = run("b.pkt", text);
    assertThat(r.failure().kind()).isEqualTo(RunReport.FailureKind.UNSUPPORTED);
    assertThat(r.failure().line()).isEqualTo(lineOf(text, "0.100 accept"));
    assertThat(r.failure().message()).contains("would block at 0.100000 s");
  }

  @Test
  void recordMode_writesTheKernelsPacketsAndTheRecordingPassesAsAScript() {
    String input = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...) = 0\n+0 listen(3, 5) = 0\n"
        + "0.5 < 10.0.0.9:1234 S 7:7(0) win 5840 <mss 1460,sackOK,TS val 9 ecr 0,nop,wscale 2>\n"
        + "+0 fcntl(3, F_SETFL, O_NONBLOCK) = 0\n+1 accept(3, ..., ...) = 0\n";
    RunReport rec = PacketdrillRunner.run("r.pkt", input,
        DEFAULTS.withRecord(true).withRecordHorizon(20_000_000_000L));
    assertThat(rec.recorded()).contains(
        "+0 > 10.0.0.9:1234 S. 0:0(0) ack 8 win 5792 <mss 1460,sackOK,TS val 500 ecr 9,nop,wscale 7>",
        "+1 accept(3, ..., ...) = -1 EAGAIN (Resource temporarily unavailable)");
    RunReport replay = run("replay.pkt", String.join("\n", rec.recorded()));
    assertThat(replay.failure()).as(replay.render()).isNull();
    assertThat(replay.emitted()).hasSize(rec.emitted().size());
  }

  @Test
  void absoluteMode_usesWireNumbers() {
    String text = "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 bind(3, ..., ...) = 0\n+0 listen(3, 5) = 0\n"
        + "+0 < S 100:100(0) win 5840 <mss 1460,nop,nop,TS val 9 ecr 0>\n"
        + "+0 > S. 5000:5000(0) ack 101 win 5792 <mss 1460,nop,nop,TS val 4294667296 ecr 9>\n"
        + "+0 < . 101:101(0) ack 5001 win 5840 <nop,nop,TS val 10 ecr 4294667296>\n";
    RunReport r = PacketdrillRunner.run("abs.pkt", text, DEFAULTS.withAbsolute(true).withIsn(5000));
    assertThat(r.failure()).as(r.render()).isNull();
    // The same script in relative mode: seq 5000 is not the ISN-relative 0.
    assertThat(PacketdrillRunner.run("abs.pkt", text, DEFAULTS.withIsn(5000)).passed()).isFalse();
  }

  @Test
  void closedAndUnknownFds_returnEbadf() {
    RunReport r = run("c.pkt", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n"
        + "+0 bind(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"192.168.0.1\")}, 16) = 0\n"
        + "+0 listen(3, 5) = 0\n+0 close(3) = 0\n+0 close(3) = -1 EBADF (Bad file descriptor)\n"
        + "+0 listen(4, 1) = -1 EBADF (Bad file descriptor)\n");
    assertThat(r.failure()).as(r.render()).isNull();
  }

  @Test
  void unsupportedCall_isALocatedError() {
    RunReport r = run("c.pkt", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 shutdown(3, SHUT_WR) = 0\n");
    assertThat(r.failure().line()).isEqualTo(2);
    assertThat(r.failure().kind()).isEqualTo(RunReport.FailureKind.UNSUPPORTED);
    assertThat(r.failure().message()).startsWith("shutdown() is not supported");
  }

  @Test
  void fastOpenOption_isRejectedAtRunTimeWithItsLine() {
    RunReport r = run("c.pkt", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 < S 0:0(0) win 1 <mss 1460,FO abcd>\n");
    assertThat(r.failure().line()).isEqualTo(2);
    assertThat(r.failure().message()).contains("FO is not modelled");
  }

  @Test
  void blockingConnectReturningAtAnotherTime_fails() {
    String text = script("client-refused.pkt").replace("+0...0.1 connect", "+0...0.2 connect");
    RunReport r = run("c.pkt", text);
    assertThat(r.failure().message()).isEqualTo("timing error: connect() returned at 0.100000 s, expected at 0.200000 s");
    assertThat(r.failure().line()).isEqualTo(lineOf(text, "+0...0.2 connect"));
  }

  @Test
  void clientWrongReadResult_fails() {
    String text = script("client-data.pkt").replace("read(3, ..., 1000) = 100", "read(3, ..., 1000) = 99");
    assertThat(run("c.pkt", text).failure().message()).isEqualTo("read() returned 100, expected 99");
  }

  @Test
  void shellCommandOtherThanSysctl_isALocatedError() {
    RunReport r = run("c.pkt", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 `ifconfig eth0 mtu 1400`\n");
    assertThat(r.failure().line()).isEqualTo(2);
    assertThat(r.failure().message()).contains("only `sysctl -q name=value` is honoured");
    RunReport u = run("c.pkt", "`sysctl -q net.ipv4.tcp_nosuch=1`\n0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n");
    assertThat(u.failure().line()).isEqualTo(1);
    assertThat(u.failure().message()).startsWith("unknown sysctl net.ipv4.tcp_nosuch");
  }

  @Test
  void parseError_isReportedWithLineAndColumn() {
    RunReport r = run("p.pkt", "0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3\n+0 < S 0:0(0 win 5840\n");
    assertThat(r.failure().kind()).isEqualTo(RunReport.FailureKind.PARSE);
    assertThat(r.failure().line()).isEqualTo(2);
    assertThat(r.failure().column()).isEqualTo(14);
    assertThat(r.render()).contains("p.pkt:2:14: expected ')' closing start:end(length), found 'win'");
  }

  @Test
  void runIsDeterministic() {
    List<RunReport.Emitted> a = run("c.pkt", script("cookie-handshake.pkt")).emitted();
    List<RunReport.Emitted> b = run("c.pkt", script("cookie-handshake.pkt")).emitted();
    assertThat(a).isEqualTo(b);
  }

  static int lineOf(String text, String fragment) {
    String[] lines = text.split("\n", -1);
    for (int k = 0; k < lines.length; k++) {
      if (lines[k].contains(fragment)) {
        return k + 1;
      }
    }
    throw new AssertionError("no line with " + fragment);
  }
}
