package org.listensim.kernel.syncookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.listensim.kernel.syncookies.X86ByteOrder.ipv4;

import org.junit.jupiter.api.Test;

/** Exact rules of {@code net/ipv4/syncookies.c}, one kernel function and case per test. */
class SyncookiesTest {
  private static final int HZ = 1000;
  private static final long MINUTE = 60L * HZ;
  /** {@code INITIAL_JIFFIES} at HZ 1000 on x86-64: 2^32 - 300 * HZ. */
  private static final long BOOT = (1L << 32) - 300L * HZ;
  private static final int CLIENT = ipv4(192, 0, 2, 10);
  private static final int SERVER = ipv4(198, 51, 100, 1);
  private static final int CPORT = 40000;
  private static final int SPORT = 80;
  private static final int ISN = 0x12345678;

  private final Syncookies cookies = new Syncookies(SyncookieSecret.fromSeed(2026));

  private int cookieAt(long jiffies, int mss) {
    return cookies.cookieV4InitSequence(CLIENT, SERVER, CPORT, SPORT, ISN, mss, jiffies, HZ);
  }

  private int checkAt(int cookie, long jiffies) {
    return cookies.cookieCheck(CLIENT, SERVER, CPORT, SPORT, ISN + 1, cookie + 1, jiffies, HZ);
  }

  @Test
  void constants_areTheKernels() {
    assertThat(Syncookies.COOKIEBITS).isEqualTo(24);
    assertThat(Syncookies.COOKIEMASK).isEqualTo(0x00FFFFFF);
    assertThat(Syncookies.COUNTER_TRIES).isEqualTo(4);
    assertThat(Syncookies.NUM_MSS).isEqualTo(8);
    assertThat(Syncookies.msstab())
        .containsExactly(63, 255, 511, 535, 1023, 1439, 1459, 4311, 65535);
  }

  @Test
  void cookieV4InitSequence_mss1460_1400_536_100_areRoundedDownToTheTable() {
    int[] mss = {1460, 1400, 536, 100};
    int[] index = {6, 4, 3, 0};
    int[] rounded = {1460, 1024, 536, 64};
    for (int i = 0; i < mss.length; i++) {
      assertThat(Syncookies.mssIndex(mss[i])).as("index of %d", mss[i]).isEqualTo(index[i]);
      assertThat(Syncookies.cookieMss(mss[i])).as("req->mss for %d", mss[i]).isEqualTo(rounded[i]);
      int cookie = cookieAt(BOOT, mss[i]);
      assertThat(checkAt(cookie, BOOT)).as("decoded MSS for %d", mss[i]).isEqualTo(rounded[i]);
    }
  }

  /** The spec's §9.3 examples, plus the extremes of a {@code __u16}. */
  @Test
  void mssIndex_tableEdges() {
    int[][] cases = {{0, 64}, {63, 64}, {64, 64}, {255, 64}, {256, 256}, {511, 256}, {512, 512},
        {535, 512}, {536, 536}, {1000, 536}, {1023, 536}, {1024, 1024}, {1380, 1024},
        {1439, 1024}, {1440, 1440}, {1452, 1440}, {1459, 1440}, {1460, 1460}, {4311, 1460},
        {4312, 4312}, {9000, 4312}, {65535, 4312}};
    for (int[] c : cases) {
      assertThat(Syncookies.cookieMss(c[0])).as("mss %d", c[0]).isEqualTo(c[1]);
    }
    assertThat(Syncookies.mssIndex(65535)).isEqualTo(7);
  }

  @Test
  void mssOfIndex_decodesOnlyTheEightEntries() {
    int[] expected = {64, 256, 512, 536, 1024, 1440, 1460, 4312};
    for (int i = 0; i < 8; i++) {
      assertThat(Syncookies.mssOfIndex(i)).isEqualTo(expected[i]);
    }
    assertThat(Syncookies.mssOfIndex(8)).isZero();
    assertThat(Syncookies.mssOfIndex(0x00FFFFFF)).isZero();
    assertThat(Syncookies.mssOfIndex(Syncookies.CHECK_FAILED)).isZero();
  }

  /** Counter ages 0..3 are accepted, 4 is refused: checked at both ends of each minute. */
  @Test
  void cookieCheck_acceptsCounterAge0To3_refusesAge4() {
    long minuteStart = (BOOT / MINUTE + 1) * MINUTE;
    for (long sent : new long[] {minuteStart, minuteStart + MINUTE - 1}) {
      int cookie = cookieAt(sent, 1460);
      for (int age = 0; age <= 3; age++) {
        long first = minuteStart + age * MINUTE;
        assertThat(checkAt(cookie, Math.max(first, sent))).as("age %d, start", age).isEqualTo(1460);
        assertThat(checkAt(cookie, first + MINUTE - 1)).as("age %d, end", age).isEqualTo(1460);
      }
      assertThat(checkAt(cookie, minuteStart + 4 * MINUTE)).as("age 4").isZero();
      assertThat(checkAt(cookie, minuteStart + 200 * MINUTE)).as("age 200").isZero();
    }
  }

  /** So the lifetime is between 180 s (sent at a minute's last jiffy) and 240 s (sent at its first). */
  @Test
  void cookieCheck_lifetimeIsBetween180And240Seconds() {
    long minuteStart = (BOOT / MINUTE + 1) * MINUTE;
    long late = minuteStart + MINUTE - 1;
    int lateCookie = cookieAt(late, 536);
    assertThat(checkAt(lateCookie, late + 180 * HZ)).isEqualTo(536);
    assertThat(checkAt(lateCookie, late + 180 * HZ + 1)).isZero();
    int earlyCookie = cookieAt(minuteStart, 536);
    assertThat(checkAt(earlyCookie, minuteStart + 240 * HZ - 1)).isEqualTo(536);
    assertThat(checkAt(earlyCookie, minuteStart + 240 * HZ)).isZero();
  }

  @Test
  void cookieCheck_corruptedAck_isRefused() {
    int cookie = cookieAt(BOOT, 1460);
    assertThat(checkAt(cookie, BOOT)).isEqualTo(1460);
    // A flipped bit in the hash part of the low 24 bits, or in the counter byte.
    assertThat(checkAt(cookie ^ 0x00010000, BOOT)).isZero();
    assertThat(checkAt(cookie ^ 0x01000000, BOOT)).isZero();
    assertThat(checkAt(cookie ^ 0x80000000, BOOT)).isZero();
    // Same cookie, other 4-tuple or other sequence number.
    assertThat(cookies.cookieCheck(CLIENT + 1, SERVER, CPORT, SPORT, ISN + 1, cookie + 1, BOOT, HZ))
        .isZero();
    assertThat(cookies.cookieCheck(CLIENT, SERVER, CPORT + 1, SPORT, ISN + 1, cookie + 1, BOOT, HZ))
        .isZero();
    assertThat(cookies.cookieCheck(CLIENT, SERVER, CPORT, SPORT, ISN + 1001, cookie + 1, BOOT,
        HZ)).isZero();
  }

  /**
   * The MSS index is simply added under the hash, so a nearby ack decodes to a neighbouring index: the
   * kernel accepts cookie + 1 with MSS 4312 when it issued MSS 1460. Not a bug of the model.
   */
  @Test
  void cookieCheck_ackOffByOne_decodesTheNeighbouringMss() {
    int cookie = cookieAt(BOOT, 1460);
    assertThat(checkAt(cookie + 1, BOOT)).isEqualTo(4312);
    assertThat(checkAt(cookie - 1, BOOT)).isEqualTo(1440);
    assertThat(checkAt(cookie - 6, BOOT)).isEqualTo(64);
    // sseq enters the cookie by addition too: seq one higher reads like ack one lower.
    assertThat(cookies.cookieCheck(CLIENT, SERVER, CPORT, SPORT, ISN + 2, cookie + 1, BOOT, HZ))
        .isEqualTo(1440);
  }

  @Test
  void cookieCheck_usesTheAcksSeqMinusOne() {
    int cookie = cookieAt(BOOT, 1460);
    // A later data segment (seq past ISN + 1) arriving first does not validate.
    assertThat(cookies.cookieCheck(CLIENT, SERVER, CPORT, SPORT, ISN + 101, cookie + 1, BOOT, HZ))
        .isZero();
  }

  @Test
  void instanceAndStaticForms_agree() {
    SyncookieSecret secret = cookies.secret();
    int count = Syncookies.cookieCount(BOOT, HZ);
    int cookie = cookieAt(BOOT, 1400);
    assertThat(cookie).isEqualTo(
        Syncookies.secureTcpSynCookie(CLIENT, SERVER, CPORT, SPORT, ISN, count, 4, secret));
    assertThat(cookies.cookieHash(CLIENT, SERVER, CPORT, SPORT, 77, 1))
        .isEqualTo(Syncookies.cookieHash(CLIENT, SERVER, CPORT, SPORT, 77, 1, secret));
    assertThat(Syncookies.checkTcpSynCookie(cookie, CLIENT, SERVER, CPORT, SPORT, ISN, count,
        Syncookies.COUNTER_TRIES, secret)).isEqualTo(4);
  }

  /** Generation and check at different HZ: the counter is jiffies / (60 * HZ) in every case. */
  @Test
  void cookieCount_followsHz() {
    for (int hz : new int[] {100, 250, 300, 1000}) {
      long boot = (1L << 32) - 300L * hz;
      assertThat(Syncookies.cookieCount(boot, hz)).isEqualTo((int) (boot / (60L * hz)));
      int cookie = cookies.cookieV4InitSequence(CLIENT, SERVER, CPORT, SPORT, ISN, 1460, boot, hz);
      long lastValid = (boot / (60L * hz) + 4) * 60L * hz - 1;
      assertThat(cookies.cookieCheck(CLIENT, SERVER, CPORT, SPORT, ISN + 1, cookie + 1, lastValid,
          hz)).as("hz %d", hz).isEqualTo(1460);
      assertThat(cookies.cookieCheck(CLIENT, SERVER, CPORT, SPORT, ISN + 1, cookie + 1,
          lastValid + 1, hz)).as("hz %d", hz).isZero();
    }
  }

  @Test
  void badArguments_areRejectedWithTheirName() {
    SyncookieSecret secret = cookies.secret();
    assertThatThrownBy(() -> cookieAt(BOOT, 65536)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("mss must be 0..65535 (a __u16), got 65536");
    assertThatThrownBy(() -> cookies.cookieV4InitSequence(CLIENT, SERVER, 70000, SPORT, ISN, 1460,
        BOOT, HZ)).isInstanceOf(IllegalArgumentException.class)
        .hasMessage("sport must be 0..65535, got 70000");
    assertThatThrownBy(() -> cookies.cookieCheck(CLIENT, SERVER, CPORT, -1, ISN, 0, BOOT, HZ))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("dport must be 0..65535, got -1");
    assertThatThrownBy(() -> Syncookies.cookieCount(BOOT, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("hz must be positive, got 0");
    assertThatThrownBy(() -> Syncookies.cookieHash(CLIENT, SERVER, CPORT, SPORT, 0, 2, secret))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("secret set must be 0 or 1, got 2");
    assertThatThrownBy(() -> new Syncookies(null)).isInstanceOf(IllegalArgumentException.class);
  }
}
