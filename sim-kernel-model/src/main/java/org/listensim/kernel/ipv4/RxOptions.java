package org.listensim.kernel.ipv4;

/** {@code struct tcp_options_received}: what option parsing found in one segment. */
final class RxOptions {
  boolean sawTstamp;
  int rcvTsval;
  int rcvTsecr;
  boolean tstampOk;
  boolean sackOk;
  boolean wscaleOk;
  int sndWscale;
  int mssClamp;
  int userMss;
  int tsRecent;
  long tsRecentStamp;

  /** {@code tcp_clear_options}: MSS clamp and user MSS survive. */
  void clear() {
    tstampOk = false;
    sackOk = false;
    wscaleOk = false;
    sndWscale = 0;
    sawTstamp = false;
  }
}
