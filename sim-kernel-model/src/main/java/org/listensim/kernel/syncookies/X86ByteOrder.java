package org.listensim.kernel.syncookies;

/**
 * How a little-endian x86 kernel sees network-order fields as integers.
 *
 * <p>listensim passes IPv4 addresses as the <em>natural</em> value: a.b.c.d is {@code 0xAABBCCDD}
 * (10.0.0.1 is {@code 0x0A000001}), and ports as the natural number 0..65535. The kernel keeps both in
 * network byte order ({@code __be32}, {@code __be16}: the first byte on the wire first in memory). When
 * kernel code uses such a field as a plain {@code u32}/{@code u16} without {@code ntohl}/{@code ntohs} —
 * as {@code cookie_hash} and {@code inet_synq_hash} do — an x86 CPU reads those bytes little-endian and
 * gets a different number: the <em>raw</em> value computed here. Java code that wants the kernel's
 * numbers must start from the raw values.
 *
 * <p>Examples: 10.0.0.1 ({@code 0x0A000001}) is raw {@code 0x0100000A}; port 40000 ({@code 0x9C40}) is
 * raw {@code 0x409C}; port 80 ({@code 0x0050}) is raw {@code 0x5000}.
 */
public final class X86ByteOrder {
  private X86ByteOrder() {}

  /** The natural value of a.b.c.d, {@code 0xAABBCCDD}; each part must be 0..255. */
  public static int ipv4(int a, int b, int c, int d) {
    for (int part : new int[] {a, b, c, d}) {
      if (part < 0 || part > 255) {
        throw new IllegalArgumentException(
            "IPv4 address parts must be 0..255, got " + a + "." + b + "." + c + "." + d);
      }
    }
    return a << 24 | b << 16 | c << 8 | d;
  }

  /** Dotted-quad text of a natural address value, for messages and tests. */
  public static String ipv4ToString(int addr) {
    return (addr >>> 24) + "." + (addr >>> 16 & 0xFF) + "." + (addr >>> 8 & 0xFF) + "." + (addr & 0xFF);
  }

  /**
   * The {@code u32} an x86 kernel reads from a {@code __be32} holding {@code addr}: the bytes swapped.
   *
   * @param addr natural address value, a.b.c.d as {@code 0xAABBCCDD}
   */
  public static int be32Raw(int addr) {
    return Integer.reverseBytes(addr);
  }

  /**
   * The {@code u16} (zero-extended) an x86 kernel reads from a {@code __be16} holding {@code port}: the
   * two bytes swapped.
   *
   * @param port 0..65535
   * @throws IllegalArgumentException if {@code port} is out of range
   */
  public static int be16Raw(int port) {
    checkPort(port, "port");
    return (port & 0xFF) << 8 | port >>> 8;
  }

  static void checkPort(int port, String name) {
    if (port < 0 || port > 0xFFFF) {
      throw new IllegalArgumentException(name + " must be 0..65535, got " + port);
    }
  }
}
