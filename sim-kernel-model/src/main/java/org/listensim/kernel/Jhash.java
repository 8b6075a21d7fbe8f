package org.listensim.kernel;

/**
 * The 2.6.32 {@code jhash} family: Bob Jenkins' 1996 lookup2 mix (not the lookup3 of 2.6.37 on).
 * Verified against the vectors of the listen-path spec §11.
 */
public final class Jhash {
  /** {@code JHASH_GOLDEN_RATIO}. */
  public static final int GOLDEN_RATIO = 0x9e3779b9;

  private Jhash() {}

  /** {@code jhash_3words(a, b, c, initval)}: no length term in this version. */
  @KernelSource(file = "include/linux/jhash.h", function = "jhash_3words")
  public static int jhash3Words(int a, int b, int c, int initval) {
    a += GOLDEN_RATIO;
    b += GOLDEN_RATIO;
    c += initval;
    a -= b; a -= c; a ^= c >>> 13;
    b -= c; b -= a; b ^= a << 8;
    c -= a; c -= b; c ^= b >>> 13;
    a -= b; a -= c; a ^= c >>> 12;
    b -= c; b -= a; b ^= a << 16;
    c -= a; c -= b; c ^= b >>> 5;
    a -= b; a -= c; a ^= c >>> 3;
    b -= c; b -= a; b ^= a << 10;
    c -= a; c -= b; c ^= b >>> 15;
    return c;
  }

  /** {@code jhash_2words(a, b, initval)} = {@code jhash_3words(a, b, 0, initval)}. */
  @KernelSource(file = "include/linux/jhash.h", function = "jhash_2words")
  public static int jhash2Words(int a, int b, int initval) {
    return jhash3Words(a, b, 0, initval);
  }

  /**
   * {@code inet_synq_hash}: the SYN-table bucket of a remote address and port. The kernel hashes the
   * network-order address and port as x86 reads them, so both are byte-swapped first.
   *
   * @param raddr remote address, natural form (see {@link Ipv4})
   * @param rport remote port, 0..65535
   * @param hashRnd the listener's {@code hash_rnd}
   * @param nrTableEntries table size, a power of two
   */
  @KernelSource(file = "net/ipv4/inet_connection_sock.c", function = "inet_synq_hash")
  public static int inetSynqHash(int raddr, int rport, int hashRnd, int nrTableEntries) {
    return jhash2Words(Ipv4.rawBe32(raddr), Ipv4.rawBe16(rport), hashRnd) & (nrTableEntries - 1);
  }
}
