package org.listensim.kernel;

/**
 * IPv4 addresses as the natural integer of their dotted form: A.B.C.D is {@code A<<24 | B<<16 | C<<8 |
 * D}. Where the kernel hashes the stored network-order bytes as a host integer (x86 is little-endian),
 * the conversion is explicit at that place.
 */
public final class Ipv4 {
  private Ipv4() {}

  public static int parse(String dotted) {
    String[] parts = dotted.split("\\.", -1);
    if (parts.length != 4) {
      throw new IllegalArgumentException("not an IPv4 address (a.b.c.d): " + dotted);
    }
    int v = 0;
    for (String p : parts) {
      int octet;
      try {
        octet = Integer.parseInt(p);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("not an IPv4 address (a.b.c.d): " + dotted, e);
      }
      if (p.isEmpty() || p.length() > 3 || octet < 0 || octet > 255) {
        throw new IllegalArgumentException("not an IPv4 address (a.b.c.d): " + dotted);
      }
      v = (v << 8) | octet;
    }
    return v;
  }

  public static String format(int addr) {
    return (addr >>> 24) + "." + ((addr >>> 16) & 0xFF) + "." + ((addr >>> 8) & 0xFF) + "." + (addr & 0xFF);
  }

  public static String format(int addr, int port) {
    return (addr >>> 24) + "." + ((addr >>> 16) & 0xFF) + "." + ((addr >>> 8) & 0xFF) + "." + (addr & 0xFF) + ":"
        + port;
  }

  /** The 32-bit value x86 reads from the address's network-order bytes ({@code __be32} as u32). */
  public static int rawBe32(int addr) {
    return Integer.reverseBytes(addr);
  }

  /** The 16-bit value x86 reads from the port's network-order bytes ({@code __be16} as u16). */
  public static int rawBe16(int port) {
    return ((port & 0xFF) << 8) | ((port >>> 8) & 0xFF);
  }
}
