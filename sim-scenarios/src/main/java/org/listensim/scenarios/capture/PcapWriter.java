package org.listensim.scenarios.capture;

import java.io.IOException;
import java.io.OutputStream;

/**
 * A libpcap file writer: the classic format with nanosecond timestamps (magic {@code 0xa1b23c4d},
 * version 2.4, little-endian), link type {@link #LINKTYPE_RAW} (each record is an IPv4 packet from its
 * first header byte). Wireshark, tshark and tcpdump read it.
 */
public final class PcapWriter implements AutoCloseable {
  /** Raw IP: the packet starts with the IPv4 header (LINKTYPE_RAW). */
  public static final int LINKTYPE_RAW = 101;
  /** The nanosecond-resolution pcap magic number. */
  public static final int MAGIC_NANOS = 0xa1b23c4d;
  public static final int SNAPLEN = 65535;

  private final OutputStream out;
  private final byte[] header = new byte[16];
  private long packets;

  /** Writes the file header at once. */
  public PcapWriter(OutputStream out) throws IOException {
    this.out = out;
    byte[] h = new byte[24];
    le32(h, 0, MAGIC_NANOS);
    le16(h, 4, 2);
    le16(h, 6, 4);
    le32(h, 8, 0); // thiszone
    le32(h, 12, 0); // sigfigs
    le32(h, 16, SNAPLEN);
    le32(h, 20, LINKTYPE_RAW);
    out.write(h);
  }

  /** One packet, stamped {@code timeNanos} after the epoch (simulated time 0 is 1970-01-01). */
  public void write(long timeNanos, byte[] packet) throws IOException {
    if (timeNanos < 0) {
      throw new IllegalArgumentException("negative time: " + timeNanos);
    }
    le32(header, 0, (int) (timeNanos / 1_000_000_000L));
    le32(header, 4, (int) (timeNanos % 1_000_000_000L));
    int cap = Math.min(packet.length, SNAPLEN);
    le32(header, 8, cap);
    le32(header, 12, packet.length);
    out.write(header);
    out.write(packet, 0, cap);
    packets++;
  }

  public long packets() {
    return packets;
  }

  @Override
  public void close() throws IOException {
    out.close();
  }

  private static void le16(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
  }

  private static void le32(byte[] b, int off, int v) {
    b[off] = (byte) v;
    b[off + 1] = (byte) (v >>> 8);
    b[off + 2] = (byte) (v >>> 16);
    b[off + 3] = (byte) (v >>> 24);
  }
}
