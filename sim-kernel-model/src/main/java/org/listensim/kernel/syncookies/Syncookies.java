package org.listensim.kernel.syncookies;

import static org.listensim.kernel.syncookies.X86ByteOrder.be16Raw;
import static org.listensim.kernel.syncookies.X86ByteOrder.be32Raw;
import static org.listensim.kernel.syncookies.X86ByteOrder.checkPort;

import org.listensim.kernel.KernelSource;

/**
 * IPv4 syncookies of Linux 2.6.32.9 ({@code net/ipv4/syncookies.c}), bit for bit as an x86 kernel
 * computes them: the cookie hash, cookie generation and checking, the minute counter and the MSS table.
 *
 * <p><b>Arguments.</b> Addresses are natural values (a.b.c.d = {@code 0xAABBCCDD}), ports natural
 * numbers 0..65535 (see {@link X86ByteOrder}); {@code saddr}/{@code sport} are always the
 * <em>client</em> (the SYN's and the ACK's source), {@code daddr}/{@code dport} the listener. Sequence
 * numbers, counts and cookies are {@code u32} held in an {@code int}. {@code jiffies} is the x86-64
 * kernel's 64-bit {@code unsigned long}, held in a {@code long} and divided unsigned.
 *
 * <p><b>Cookie layout</b> (all sums mod 2^32; {@code H(n, c)} = {@link #cookieHash} of the 4-tuple with
 * counter {@code n} and secret set {@code c}):
 *
 * <pre>
 *   cookie = H(0, 0) + sseq + (count &lt;&lt; 24) + ((H(count, 1) + mssind) mod 2^24)
 * </pre>
 *
 * so, once {@code H(0,0) + sseq} is subtracted, the top 8 bits hold the low 8 bits of the minute counter
 * and the low 24 bits hold the MSS index hidden under the second hash.
 *
 * <p><b>Static and instance methods.</b> The static methods take the secret as an argument and allocate
 * their scratch space; they are thread-safe. An instance holds "the kernel's" secret and a scratch area
 * like the kernel's per-CPU {@code ipv4_cookie_scratch}, so its methods allocate nothing; an instance
 * must therefore be used by one thread at a time (one simulation).
 */
public final class Syncookies {
  /** Bits of the cookie below the counter ({@code COOKIEBITS}). */
  public static final int COOKIEBITS = 24;
  /** {@code COOKIEMASK}: the low {@link #COOKIEBITS} bits. */
  public static final int COOKIEMASK = (1 << COOKIEBITS) - 1;
  /** Accepted counter age: a cookie is valid while {@code now - count} is 0..{@code COUNTER_TRIES - 1}. */
  public static final int COUNTER_TRIES = 4;
  /** What {@link #checkTcpSynCookie} returns when the counter is out of range ({@code (__u32)-1}). */
  public static final int CHECK_FAILED = -1;
  /** Number of usable MSS table entries ({@code NUM_MSS}). */
  public static final int NUM_MSS = 8;

  // msstab: each entry is one less than an MSS the cookie can carry; the last is the search's sentinel.
  private static final int[] MSSTAB = {63, 255, 511, 535, 1023, 1439, 1459, 4311, 0xFFFF};

  /** Words of {@code ipv4_cookie_scratch}: 16 of block, 5 of chaining state, 80 of workspace. */
  private static final int SCRATCH_WORDS = Sha1Transform.BLOCK_WORDS + Sha1Transform.DIGEST_WORDS
      + Sha1Transform.WORKSPACE_WORDS;

  private final SyncookieSecret secret;
  private final int[] scratch = new int[SCRATCH_WORDS];

  /** Syncookies of a kernel whose {@code syncookie_secret} is {@code secret}. */
  public Syncookies(SyncookieSecret secret) {
    if (secret == null) {
      throw new IllegalArgumentException("secret is null");
    }
    this.secret = secret;
  }

  public SyncookieSecret secret() {
    return secret;
  }

  // ---------------------------------------------------------------- the pure kernel functions

  /**
   * The keyed hash of a 4-tuple and a counter: one SHA-1 block function over (saddr, daddr, ports,
   * count, secret words 0..11), chained from secret words 12..16 instead of the SHA-1 IV; the result is
   * the second word of the new chaining state.
   *
   * <p>On x86 the block's message words are: the two addresses as natural values, {@code (dport << 16) |
   * sport} (the ports swap places relative to the C expression because each {@code __be16} is swapped
   * and then the whole word), and {@code count} and secret words 0..11 byte-swapped. The chaining state
   * is the secret's words 12..16 unswapped.
   *
   * <p>Kernel: {@code net/ipv4/syncookies.c: cookie_hash}.
   *
   * @param c which secret set, 0 or 1
   */
  @KernelSource(file = "net/ipv4/syncookies.c", function = "cookie_hash")
  public static int cookieHash(
      int saddr, int daddr, int sport, int dport, int count, int c, SyncookieSecret secret) {
    checkPort(sport, "sport");
    checkPort(dport, "dport");
    SyncookieSecret.checkSet(c);
    return cookieHash(saddr, daddr, sport, dport, count, c, secret, new int[SCRATCH_WORDS]);
  }

  /** {@link #cookieHash(int, int, int, int, int, int, SyncookieSecret)} with this kernel's secret. */
  @KernelSource(file = "net/ipv4/syncookies.c", function = "cookie_hash")
  public int cookieHash(int saddr, int daddr, int sport, int dport, int count, int c) {
    checkPort(sport, "sport");
    checkPort(dport, "dport");
    SyncookieSecret.checkSet(c);
    return cookieHash(saddr, daddr, sport, dport, count, c, secret, scratch);
  }

  // Builds the kernel's scratch words in x86 host order, then lets the block function read them the
  // way x86 memory reads big-endian. Ports are already validated.
  private static int cookieHash(int saddr, int daddr, int sport, int dport, int count, int c,
      SyncookieSecret secret, int[] tmp) {
    tmp[0] = be32Raw(saddr);
    tmp[1] = be32Raw(daddr);
    tmp[2] = (be16Raw(sport) << 16) + be16Raw(dport);
    tmp[3] = count;
    secret.copyInto(c, tmp, 4); // tmp[4..20]; tmp[16..20] doubles as the chaining state
    Sha1Transform.shaTransformX86(tmp, 16, tmp, 0, tmp, 16 + Sha1Transform.DIGEST_WORDS);
    return tmp[17];
  }

  /**
   * The cookie for a SYN: {@code H(0,0) + sseq + (count << 24) + ((H(count,1) + data) mod 2^24)}.
   *
   * <p>Kernel: {@code net/ipv4/syncookies.c: secure_tcp_syn_cookie}.
   *
   * @param sseq the SYN's sequence number (the client's ISN)
   * @param count the minute counter ({@link #cookieCount})
   * @param data the value to hide in the low 24 bits; the kernel passes the MSS index
   */
  @KernelSource(file = "net/ipv4/syncookies.c", function = "secure_tcp_syn_cookie")
  public static int secureTcpSynCookie(int saddr, int daddr, int sport, int dport, int sseq,
      int count, int data, SyncookieSecret secret) {
    checkPort(sport, "sport");
    checkPort(dport, "dport");
    return secureTcpSynCookie(saddr, daddr, sport, dport, sseq, count, data, secret,
        new int[SCRATCH_WORDS]);
  }

  private static int secureTcpSynCookie(int saddr, int daddr, int sport, int dport, int sseq,
      int count, int data, SyncookieSecret secret, int[] tmp) {
    int h0 = cookieHash(saddr, daddr, sport, dport, 0, 0, secret, tmp);
    int h1 = cookieHash(saddr, daddr, sport, dport, count, 1, secret, tmp);
    return h0 + sseq + (count << COOKIEBITS) + ((h1 + data) & COOKIEMASK);
  }

  /**
   * Recovers the hidden data of a cookie: subtracts {@code H(0,0) + sseq}, takes the counter age
   * {@code diff = (count - top 8 bits) mod 256}, fails if {@code diff >= maxdiff} (unsigned), otherwise
   * returns {@code (rest - H(count - diff, 1)) mod 2^24}. A forged cookie yields some 24-bit value; the
   * caller must range-check it (the kernel accepts only 0..{@code NUM_MSS - 1}).
   *
   * <p>Kernel: {@code net/ipv4/syncookies.c: check_tcp_syn_cookie}.
   *
   * @param cookie the cookie, i.e. the ACK's {@code ack_seq - 1}
   * @param sseq the client's ISN, i.e. the ACK's {@code seq - 1}
   * @param count the current minute counter
   * @param maxdiff the accepted counter age bound, {@link #COUNTER_TRIES} in the kernel
   * @return the data value (0..2^24-1), or {@link #CHECK_FAILED} if the counter is out of range
   */
  @KernelSource(file = "net/ipv4/syncookies.c", function = "check_tcp_syn_cookie")
  public static int checkTcpSynCookie(int cookie, int saddr, int daddr, int sport, int dport,
      int sseq, int count, int maxdiff, SyncookieSecret secret) {
    checkPort(sport, "sport");
    checkPort(dport, "dport");
    return checkTcpSynCookie(cookie, saddr, daddr, sport, dport, sseq, count, maxdiff, secret,
        new int[SCRATCH_WORDS]);
  }

  private static int checkTcpSynCookie(int cookie, int saddr, int daddr, int sport, int dport,
      int sseq, int count, int maxdiff, SyncookieSecret secret, int[] tmp) {
    int rest = cookie - (cookieHash(saddr, daddr, sport, dport, 0, 0, secret, tmp) + sseq);
    int diff = (count - (rest >>> COOKIEBITS)) & (-1 >>> COOKIEBITS);
    if (Integer.compareUnsigned(diff, maxdiff) >= 0) {
      return CHECK_FAILED;
    }
    return (rest - cookieHash(saddr, daddr, sport, dport, count - diff, 1, secret, tmp))
        & COOKIEMASK;
  }

  /**
   * The minute counter of the cookie, {@code jiffies / (HZ * 60)}: an unsigned 64-bit division (x86-64
   * {@code unsigned long}) whose quotient is cut to 32 bits when passed as the {@code __u32 count}. Only
   * its low 8 bits reach the cookie. Minute boundaries are multiples of {@code 60 * hz} jiffies counted
   * from jiffy 0, not from boot ({@code INITIAL_JIFFIES} = 2^32 - 300 * HZ).
   *
   * <p>Kernel: the {@code jiffies / (HZ * 60)} argument in {@code net/ipv4/syncookies.c:
   * cookie_v4_init_sequence} and {@code cookie_check}.
   *
   * @param jiffies unsigned 64-bit jiffies
   * @param hz ticks per second, positive
   */
  @KernelSource(file = "net/ipv4/syncookies.c", function = "cookie_v4_init_sequence")
  @KernelSource(file = "net/ipv4/syncookies.c", function = "cookie_check")
  public static int cookieCount(long jiffies, int hz) {
    checkHz(hz);
    return (int) Long.divideUnsigned(jiffies, 60L * hz);
  }

  // ---------------------------------------------------------------- MSS table

  /**
   * The MSS table index a cookie carries for a SYN's MSS: the largest {@code i} (0..7) with
   * {@code mss > msstab[i]}, or 0 when {@code mss <= 255} — so the MSS is rounded <em>down</em> to
   * 64, 256, 512, 536, 1024, 1440, 1460 or 4312, except that anything up to 255 (even below 64) gives
   * index 0 (64). Examples: 1460 → 6, 1400 → 4 (1024), 536 → 3, 100 → 0 (64), 9000 → 7 (4312).
   *
   * <p>Kernel: the table search in {@code net/ipv4/syncookies.c: cookie_v4_init_sequence}.
   *
   * @param mss the request's MSS ({@code req->mss}, a {@code __u16}), 0..65535
   */
  @KernelSource(file = "net/ipv4/syncookies.c", function = "cookie_v4_init_sequence")
  public static int mssIndex(int mss) {
    if (mss < 0 || mss > 0xFFFF) {
      throw new IllegalArgumentException("mss must be 0..65535 (a __u16), got " + mss);
    }
    int i = 0;
    while (mss > MSSTAB[i + 1]) {
      i++;
    }
    return i;
  }

  /**
   * The MSS the request keeps after {@code cookie_v4_init_sequence} rounds it down: {@code msstab[i] +
   * 1} for {@code i = mssIndex(mss)}. This is the new {@code req->mss} (the {@code *mssp} update).
   *
   * <p>Kernel: the {@code *mssp} update in {@code net/ipv4/syncookies.c: cookie_v4_init_sequence}.
   */
  @KernelSource(file = "net/ipv4/syncookies.c", function = "cookie_v4_init_sequence")
  public static int cookieMss(int mss) {
    return MSSTAB[mssIndex(mss)] + 1;
  }

  /**
   * The MSS a checked cookie yields: {@code msstab[data] + 1} for a data value 0..7, else 0 (invalid).
   * {@code data} is compared as a {@code u32}, so {@link #CHECK_FAILED} gives 0.
   *
   * <p>Kernel: the last step of {@code net/ipv4/syncookies.c: cookie_check}.
   */
  @KernelSource(file = "net/ipv4/syncookies.c", function = "cookie_check")
  public static int mssOfIndex(int data) {
    return Integer.compareUnsigned(data, NUM_MSS) < 0 ? MSSTAB[data] + 1 : 0;
  }

  /** A copy of {@code msstab}: the {@value #NUM_MSS} entries (each MSS - 1) and the 65535 sentinel. */
  public static int[] msstab() {
    return MSSTAB.clone();
  }

  // ---------------------------------------------------------------- the IPv4 entry points

  /**
   * The ISN of a cookie SYN-ACK for a SYN from {@code saddr:sport} to {@code daddr:dport} with sequence
   * number {@code seq} and MSS {@code mss}, at {@code jiffies}.
   *
   * <p>The kernel function does three things; this method does only the pure third. The caller must
   * also (1) stamp the listener's overflow time, {@link SynqOverflow#tcpSynqOverflow}, (2) replace the
   * request's MSS with {@link #cookieMss(int)} and (3) count {@code SyncookiesSent}.
   *
   * <p>Kernel: {@code net/ipv4/syncookies.c: cookie_v4_init_sequence}.
   *
   * @param seq the SYN's sequence number (host order; the kernel's {@code ntohl(th->seq)})
   * @param mss the request's MSS before rounding, 0..65535
   * @param jiffies unsigned 64-bit jiffies
   * @param hz ticks per second
   * @return the cookie, to be sent as the SYN-ACK's sequence number ({@code snt_isn})
   */
  @KernelSource(file = "net/ipv4/syncookies.c", function = "cookie_v4_init_sequence")
  public int cookieV4InitSequence(
      int saddr, int daddr, int sport, int dport, int seq, int mss, long jiffies, int hz) {
    checkPort(sport, "sport");
    checkPort(dport, "dport");
    int mssind = mssIndex(mss);
    return secureTcpSynCookie(
        saddr, daddr, sport, dport, seq, cookieCount(jiffies, hz), mssind, secret, scratch);
  }

  /**
   * Checks the cookie in an ACK from {@code saddr:sport} to {@code daddr:dport} with sequence number
   * {@code seq} and acknowledgment number {@code ackSeq}, at {@code jiffies}: the cookie is
   * {@code ackSeq - 1}, the client's ISN {@code seq - 1}, the counter age must be below
   * {@link #COUNTER_TRIES} and the hidden value a valid MSS index.
   *
   * <p>This is only the cookie arithmetic of {@code cookie_v4_check}. The caller does the rest: skip
   * when {@code tcp_syncookies} is 0 or the segment has no ACK; fail when
   * {@link SynqOverflow#tcpSynqNoRecentOverflow} holds; count {@code SyncookiesFailed} or
   * {@code SyncookiesRecv}; decode the options with {@link CookieTimestamps#cookieV4Options}; build the
   * request with {@code snt_isn = ackSeq - 1}, {@code rcv_isn = seq - 1} and the returned MSS.
   *
   * <p>Kernel: {@code net/ipv4/syncookies.c: cookie_check} (with the {@code ack_seq - 1} of
   * {@code cookie_v4_check}).
   *
   * @return the decoded MSS (64, 256, 512, 536, 1024, 1440, 1460 or 4312), or 0 if the cookie is invalid
   */
  @KernelSource(file = "net/ipv4/syncookies.c", function = "cookie_check")
  public int cookieCheck(
      int saddr, int daddr, int sport, int dport, int seq, int ackSeq, long jiffies, int hz) {
    checkPort(sport, "sport");
    checkPort(dport, "dport");
    int data = checkTcpSynCookie(ackSeq - 1, saddr, daddr, sport, dport, seq - 1,
        cookieCount(jiffies, hz), COUNTER_TRIES, secret, scratch);
    return mssOfIndex(data);
  }

  static void checkHz(int hz) {
    if (hz <= 0) {
      throw new IllegalArgumentException("hz must be positive, got " + hz);
    }
  }
}
