package org.listensim.scenarios.capture;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;

/** The bytes of one packet: headers, options in tcp_options_write's order, checksums that verify. */
class PacketEncoderTest {
  static final TcpSegment SYN_ACK = new TcpSegment(Ipv4.parse("10.0.0.100"), 80, Ipv4.parse("10.0.0.1"), 40000,
      0x12345678, 1001, TcpFlags.SYN | TcpFlags.ACK, 5792,
      new TcpOptions(1460, 7, true, true, 0xCAFEBABE, 42), 0);

  @Test
  void optionsOfASynAckAreLinuxsLayout() {
    assertThat(HexFormat.of().formatHex(PacketEncoder.options(SYN_ACK.options())))
        .isEqualTo("020405b4" + "0402080acafebabe0000002a" + "01030307");
  }

  @Test
  void timestampsAloneAndSackAloneArePaddedWithNops() {
    assertThat(HexFormat.of().formatHex(PacketEncoder.options(TcpOptions.NONE.withTimestamp(1, 2))))
        .isEqualTo("0101080a0000000100000002");
    assertThat(HexFormat.of().formatHex(PacketEncoder.options(TcpOptions.mss(536).withSackOk(true))))
        .isEqualTo("020402180101" + "0402");
    assertThat(PacketEncoder.options(TcpOptions.NONE)).isEmpty();
  }

  @Test
  void headersAndChecksumsVerify() {
    TcpSegment withData = SYN_ACK.withFlags(TcpFlags.ACK | TcpFlags.PSH).withPayload(5);
    for (TcpSegment seg : new TcpSegment[] {SYN_ACK, withData}) {
      byte[] p = PacketEncoder.ipv4(seg, 7);
      int tcpLen = p.length - 20;
      assertThat(p[0]).isEqualTo((byte) 0x45);
      assertThat(((p[2] & 0xFF) << 8) | (p[3] & 0xFF)).isEqualTo(p.length);
      assertThat(p[9]).isEqualTo((byte) 6);
      // A correct checksum makes the one's-complement sum over the covered bytes 0xFFFF (checksum 0).
      assertThat(PacketEncoder.checksum(p, 0, 20, 0)).isZero();
      long pseudo = sum(p, 12, 8) + 6 + tcpLen;
      assertThat(PacketEncoder.checksum(p, 20, tcpLen, pseudo)).isZero();
      assertThat((p[32] & 0xFF) >>> 4).isEqualTo(seg.doff());
      assertThat(p[33] & 0xFF).isEqualTo(seg.flags());
    }
    assertThat(PacketEncoder.ipv4(withData, 1)).hasSize(20 + 40 + 5);
  }

  @Test
  void checksumOfRfc1071Example() {
    // RFC 1071 section 3: the bytes 00 01 f2 03 f4 f5 f6 f7 sum to ddf2; the checksum is its complement.
    byte[] b = HexFormat.of().parseHex("0001f203f4f5f6f7");
    assertThat(PacketEncoder.checksum(b, 0, b.length, 0)).isEqualTo(~0xddf2 & 0xFFFF);
  }

  private static long sum(byte[] b, int off, int len) {
    long s = 0;
    for (int i = 0; i < len; i += 2) {
      s += ((b[off + i] & 0xFF) << 8) | (b[off + i + 1] & 0xFF);
    }
    return s;
  }
}
