package org.listensim.kernel.ipv4;

import org.listensim.kernel.KernelClock;
import org.listensim.kernel.KernelSource;
import org.listensim.kernel.KernelTrace;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.TcpSegment;
import org.listensim.kernel.syncookies.CookieOptions;
import org.listensim.kernel.syncookies.CookieTimestamps;
import org.listensim.kernel.syncookies.SyncookieSecret;
import org.listensim.kernel.syncookies.Syncookies;
import org.listensim.kernel.syncookies.SynqOverflow;

/**
 * The listener side of net/ipv4/syncookies.c: where a cookie is generated and checked, the overflow
 * stamp, the flood warning and the counters. The arithmetic is {@link Syncookies}. The secret is one per
 * kernel (host), drawn from the stream {@code <host>/syncookie-secret} unless pinned.
 */
public final class SyncookiesV4 {
  private final Host host;
  private Syncookies cookies;
  /** {@code warntime} of {@code syn_flood_warning}: one per kernel, initially 0. */
  private long warntime;

  SyncookiesV4(Host host) {
    this.host = host;
    long seed = host.sim.random().stream(host.name + "/syncookie-secret").nextLong();
    this.cookies = new Syncookies(SyncookieSecret.fromSeed(seed));
  }

  /** Pins {@code syncookie_secret}. */
  public void pinSecret(SyncookieSecret secret) {
    this.cookies = new Syncookies(secret);
  }

  public SyncookieSecret secret() {
    return cookies.secret();
  }

  /**
   * {@code syn_flood_warning}: at most one "possible SYN flooding" line per 60 s for the whole kernel.
   */
  @KernelSource(file = "net/ipv4/tcp_ipv4.c", function = "syn_flood_warning")
  void synFloodWarning(TcpSegment seg) {
    long now = host.clock.jiffies();
    if (KernelClock.timeAfter(now, warntime + 60L * host.clock.hz())) {
      warntime = now;
      host.trace(new KernelTrace.Klog(host.name, "info",
          "possible SYN flooding on port " + seg.dport() + ". Sending cookies."));
    }
  }

  /**
   * {@code cookie_v4_init_sequence}: stamps the overflow time on the listener, rounds the request's MSS
   * down to the cookie table, counts SyncookiesSent and returns the cookie as our ISN.
   */
  @KernelSource(file = "net/ipv4/syncookies.c", function = "cookie_v4_init_sequence")
  @KernelSource(file = "include/net/tcp.h", function = "tcp_synq_overflow")
  int cookieV4InitSequence(TcpSock sk, TcpSegment seg, RequestSock req) {
    long jiffies = host.clock.jiffies();
    sk.lastOverflow = SynqOverflow.tcpSynqOverflow(jiffies);
    int mss = req.mss;
    req.mss = Syncookies.cookieMss(mss);
    host.mib.inc(MibCounter.SYNCOOKIES_SENT);
    return cookies.cookieV4InitSequence(seg.saddr(), seg.daddr(), seg.sport(), seg.dport(), seg.seq(), mss,
        jiffies, host.clock.hz());
  }

  /** {@code cookie_init_timestamp}: TSval of a cookie SYN-ACK carries window scales and SACK. */
  @KernelSource(file = "net/ipv4/syncookies.c", function = "cookie_init_timestamp")
  int cookieInitTimestamp(RequestSock req) {
    return CookieTimestamps.cookieInitTimestamp(host.clock.tcpTimeStamp(), req.wscaleOk, req.sndWscale,
        req.rcvWscale, req.sackOk);
  }

  /**
   * {@code cookie_v4_check}: an ACK with no matching request. Without syncookies the listener handles
   * it (a RST). Otherwise it must come within TCP_TIMEOUT_INIT of the last cookie sent and carry a
   * valid cookie (else SyncookiesFailed and the listener's RST); a good one (SyncookiesRecv) becomes a
   * child through {@code tcp_v4_syn_recv_sock}, so a full accept queue still overflows, and then the
   * ACK is dropped with no RST whatever tcp_abort_on_overflow says.
   *
   * @return the listener (caller sends a RST), the child, or null (dropped)
   */
  @KernelSource(file = "net/ipv4/syncookies.c", function = "cookie_v4_check")
  @KernelSource(file = "net/ipv4/syncookies.c", function = "get_cookie_sock")
  @KernelSource(file = "include/net/tcp.h", function = "tcp_synq_no_recent_overflow")
  TcpSock cookieV4Check(TcpSock sk, TcpSegment seg) {
    if (host.sysctls.get(Sysctl.TCP_SYNCOOKIES) == 0) {
      return sk;
    }
    long jiffies = host.clock.jiffies();
    int mss = 0;
    if (SynqOverflow.tcpSynqNoRecentOverflow(sk.lastOverflow, jiffies, host.clock.hz())
        || (mss = cookies.cookieCheck(seg.saddr(), seg.daddr(), seg.sport(), seg.dport(), seg.seq(), seg.ack(),
            jiffies, host.clock.hz())) == 0) {
      host.mib.inc(MibCounter.SYNCOOKIES_FAILED);
      return sk;
    }
    host.mib.inc(MibCounter.SYNCOOKIES_RECV);

    RxOptions opt = new RxOptions();
    host.tcpInput.tcpParseOptions(seg, opt);
    CookieOptions co = CookieTimestamps.cookieV4Options(opt.sawTstamp, opt.rcvTsecr);

    RequestSock req = new RequestSock(host.newRequestId(), seg.saddr(), seg.sport(), seg.daddr(), seg.dport());
    req.rcvIsn = seg.seq() - 1;
    req.sntIsn = seg.ack() - 1;
    req.mss = mss;
    req.ecnOk = false;
    req.sndWscale = co.sndWscale();
    req.rcvWscale = co.rcvWscale();
    req.sackOk = co.sackOk();
    req.wscaleOk = co.wscaleOk();
    req.tstampOk = opt.sawTstamp;
    req.tsRecent = opt.sawTstamp ? opt.rcvTsval : 0;
    req.expires = 0;
    req.retrans = 0;
    TcpOutput.InitialWindow w = TcpOutput.tcpSelectInitialWindow(
        TcpOutput.tcpFullSpace(), req.mss, sk.windowClamp, req.wscaleOk);
    req.rcvWnd = w.rcvWnd();
    req.windowClamp = w.windowClamp();
    req.rcvWscale = w.rcvWscale();

    TcpSock child = host.tcpIpv4.tcpV4SynRecvSock(sk, seg, req);
    if (child == null) {
      host.traceListen("cookie-overflow", sk, req.rmtAddr, req.rmtPort, "mss=", mss);
      return null;
    }
    sk.icskAcceptQueue().add(req, sk, child);
    host.mib.inc(SimCounter.COOKIE_TO_CHILD);
    host.traceListen("child-queued", sk, req.rmtAddr, req.rmtPort, "cookie mss=", mss);
    return child;
  }
}
