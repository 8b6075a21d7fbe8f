package org.listensim.scenarios.packetdrill;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.listensim.kernel.TcpFlags;

/**
 * The parser on the syntax packetdrill's own suite uses (written here in the same style, not copied),
 * and every error it reports, with its line and column.
 */
class PacketdrillParserTest {

  static final String SUITE_STYLE = String.join("\n",
      "--tolerance_usecs=10000",
      "--local_ip=fd::1",
      "`sysctl -q net.ipv4.tcp_timestamps=1`",
      "/* a C comment",
      "   over two lines */",
      "0.000 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3 // trailing comment",
      "+0 setsockopt(3, SOL_SOCKET, SO_REUSEADDR, [1], 4) = 0",
      "+0 bind(3, {sa_family=AF_INET, sin_port=htons(8080), sin_addr=inet_addr(\"192.168.0.1\")}, 16) = 0",
      "+0 listen(3, 1) = 0",
      "+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0",
      "+.1 < S 0:0(0) win 32792 <mss 1000,sackOK,nop,nop,nop,wscale 7>",
      "+0 > S. 0:0(0) ack 1 <mss 1460,nop,nop,sackOK,nop,wscale 7>",
      "0.200~0.300 < . 1:1(0) ack 1 win 257",
      "+0~+0.5 accept(3, ..., ...) = 4",
      "* > P. 1:1001(1000) ack 1 <...>",
      "+0 < . 1:1(0) ack 1001 win 257 <nop,nop,TS val 100 ecr 4294967295,sack 1:2 3:4,eol>",
      "+0 accept(3, ..., ...) = -1 EAGAIN (Resource temporarily unavailable)",
      "+0...0.5 read(4, ..., 1000) = 0x10",
      "+0 getsockopt(4, SOL_TCP, TCP_INFO, {tcpi_state=1}, [104]) = 0",
      "+0 < - 0:0(0) win 0",
      "+0 < FP. 1:11(10) ack 1 win 100",
      "+0 < . 1:10001(10000) win 320",
      "+0 recvmsg(4, {msg_name(...)=..., msg_iov(1)=[{..., 10}], msg_flags=0}, 0) = 10",
      "+0 < S 0:0(0) win 1 <mss 1460,FO abcd1234,nop,nop>",
      "`echo cleanup`");

  @Test
  void parsesTheConstructsOfPacketdrillsSuite() {
    Ast.Script s = PacketdrillParser.parse("suite.pkt", SUITE_STYLE);
    assertThat(s.options()).extracting(Ast.ScriptOption::name).containsExactly("tolerance_usecs", "local_ip");
    assertThat(s.options().get(1).value()).isEqualTo("fd::1");
    assertThat(s.events()).hasSize(21);
    Ast.Event syn = s.events().get(6);
    assertThat(syn.line()).isEqualTo(11);
    assertThat(syn.time()).isEqualTo(new Ast.EventTime(Ast.TimeKind.RELATIVE, 100_000_000, 100_000_000, -1));
    Ast.Packet p = (Ast.Packet) syn.action();
    assertThat(p.inbound()).isTrue();
    assertThat(p.flags()).isEqualTo(TcpFlags.SYN);
    assertThat(p.window()).isEqualTo(32792);
    assertThat(p.options()).extracting(Ast.TcpOpt::render)
        .containsExactly("mss 1000", "sackOK", "nop", "nop", "nop", "wscale 7");
    assertThat(s.events().get(8).time()).isEqualTo(
        new Ast.EventTime(Ast.TimeKind.ABSOLUTE, 200_000_000, 300_000_000, -1));
    assertThat(s.events().get(9).time()).isEqualTo(new Ast.EventTime(Ast.TimeKind.RELATIVE, 0, 500_000_000, -1));
    assertThat(s.events().get(10).time().kind()).isEqualTo(Ast.TimeKind.ANY);
    Ast.Packet data = (Ast.Packet) s.events().get(10).action();
    assertThat(data.flags()).isEqualTo(TcpFlags.PSH | TcpFlags.ACK);
    assertThat(data.length()).isEqualTo(1000);
    assertThat(data.options()).isSameAs(Ast.TcpOpt.ANY_OPTIONS);
    Ast.Packet ts = (Ast.Packet) s.events().get(11).action();
    assertThat(ts.options()).extracting(Ast.TcpOpt::render)
        .containsExactly("nop", "nop", "TS val 100 ecr 4294967295", "sack 1:2 3:4", "eol");
    Ast.Syscall eagain = (Ast.Syscall) s.events().get(12).action();
    assertThat(eagain.result()).isEqualTo(new Ast.Int(-1));
    assertThat(eagain.errno()).isEqualTo("EAGAIN");
    assertThat(eagain.note()).isEqualTo("Resource temporarily unavailable");
    assertThat(s.events().get(13).time().blockingEnd()).isEqualTo(500_000_000);
    assertThat(((Ast.Syscall) s.events().get(13).action()).result()).isEqualTo(new Ast.Int(16));
    assertThat(((Ast.Packet) s.events().get(15).action()).flags()).isZero();
    assertThat(((Ast.Packet) s.events().get(16).action()).flags())
        .isEqualTo(TcpFlags.FIN | TcpFlags.PSH | TcpFlags.ACK);
    assertThat(s.events().get(20).time().kind()).isEqualTo(Ast.TimeKind.NONE);
    Ast.Syscall bind = (Ast.Syscall) s.events().get(3).action();
    assertThat(bind.args().get(1)).isInstanceOf(Ast.Braces.class);
    assertThat(s.events().get(5).text()).isEqualTo("fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0");
  }

  @Test
  void parsesThePeerExtensionAndPortInfo() {
    Ast.Script s = PacketdrillParser.parse("p.pkt",
        "0 < 198.51.100.7:20000 S 1:1(0) win 1\n+0 > 198.51.100.7 S. 0:0(0) ack 2\n+0 < 40001 > 8081 S 1:1(0)\n");
    Ast.Packet a = (Ast.Packet) s.events().get(0).action();
    assertThat(a.peer()).isEqualTo(new Ast.Endpoint(0xC6336407, 20000));
    assertThat(((Ast.Packet) s.events().get(1).action()).peer()).isEqualTo(new Ast.Endpoint(0xC6336407, null));
    Ast.Packet c = (Ast.Packet) s.events().get(2).action();
    assertThat(c.peer()).isEqualTo(new Ast.Endpoint(null, 40001));
    assertThat(c.localPort()).isEqualTo(8081);
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', quoteCharacter = '#', value = {
      "no time             | socket(..., SOCK_STREAM, IPPROTO_TCP) = 3          | 1 | 1  | expected a time (seconds, +seconds, a~b or *), found 'socket'",
      "empty script        | // nothing                                         | 1 | 11 | expected at least one event",
      "negative time       | -1 socket() = 3                                    | 1 | 1  | expected a non-negative time, found '-1'",
      "too many decimals   | 0.0000000001 socket() = 3                          | 1 | 1  | expected a time with at most 9 decimals",
      "range backwards     | 0.2~0.1 socket() = 3                               | 1 | 5  | expected a range end not before its start 0.2",
      "relative range      | +0~0.1 socket() = 3                                | 1 | 4  | expected '+' before the end of a relative time range",
      "blocking on packet  | 0...1 < S 0:0(0)                                   | 1 | 1  | only a system call can have an end time",
      "blocking with *     | *...1 accept(3, ..., ...) = 4                      | 1 | 2  | a blocking call's end time (start...end) needs a single start time, not *",
      "end before start    | 2...1 accept(3, ..., ...) = 4                      | 1 | 5  | expected an end time not before the start time 2",
      "unknown action      | 0 ! = 3                                            | 1 | 3  | expected a packet ('<' or '>'), a system call (name(...)) or a `command`, found '!'",
      "bad flags           | 0 < SX 0:0(0)                                      | 1 | 6  | expected TCP flags (S F R P U E W, '.' for ACK, '-' for none), found 'X' in 'SX'",
      "no flags            | 0 < 0:0(0)                                         | 1 | 5  | expected TCP flags",
      "seq colon           | 0 < S 0 0(0)                                       | 1 | 9  | expected ':' in start:end(length)",
      "seq length open     | 0 < S 0:0 0                                        | 1 | 11 | expected '(' in start:end(length)",
      "seq length close    | 0 < S 0:0(0 win 1                                  | 1 | 13 | expected ')' closing start:end(length), found 'win'",
      "inconsistent length | 0 < S 0:10(5)                                      | 1 | 12 | expected a length equal to end - start (10)",
      "seq too big         | 0 < S 4294967296:0(0)                              | 1 | 7  | expected the start sequence number (start:end(length)) (0 to 4294967295)",
      "ack without flag    | 0 < S 0:0(0) ack 1                                 | 1 | 14 | expected the ACK flag '.' for a packet with an 'ack' number, found 'ack'",
      "window too big      | 0 < S 0:0(0) win 70000                             | 1 | 18 | expected a window after 'win' (0 to 65535)",
      "urgent pointer      | 0 < S 0:0(0) urg 1                                 | 1 | 14 | urgent pointers are not modelled",
      "option unknown      | 0 < S 0:0(0) <foo 1>                               | 1 | 15 | expected a TCP option (nop, eol, mss N, wscale N, sackOK, sack a:b, TS val X ecr Y), found 'foo'",
      "option list end     | 0 < S 0:0(0) <mss 1 wscale 2>                      | 1 | 21 | expected ',' or '>' in the option list, found 'wscale'",
      "TS without val      | 0 < S 0:0(0) <TS 1 ecr 2>                          | 1 | 18 | expected 'val' after 'TS'",
      "TS without ecr      | 0 < S 0:0(0) <TS val 1 2>                          | 1 | 24 | expected 'ecr' after the TS value",
      "mss too big         | 0 < S 0:0(0) <mss 65536>                           | 1 | 19 | expected an MSS value after 'mss' (0 to 65535)",
      "sack block          | 0 < S 0:0(0) <sack 1 2>                            | 1 | 22 | expected ':' in a SACK block",
      "bad address         | 0 < 300.1.1.1:80 S 0:0(0)                          | 1 | 5  | expected an IPv4 address (octets 0 to 255)",
      "bad port            | 0 < 10.0.0.1:0 S 0:0(0)                            | 1 | 14 | expected a port number after ':' (1 to 65535)",
      "encapsulation       | 0 < ipv4 1.2.3.4 > 5.6.7.8: S 0:0(0)               | 1 | 5  | encapsulation prefixes (ipv4 ...:) are not supported",
      "ip info             | 0 < [ect0] S 0:0(0)                                | 1 | 5  | IP header fields (ECN, TOS, TTL, flow label) are not modelled",
      "udp                 | 0 < udp (10)                                       | 1 | 5  | udp packets are not modelled; only TCP",
      "missing equals      | 0 listen(3, 1) 0                                   | 1 | 16 | expected '=' and the expected result of listen()",
      "args close          | 0 listen(3 1) = 0                                  | 1 | 12 | expected ',' or ')' in the argument list, found '1'",
      "bad errno           | 0 listen(3, 1) = -1 eagain                         | 1 | 21 | expected an errno name (e.g. EAGAIN), found 'eagain'",
      "errno with non -1   | 0 listen(3, 1) = 0 EAGAIN                          | 1 | 9  | an errno (EAGAIN) goes with the result -1",
      "note unclosed       | 0 listen(3, 1) = -1 EAGAIN (Resource               | 1 | 37 | expected ')' closing the note opened at line 1 column 28, found end of script",
      "bad expression      | 0 listen(3, ;) = 0                                 | 1 | 13 | expected an expression (number, name, \"string\", [array], {struct} or ...), found ';'",
      "array close         | 0 setsockopt(3, 1, 2, [1 2], 4) = 0                | 1 | 26 | expected ',' or ']', found '2'",
      "option value        | --tolerance_usecs=                                 | 1 | 19 | expected a value for option --tolerance_usecs (--name=value)",
      "unclosed comment    | 0 listen(3, 1) = 0 /* open                         | 1 | 20 | expected '*/' closing this comment, found end of script",
      "unclosed string     | 0 f(\"abc) = 0                                     | 1 | 5  | expected closing \" of the string, found end of script",
      "unclosed command    | 0 `sysctl                                          | 1 | 3  | expected closing ` of the command, found end of script",
      "unclosed code       | 0 %{ print(1)                                      | 1 | 3  | expected '}%' closing this code block, found end of script",
  })
  void reportsEachErrorWithLineAndColumn(String what, String script, int line, int column, String message) {
    String text = script.replace("\\n", "\n").stripTrailing();
    assertThatThrownBy(() -> PacketdrillParser.parse("e.pkt", text))
        .isInstanceOfSatisfying(ScriptException.class, e -> {
          assertThat(e.getMessage()).as(what).contains(message);
          assertThat(e.line()).as(what + " line").isEqualTo(line);
          assertThat(e.column()).as(what + " column").isEqualTo(column);
          assertThat(e.getMessage()).startsWith("e.pkt:" + line + ":" + column + ": ");
        });
  }
}
