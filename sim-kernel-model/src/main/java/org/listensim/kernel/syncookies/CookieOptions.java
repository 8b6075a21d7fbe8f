package org.listensim.kernel.syncookies;

/**
 * The TCP options a cookie connection recovers from the ACK's timestamp echo: what the child request
 * gets in {@code snd_wscale}, {@code rcv_wscale}, {@code sack_ok} and {@code wscale_ok}.
 *
 * @param sndWscale the peer's window scale, 0..15 (not clamped to 14: the bits are not authenticated)
 * @param rcvWscale our window scale as sent in the SYN-ACK, 0..15; {@code cookie_v4_check} later
 *     replaces it with the value {@code tcp_select_initial_window} recomputes
 * @param sackOk SACK permitted
 * @param wscaleOk window scaling in use: true iff either scale is non-zero
 */
public record CookieOptions(int sndWscale, int rcvWscale, boolean sackOk, boolean wscaleOk) {
  /** No timestamp in the ACK: no window scaling, no SACK. */
  public static final CookieOptions NONE = new CookieOptions(0, 0, false, false);

  public CookieOptions {
    if (sndWscale < 0 || sndWscale > 15 || rcvWscale < 0 || rcvWscale > 15) {
      throw new IllegalArgumentException(
          "window scales are 4-bit fields (0..15), got snd " + sndWscale + ", rcv " + rcvWscale);
    }
  }
}
