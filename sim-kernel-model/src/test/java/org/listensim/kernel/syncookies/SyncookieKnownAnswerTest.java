package org.listensim.kernel.syncookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.listensim.kernel.syncookies.X86ByteOrder.ipv4;

import org.junit.jupiter.api.Test;

/**
 * Known answers computed outside the Java code.
 *
 * <p><b>Spec vectors</b> — {@code shared/spec/linux-2.6.32-listen-path.md} §11 ("Cookie test vector"),
 * which the spec says were produced by compiling the 2.6.32 code on x86-64.
 *
 * <p><b>C vectors</b> — from the stand-alone program {@code sim-kernel-model/src/test/c/syncookie_vectors.c},
 * written for this project from the SHA-1 definition and the spec's description (it shares no code with
 * the kernel or with the Java classes). It lays the hash input out in real little-endian memory
 * (addresses from {@code inet_pton}, ports through {@code htons}) and reads it big-endian, so it checks
 * the x86 byte-order reasoning of {@link Syncookies#cookieHash} rather than repeating it. Produced on
 * x86-64 with gcc 12 by:
 *
 * <pre>
 *   gcc -std=c99 -O2 -Wall -Wextra -o /tmp/syncookie_vectors sim-kernel-model/src/test/c/syncookie_vectors.c
 *   /tmp/syncookie_vectors
 * </pre>
 *
 * Each C value below quotes the output line it comes from. The C program also reproduces every spec
 * vector, so spec, C and Java agree three ways.
 */
class SyncookieKnownAnswerTest {
  private static final int CLIENT = ipv4(10, 0, 0, 1);
  private static final int SERVER = ipv4(10, 0, 0, 100);

  /** The spec's pinned secret: {@code secret[c][j] = 0x01020304 * (j + 1) + c * 0x11111111}. */
  static SyncookieSecret specSecret() {
    int[][] s = new int[2][SyncookieSecret.WORDS];
    for (int c = 0; c < 2; c++) {
      for (int j = 0; j < SyncookieSecret.WORDS; j++) {
        s[c][j] = 0x01020304 * (j + 1) + c * 0x11111111;
      }
    }
    return new SyncookieSecret(s[0], s[1]);
  }

  /** The C program's second secret ({@code lcg[0]}, {@code lcg[1]} lines). */
  static SyncookieSecret lcgSecret() {
    return new SyncookieSecret(
        new int[] {0x405b6f6c, 0xd104a3db, 0xb357877e, 0x732b08c5, 0x1659e360, 0x63f7bf3f,
            0xb35dc392, 0xcd600dc9, 0x486ebc94, 0x73a57ee3, 0x708fd6e6, 0x3fd2810d, 0xf3cfaf08,
            0x758006c7, 0xe011957a, 0x37cc2691, 0x2d53aebc},
        new int[] {0xf1a9baeb, 0x637a134e, 0xcff10255, 0x0ce6efb0, 0x4fd93f4f, 0x0867a462,
            0x02c35859, 0xd63ee5e4, 0xa07d77f3, 0x1753dcb6, 0x6367ac9d, 0x72ce4558, 0x062188d7,
            0x45a7904a, 0xa0a8c321, 0xb0f9020c, 0xa310d5fb});
  }

  @Test
  void cookieHash_specVectors() {
    SyncookieSecret secret = specSecret();
    assertThat(Syncookies.cookieHash(CLIENT, SERVER, 40000, 80, 0, 0, secret))
        .isEqualTo(0x86cdddca);
    assertThat(Syncookies.cookieHash(CLIENT, SERVER, 40000, 80, 71580, 1, secret))
        .isEqualTo(0x3ce26754);
  }

  @Test
  void secureTcpSynCookie_specVector() {
    assertThat(Syncookies.secureTcpSynCookie(CLIENT, SERVER, 40000, 80, 1_000_000, 71580, 6,
        specSecret())).isEqualTo(0x23bf8764);
  }

  /** The spec vector through the IPv4 entry points: count 71580 at HZ 1000 is jiffies 4294800000. */
  @Test
  void cookieV4_specVector_endToEnd() {
    Syncookies cookies = new Syncookies(specSecret());
    long sent = 71580L * 60_000;
    int isn = cookies.cookieV4InitSequence(CLIENT, SERVER, 40000, 80, 1_000_000, 1460, sent, 1000);
    assertThat(isn).isEqualTo(0x23bf8764);
    // The third ACK: seq = client ISN + 1, ack = cookie + 1.
    long lastValid = sent + 4 * 60_000L - 1; // still counter 71583
    assertThat(cookies.cookieCheck(CLIENT, SERVER, 40000, 80, 1_000_001, isn + 1, lastValid, 1000))
        .isEqualTo(1460);
    assertThat(cookies.cookieCheck(CLIENT, SERVER, 40000, 80, 1_000_001, isn + 1, lastValid + 1,
        1000)).isZero();
  }

  /** C lines {@code spec read(count N) = ...} and the two corrupted-cookie lines. */
  @Test
  void checkTcpSynCookie_cVectors_specSecret() {
    SyncookieSecret secret = specSecret();
    int cookie = 0x23bf8764;
    int[] expected = {6, 6, 6, 6, -1, -1}; // counts 71580..71585
    for (int i = 0; i < expected.length; i++) {
      assertThat(Syncookies.checkTcpSynCookie(cookie, CLIENT, SERVER, 40000, 80, 1_000_000,
          71580 + i, Syncookies.COUNTER_TRIES, secret)).as("count %d", 71580 + i)
          .isEqualTo(expected[i]);
    }
    // spec read(cookie+1, count 71580) = 0x00000007: one more is the next MSS index, still "valid".
    assertThat(Syncookies.checkTcpSynCookie(cookie + 1, CLIENT, SERVER, 40000, 80, 1_000_000,
        71580, Syncookies.COUNTER_TRIES, secret)).isEqualTo(7);
    // spec read(cookie^0x00010000, count 71580) = 0x00ff0006: out of the MSS table, so refused.
    assertThat(Syncookies.checkTcpSynCookie(cookie ^ 0x00010000, CLIENT, SERVER, 40000, 80,
        1_000_000, 71580, Syncookies.COUNTER_TRIES, secret)).isEqualTo(0x00ff0006);
  }

  private record LcgCase(int s, int d, int sp, int dp, int sseq, int count, int data, int h0,
      int h1, int cookie) {}

  /** C lines {@code lcg a:p -> b:q sseq .. count .. data ..: h0 .. h1 .. cookie .. read+3 .. read+4 ..}. */
  private static final LcgCase[] LCG_CASES = {
    new LcgCase(ipv4(192, 168, 1, 20), ipv4(192, 168, 1, 1), 51234, 443, 0xdeadbeef, 71577, 0,
        0x87739bf0, 0x169fb2f2, 0xffc10dd1),
    new LcgCase(ipv4(203, 0, 113, 7), ipv4(198, 51, 100, 9), 1024, 8080, 0xffffffff, 255, 7,
        0x5b71d0b0, 0x11e3277a, 0x5b54f830),
    new LcgCase(ipv4(1, 2, 3, 4), ipv4(5, 6, 7, 8), 65535, 1, 0x00000000, 256, 3,
        0x0a181e21, 0xf967e0e4, 0x0a7fff08),
    new LcgCase(ipv4(255, 255, 255, 255), ipv4(0, 0, 0, 0), 0, 65535, 0x80000000, 0xffffffff, 5,
        0x838487a8, 0x38f1bddb, 0x03764588),
  };

  @Test
  void cookie_cVectors_lcgSecret() {
    SyncookieSecret secret = lcgSecret();
    for (LcgCase k : LCG_CASES) {
      String what = X86ByteOrder.ipv4ToString(k.s()) + ":" + k.sp();
      assertThat(Syncookies.cookieHash(k.s(), k.d(), k.sp(), k.dp(), 0, 0, secret)).as(what)
          .isEqualTo(k.h0());
      assertThat(Syncookies.cookieHash(k.s(), k.d(), k.sp(), k.dp(), k.count(), 1, secret))
          .as(what).isEqualTo(k.h1());
      int cookie = Syncookies.secureTcpSynCookie(k.s(), k.d(), k.sp(), k.dp(), k.sseq(), k.count(),
          k.data(), secret);
      assertThat(cookie).as(what).isEqualTo(k.cookie());
      assertThat(Syncookies.checkTcpSynCookie(cookie, k.s(), k.d(), k.sp(), k.dp(), k.sseq(),
          k.count() + 3, Syncookies.COUNTER_TRIES, secret)).as(what).isEqualTo(k.data());
      assertThat(Syncookies.checkTcpSynCookie(cookie, k.s(), k.d(), k.sp(), k.dp(), k.sseq(),
          k.count() + 4, Syncookies.COUNTER_TRIES, secret)).as(what)
          .isEqualTo(Syncookies.CHECK_FAILED);
    }
  }

  /** C lines {@code ts(now ..., ...) = ...}; the first two are also the spec's §9.7 examples. */
  @Test
  void cookieInitTimestamp_cVectors() {
    assertThat(CookieTimestamps.cookieInitTimestamp(0x12345678, true, 7, 7, true))
        .isEqualTo(0x12345577);
    assertThat(CookieTimestamps.cookieInitTimestamp(0x12345678, true, 2, 7, false))
        .isEqualTo(0x12345672);
    assertThat(CookieTimestamps.cookieInitTimestamp(0x12345678, false, 9, 9, true))
        .isEqualTo(0x12345500);
    assertThat(CookieTimestamps.cookieInitTimestamp(0x00000100, true, 14, 14, true))
        .isEqualTo(0xffffffee);
    assertThat(CookieTimestamps.cookieInitTimestamp(0xfffffe00, true, 0, 0, false))
        .isEqualTo(0xfffffe00);
  }

  /** C lines {@code count(jiffies J, hz 1000) = A; hz 250 = B}. */
  @Test
  void cookieCount_cVectors() {
    long[] jiffies = {0, 59999, 60000, 4294667296L, 4294967296L, 257698037760000L,
        257698037820000L, 0xFFFFFFFFFFFFFFFFL};
    int[] hz1000 = {0, 0, 1, 71577, 71582, 0, 1, (int) 3385579553L};
    int[] hz250 = {0, 3, 4, 286311, 286331, 0, 4, 657416327};
    for (int i = 0; i < jiffies.length; i++) {
      assertThat(Syncookies.cookieCount(jiffies[i], 1000)).as("jiffies %s", jiffies[i])
          .isEqualTo(hz1000[i]);
      assertThat(Syncookies.cookieCount(jiffies[i], 250)).as("jiffies %s", jiffies[i])
          .isEqualTo(hz250[i]);
    }
  }
}
