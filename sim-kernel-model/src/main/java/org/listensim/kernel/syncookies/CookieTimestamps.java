package org.listensim.kernel.syncookies;

import org.listensim.kernel.KernelSource;

/**
 * How a cookie SYN-ACK smuggles window scaling and SACK through the client: when the SYN carried a
 * timestamp, the SYN-ACK's TSval hides the options in its low {@value #TSBITS} bits, and the client
 * echoes that TSval as the ACK's TSecr.
 *
 * <pre>
 *   bit  8     7..4        3..0
 *        sack  rcv_wscale  snd_wscale     (both scales 0 when wscale_ok is off)
 * </pre>
 *
 * <p>Without a timestamp in the SYN, {@code tcp_v4_conn_request} clears window scaling and SACK before
 * the SYN-ACK is built, so nothing needs encoding and the child gets {@link CookieOptions#NONE}.
 */
public final class CookieTimestamps {
  /** Low bits of the TSval that carry options ({@code TSBITS}). */
  public static final int TSBITS = 9;
  /** {@code TSMASK}. */
  public static final int TSMASK = (1 << TSBITS) - 1;

  private CookieTimestamps() {}

  /**
   * The TSval of a cookie SYN-ACK: {@code tcpTimeStamp} with its low 9 bits replaced by the options,
   * moved back by one 512-tick block if that would put it after {@code tcpTimeStamp} (unsigned, with
   * wrap-around), so later timestamps of the connection never go backwards. The result lies in
   * {@code [tcpTimeStamp - 511, tcpTimeStamp]} mod 2^32.
   *
   * <p>Kernel: {@code net/ipv4/syncookies.c: cookie_init_timestamp}.
   *
   * @param tcpTimeStamp {@code tcp_time_stamp}, the low 32 bits of jiffies
   * @param wscaleOk whether the request uses window scaling; if not, the scales are ignored
   * @param sndWscale the client's window scale, 0..15
   * @param rcvWscale the scale chosen for the SYN-ACK, 0..15
   * @param sackOk whether the client offered SACK
   */
  @KernelSource(file = "net/ipv4/syncookies.c", function = "cookie_init_timestamp")
  public static int cookieInitTimestamp(
      int tcpTimeStamp, boolean wscaleOk, int sndWscale, int rcvWscale, boolean sackOk) {
    if (sndWscale < 0 || sndWscale > 15 || rcvWscale < 0 || rcvWscale > 15) {
      throw new IllegalArgumentException(
          "window scales are 4-bit fields (0..15), got snd " + sndWscale + ", rcv " + rcvWscale);
    }
    int options = (wscaleOk ? sndWscale | rcvWscale << 4 : 0) | (sackOk ? 1 << 8 : 0);
    int ts = (tcpTimeStamp & ~TSMASK) | options;
    if (Integer.compareUnsigned(ts, tcpTimeStamp) > 0) {
      ts = (((ts >>> TSBITS) - 1) << TSBITS) | options;
    }
    return ts;
  }

  /**
   * The options hidden in the ACK's timestamp echo: {@code snd_wscale} = bits 0..3,
   * {@code rcv_wscale} = bits 4..7, SACK = bit 8, window scaling on iff a scale is non-zero. Nothing
   * authenticates these bits.
   *
   * <p>Kernel: {@code net/ipv4/syncookies.c: cookie_check_timestamp}.
   *
   * @param tsecr the ACK's TSecr
   */
  @KernelSource(file = "net/ipv4/syncookies.c", function = "cookie_check_timestamp")
  public static CookieOptions cookieCheckTimestamp(int tsecr) {
    int snd = tsecr & 0xF;
    int rcv = tsecr >>> 4 & 0xF;
    boolean sack = (tsecr >>> 8 & 1) != 0;
    return new CookieOptions(snd, rcv, sack, snd != 0 || rcv != 0);
  }

  /**
   * What a cookie child gets from the ACK's options: the decoded timestamp echo when the ACK carries a
   * timestamp, otherwise {@link CookieOptions#NONE}. ({@code tstamp_ok} of the request is
   * {@code sawTstamp} itself.)
   *
   * <p>Kernel: the option step of {@code net/ipv4/syncookies.c: cookie_v4_check}.
   *
   * @param sawTstamp whether the ACK carries a timestamp option
   * @param tsecr its TSecr (ignored when {@code sawTstamp} is false)
   */
  @KernelSource(file = "net/ipv4/syncookies.c", function = "cookie_v4_check")
  public static CookieOptions cookieV4Options(boolean sawTstamp, int tsecr) {
    return sawTstamp ? cookieCheckTimestamp(tsecr) : CookieOptions.NONE;
  }
}
