package org.listensim.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.core.trace.TraceFields;

/**
 * How segments are written out: the flag letters and option fields of the trace and JSON output
 * (docs/output-format.md), the options' length in Linux's wire layout (tcp_options_write), the data
 * offset, and the one-line form used in messages.
 */
class SegmentFormatsTest {
  static final int A = Ipv4.parse("10.0.0.100");
  static final int B = Ipv4.parse("192.168.1.20");

  /** Writes fields as "name=value" in order. */
  static final class Fields implements TraceFields {
    final List<String> out = new ArrayList<>();

    @Override
    public TraceFields put(String name, long value) {
      out.add(name + "=" + value);
      return this;
    }

    @Override
    public TraceFields put(String name, String value) {
      out.add(name + "=" + value);
      return this;
    }

    @Override
    public TraceFields put(String name, boolean value) {
      out.add(name + "=" + value);
      return this;
    }
  }

  @Test
  void tcpFlagsLetters_inTheDocumentedOrder() {
    assertThat(TcpFlags.letters(0)).isEqualTo(".");
    assertThat(TcpFlags.letters(TcpFlags.SYN)).isEqualTo("S");
    assertThat(TcpFlags.letters(TcpFlags.FIN)).isEqualTo("F");
    assertThat(TcpFlags.letters(TcpFlags.RST)).isEqualTo("R");
    assertThat(TcpFlags.letters(TcpFlags.PSH)).isEqualTo("P");
    assertThat(TcpFlags.letters(TcpFlags.ACK)).isEqualTo("A");
    assertThat(TcpFlags.letters(TcpFlags.URG)).isEqualTo("U");
    assertThat(TcpFlags.letters(TcpFlags.ECE)).isEqualTo("E");
    assertThat(TcpFlags.letters(TcpFlags.CWR)).isEqualTo("W");
    assertThat(TcpFlags.letters(TcpFlags.SYN | TcpFlags.ACK)).isEqualTo("SA");
    assertThat(TcpFlags.letters(TcpFlags.ACK | TcpFlags.PSH | TcpFlags.FIN)).isEqualTo("FPA");
    assertThat(TcpFlags.letters(0xFF)).isEqualTo("SFRPAUEW");
  }

  /**
   * tcp_options_write layout: MSS 4; SACK-permitted with timestamps 12 (sackOK,TS), timestamps alone 12
   * (nop,nop,TS), SACK-permitted alone 4 (nop,nop,sackOK); window scale 4 (nop,wscale), even for 0.
   */
  @Test
  void tcpOptionsLength_linuxWireLayout() {
    assertThat(TcpOptions.NONE.length()).isZero();
    assertThat(TcpOptions.mss(1460).length()).isEqualTo(4);
    assertThat(TcpOptions.mss(0).length()).isEqualTo(4);
    assertThat(TcpOptions.NONE.withSackOk(true).length()).isEqualTo(4);
    assertThat(TcpOptions.NONE.withTimestamp(1, 0).length()).isEqualTo(12);
    assertThat(TcpOptions.NONE.withSackOk(true).withTimestamp(1, 0).length()).isEqualTo(12);
    assertThat(TcpOptions.NONE.withWscale(0).length()).isEqualTo(4);
    assertThat(TcpOptions.mss(1460).withSackOk(true).withTimestamp(1, 0).withWscale(7).length()).isEqualTo(20);
  }

  static TcpSegment syn(TcpOptions o) {
    return new TcpSegment(B, 40000, A, 80, 1, 0, TcpFlags.SYN, 5840, o, 0);
  }

  /** doff = 5 + options rounded up to 32-bit words: 5 bare, 6 with MSS, 8 with TS, 10 for a full SYN. */
  @Test
  void tcpSegmentDoff_headerWords() {
    assertThat(syn(TcpOptions.NONE).doff()).isEqualTo(5);
    assertThat(syn(TcpOptions.mss(1460)).doff()).isEqualTo(6);
    assertThat(syn(TcpOptions.NONE.withTimestamp(1, 0)).doff()).isEqualTo(8);
    assertThat(syn(TcpOptions.mss(1460).withSackOk(true).withTimestamp(1, 0).withWscale(7)).doff()).isEqualTo(10);
  }

  /** The seg-in/seg-out trace record: fixed fields, then mss, wscale, sackOK, tsval/tsecr when present. */
  @Test
  void segmentTrace_fieldsAsDocumented() {
    TcpOptions all = TcpOptions.mss(0).withWscale(0).withSackOk(true).withTimestamp(-1, 2);
    TcpSegment synAck = new TcpSegment(A, 80, B, 40000, 0x90000000, 7, TcpFlags.SYN | TcpFlags.ACK, 5840, all, 0);
    Fields f = new Fields();
    new KernelTrace.Segment("seg-out", "server", synAck).writeFields(f);
    assertThat(f.out).containsExactly("host=server", "src=10.0.0.100:80", "dst=192.168.1.20:40000", "flags=SA",
        "seq=2415919104", "ack=7", "win=5840", "len=0", "mss=0", "wscale=0", "sackOK=true", "tsval=4294967295",
        "tsecr=2");
    Fields g = new Fields();
    TcpSegment rst = new TcpSegment(A, 80, B, 40000, 5, 0, TcpFlags.RST, 0, TcpOptions.NONE, 0);
    new KernelTrace.Segment("seg-out", "server", rst).writeFields(g);
    assertThat(g.out).containsExactly("host=server", "src=10.0.0.100:80", "dst=192.168.1.20:40000", "flags=R",
        "seq=5", "ack=0", "win=0", "len=0");
    assertThat(new KernelTrace.Klog("h", "info", "m").type()).isEqualTo("klog");
  }

  /** The one-line form: tcpdump-like, options in wire order, seq/ack/TS unsigned, ack only with ACK. */
  @Test
  void tcpSegmentToString_oneLine() {
    TcpSegment synAck = new TcpSegment(A, 80, B, 40000, 0x90000000, 7, TcpFlags.SYN | TcpFlags.ACK, 5840,
        TcpOptions.mss(1460).withSackOk(true).withTimestamp(-1, 2).withWscale(7), 0);
    assertThat(synAck).hasToString(
        "10.0.0.100:80 > 192.168.1.20:40000 SA seq 2415919104 ack 7 win 5840 <mss 1460,sackOK,TS val 4294967295 ecr 2,wscale 7>");
    TcpSegment data = new TcpSegment(B, 40000, A, 80, 1, 2, TcpFlags.PSH, 46,
        TcpOptions.NONE.withWscale(0), 100);
    assertThat(data).hasToString("192.168.1.20:40000 > 10.0.0.100:80 P seq 1 win 46 len 100 <wscale 0>");
    TcpSegment ts = new TcpSegment(B, 40000, A, 80, 1, 2, TcpFlags.ACK, 46, TcpOptions.NONE.withTimestamp(3, 4), 0);
    assertThat(ts).hasToString("192.168.1.20:40000 > 10.0.0.100:80 A seq 1 ack 2 win 46 <TS val 3 ecr 4>");
    TcpSegment sack = new TcpSegment(B, 40000, A, 80, 1, 2, 0, 46, TcpOptions.NONE.withSackOk(true).withWscale(2), 0);
    assertThat(sack).hasToString("192.168.1.20:40000 > 10.0.0.100:80 . seq 1 win 46 <sackOK,wscale 2>");
    TcpSegment mss0 = new TcpSegment(B, 40000, A, 80, 1, 2, 0, 46, TcpOptions.mss(0), 0);
    assertThat(mss0).hasToString("192.168.1.20:40000 > 10.0.0.100:80 . seq 1 win 46 <mss 0>");
    TcpSegment bare = new TcpSegment(B, 40000, A, 80, 1, 2, TcpFlags.RST, 0, null, 0);
    assertThat(bare.options()).isEqualTo(TcpOptions.NONE);
    assertThat(bare).hasToString("192.168.1.20:40000 > 10.0.0.100:80 R seq 1 win 0");
    assertThat(bare.withFlags(TcpFlags.RST | TcpFlags.ACK).flags()).isEqualTo(TcpFlags.RST | TcpFlags.ACK);
  }

  /** TCP ports are 16 bits: 0 and 65535 are ports, 65536 and −1 are not (either side). */
  @Test
  void tcpSegment_portsAreSixteenBits() {
    assertThat(new TcpSegment(1, 0, 2, 65535, 0, 0, TcpFlags.SYN, 0, null, 0).dport()).isEqualTo(65535);
    assertThatThrownBy(() -> new TcpSegment(1, 65536, 2, 80, 0, 0, TcpFlags.SYN, 0, null, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TcpSegment(1, 80, 2, 65536, 0, 0, TcpFlags.SYN, 0, null, 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new TcpSegment(1, 80, 2, -1, 0, 0, TcpFlags.SYN, 0, null, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
