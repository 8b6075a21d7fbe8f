package org.listensim.scenarios.capture;

import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;

/**
 * Encodes a {@link TcpSegment} as the IPv4 packet that carries it: a 20-byte IPv4 header (DF set, TTL
 * 64, the given IP ID, header checksum) and the TCP header with the options in the order Linux 2.6.32's
 * {@code tcp_options_write} puts them, and the TCP checksum over the pseudo-header. The payload (whose
 * bytes the model does not keep) is zeros of the segment's payload length.
 */
public final class PacketEncoder {
  /** IPPROTO_TCP. */
  static final int PROTO_TCP = 6;
  private static final int TTL = 64;

  private PacketEncoder() {}

  /** The IPv4 packet, header to the last payload byte. */
  public static byte[] ipv4(TcpSegment seg, int ipId) {
    byte[] opts = options(seg.options());
    int tcpLen = 20 + opts.length + seg.payloadLength();
    int total = 20 + tcpLen;
    if (total > 0xFFFF) {
      throw new IllegalArgumentException("packet larger than 65535 bytes: " + total);
    }
    byte[] p = new byte[total];
    p[0] = 0x45;
    p[1] = 0;
    put16(p, 2, total);
    put16(p, 4, ipId & 0xFFFF);
    put16(p, 6, 0x4000); // DF
    p[8] = (byte) TTL;
    p[9] = PROTO_TCP;
    put32(p, 12, seg.saddr());
    put32(p, 16, seg.daddr());
    put16(p, 10, checksum(p, 0, 20, 0));

    int t = 20;
    put16(p, t, seg.sport());
    put16(p, t + 2, seg.dport());
    put32(p, t + 4, seg.seq());
    put32(p, t + 8, seg.ack());
    int doff = (20 + opts.length) / 4;
    p[t + 12] = (byte) (doff << 4);
    p[t + 13] = (byte) wireFlags(seg.flags());
    put16(p, t + 14, seg.window());
    System.arraycopy(opts, 0, p, t + 20, opts.length);
    // pseudo-header: saddr, daddr, zero, protocol, TCP length
    long pseudo = sum16(p, 12, 8) + PROTO_TCP + tcpLen;
    put16(p, t + 16, checksum(p, t, tcpLen, pseudo));
    return p;
  }

  /**
   * The TCP flags byte: the model's {@link TcpFlags} bit values are the wire's (FIN 0x01 ... CWR 0x80);
   * anything else is masked off.
   */
  static int wireFlags(int flags) {
    return flags & 0xFF;
  }

  /**
   * Option bytes in {@code tcp_options_write}'s order: MSS; SACK-permitted and timestamps together
   * (or NOP NOP before either alone); NOP and window scale.
   */
  public static byte[] options(TcpOptions o) {
    byte[] b = new byte[o.length()];
    int i = 0;
    if (o.mss() >= 0) {
      b[i++] = 2;
      b[i++] = 4;
      b[i++] = (byte) (o.mss() >>> 8);
      b[i++] = (byte) o.mss();
    }
    if (o.timestamp()) {
      if (o.sackOk()) {
        b[i++] = 4;
        b[i++] = 2;
      } else {
        b[i++] = 1;
        b[i++] = 1;
      }
      b[i++] = 8;
      b[i++] = 10;
      put32(b, i, o.tsval());
      put32(b, i + 4, o.tsecr());
      i += 8;
    } else if (o.sackOk()) {
      b[i++] = 1;
      b[i++] = 1;
      b[i++] = 4;
      b[i++] = 2;
    }
    if (o.wscale() >= 0) {
      b[i++] = 1;
      b[i++] = 3;
      b[i++] = 3;
      b[i++] = (byte) o.wscale();
    }
    if (i != b.length) {
      throw new IllegalStateException("option length " + i + " != " + b.length);
    }
    return b;
  }

  /** The Internet checksum (RFC 1071) of {@code len} bytes from {@code off}, plus an initial sum. */
  static int checksum(byte[] b, int off, int len, long initial) {
    long sum = initial + sum16(b, off, len);
    while ((sum >>> 16) != 0) {
      sum = (sum & 0xFFFF) + (sum >>> 16);
    }
    return (int) (~sum & 0xFFFF);
  }

  private static long sum16(byte[] b, int off, int len) {
    long sum = 0;
    int i = 0;
    for (; i + 1 < len; i += 2) {
      sum += ((b[off + i] & 0xFF) << 8) | (b[off + i + 1] & 0xFF);
    }
    if (i < len) {
      sum += (b[off + i] & 0xFF) << 8;
    }
    return sum;
  }

  static void put16(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 8);
    b[off + 1] = (byte) v;
  }

  static void put32(byte[] b, int off, int v) {
    b[off] = (byte) (v >>> 24);
    b[off + 1] = (byte) (v >>> 16);
    b[off + 2] = (byte) (v >>> 8);
    b[off + 3] = (byte) v;
  }
}
