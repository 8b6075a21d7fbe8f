package org.listensim.kernel.syncookies;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** {@code include/net/tcp.h}: {@code time_after(jiffies, last_overflow + TCP_TIMEOUT_INIT)}. */
class SynqOverflowTest {
  @Test
  void tcpSynqOverflow_stampsNow() {
    assertThat(SynqOverflow.tcpSynqOverflow(4_294_967_296L)).isEqualTo(4_294_967_296L);
  }

  @Test
  void tcpTimeoutInit_isThreeSeconds() {
    assertThat(SynqOverflow.tcpTimeoutInit(1000)).isEqualTo(3000);
    assertThat(SynqOverflow.tcpTimeoutInit(250)).isEqualTo(750);
  }

  /** time_after is strict: exactly 3000 jiffies later is still "recent", 3001 is not. */
  @Test
  void tcpSynqNoRecentOverflow_boundaryAtHz1000() {
    long stamp = (1L << 32) - 300_000L + 12_345;
    assertThat(SynqOverflow.tcpSynqNoRecentOverflow(stamp, stamp, 1000)).isFalse();
    assertThat(SynqOverflow.tcpSynqNoRecentOverflow(stamp, stamp + 2999, 1000)).isFalse();
    assertThat(SynqOverflow.tcpSynqNoRecentOverflow(stamp, stamp + 3000, 1000)).isFalse();
    assertThat(SynqOverflow.tcpSynqNoRecentOverflow(stamp, stamp + 3001, 1000)).isTrue();
  }

  @Test
  void tcpSynqNoRecentOverflow_boundaryAtOtherHz() {
    for (int hz : new int[] {100, 250, 300}) {
      long stamp = 1_000_000L;
      assertThat(SynqOverflow.tcpSynqNoRecentOverflow(stamp, stamp + 3L * hz, hz)).isFalse();
      assertThat(SynqOverflow.tcpSynqNoRecentOverflow(stamp, stamp + 3L * hz + 1, hz)).isTrue();
    }
  }

  /** A fresh listener (stamp 0) on x86-64 sees jiffies >= INITIAL_JIFFIES, far past 0 + 3 s. */
  @Test
  void tcpSynqNoRecentOverflow_freshListenerAfterBoot_isTrue() {
    long initialJiffies = (1L << 32) - 300_000L;
    assertThat(SynqOverflow.tcpSynqNoRecentOverflow(0, initialJiffies, 1000)).isTrue();
  }

  /** An ACK "before" the stamp (e.g. a stamp from a later cookie) is recent. */
  @Test
  void tcpSynqNoRecentOverflow_stampInTheFuture_isRecent() {
    assertThat(SynqOverflow.tcpSynqNoRecentOverflow(10_000, 5_000, 1000)).isFalse();
  }

  /** The comparison is on the signed 64-bit difference, so it survives the unsigned wrap at 2^64. */
  @Test
  void tcpSynqNoRecentOverflow_acrossTheUnsigned64BitWrap() {
    long stamp = -2_000L; // 2^64 - 2000 as an unsigned long
    assertThat(SynqOverflow.tcpSynqNoRecentOverflow(stamp, 1_000L, 1000)).isFalse();
    assertThat(SynqOverflow.tcpSynqNoRecentOverflow(stamp, 1_001L, 1000)).isTrue();
  }
}
