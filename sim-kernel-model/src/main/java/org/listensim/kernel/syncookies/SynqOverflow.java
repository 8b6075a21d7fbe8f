package org.listensim.kernel.syncookies;

import org.listensim.kernel.KernelSource;

/**
 * The listener's "recent SYN-queue overflow" clock that gates cookie checks ({@code include/net/tcp.h}).
 * A listener remembers the jiffy of the last cookie it sent (in {@code rx_opt.ts_recent_stamp}, a
 * {@code long}); an ACK is checked as a cookie only while that stamp is at most
 * {@code TCP_TIMEOUT_INIT} = 3 * HZ jiffies old. The stamp starts at 0 on a fresh listener.
 *
 * <p>Comparisons are those of x86-64: 64-bit {@code unsigned long} jiffies compared with
 * {@code time_after}, i.e. by the sign of the 64-bit difference. (A 32-bit kernel would wrap at 2^32 and
 * is not modelled.)
 */
public final class SynqOverflow {
  private SynqOverflow() {}

  /** {@code TCP_TIMEOUT_INIT}: 3 * HZ jiffies. */
  public static long tcpTimeoutInit(int hz) {
    Syncookies.checkHz(hz);
    return 3L * hz;
  }

  /**
   * The listener's new overflow stamp when it sends a cookie at {@code jiffies}: simply
   * {@code jiffies}. Called once per cookie generated, from {@code cookie_v4_init_sequence}.
   *
   * <p>Kernel: {@code include/net/tcp.h: tcp_synq_overflow}.
   */
  @KernelSource(file = "include/net/tcp.h", function = "tcp_synq_overflow")
  public static long tcpSynqOverflow(long jiffies) {
    return jiffies;
  }

  /**
   * True when no cookie was sent "recently": {@code time_after(jiffies, lastOverflow +
   * TCP_TIMEOUT_INIT)}, i.e. the signed 64-bit value {@code (lastOverflow + 3*hz) - jiffies} is
   * negative. At HZ 1000 an ACK 3000 jiffies after the stamp still counts as recent (false here), one
   * 3001 jiffies after does not (true). A true result makes {@code cookie_v4_check} fail the ACK
   * without looking at the cookie.
   *
   * <p>Kernel: {@code include/net/tcp.h: tcp_synq_no_recent_overflow}.
   *
   * @param lastOverflow the listener's stamp (0 if it never sent a cookie)
   * @param jiffies now, unsigned 64-bit jiffies
   */
  @KernelSource(file = "include/net/tcp.h", function = "tcp_synq_no_recent_overflow")
  public static boolean tcpSynqNoRecentOverflow(long lastOverflow, long jiffies, int hz) {
    return (lastOverflow + tcpTimeoutInit(hz)) - jiffies < 0;
  }
}
