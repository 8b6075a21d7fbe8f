package org.listensim.scenarios.workload;

/** An IPv4 CIDR block: {@code base} (natural form, see {@code kernel.Ipv4}) and prefix length. */
public record AddressPool(int base, int prefixLength) {
  public AddressPool {
    if (prefixLength < 0 || prefixLength > 32) {
      throw new IllegalArgumentException("prefix length must be 0..32: " + prefixLength);
    }
    base = prefixLength == 0 ? 0 : base & (int) (0xFFFFFFFFL << (32 - prefixLength));
  }

  /** Number of addresses in the block. */
  public long size() {
    return 1L << (32 - prefixLength);
  }

  /** The i-th address of the block (0-based). */
  public int address(long i) {
    if (i < 0 || i >= size()) {
      throw new IndexOutOfBoundsException("address " + i + " of a /" + prefixLength);
    }
    return base + (int) i;
  }
}
