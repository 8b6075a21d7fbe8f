package org.listensim.kernel.ipv4;

import org.listensim.kernel.KernelClock;
import org.listensim.kernel.KernelSource;
import org.listensim.kernel.KernelTrace;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.TcpSegment;

/**
 * The host side of net/ipv4/syncookies.c: where a listener generates and checks cookies, the overflow
 * stamp, the flood warning and the counters. The arithmetic itself is in {@code kernel.syncookies}.
 */
public final class SyncookiesV4 {
  private final Host host;
  /** {@code warntime} of {@code syn_flood_warning}: one per kernel, initially 0. */
  private long warntime;

  SyncookiesV4(Host host) {
    this.host = host;
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

  int cookieV4InitSequence(TcpSock sk, TcpSegment seg, RequestSock req) {
    host.mib.inc(MibCounter.SYNCOOKIES_SENT);
    throw new UnsupportedOperationException("syncookies are not integrated yet");
  }

  int cookieInitTimestamp(RequestSock req) {
    throw new UnsupportedOperationException("syncookies are not integrated yet");
  }

  TcpSock cookieV4Check(TcpSock sk, TcpSegment seg) {
    if (host.sysctls.get(Sysctl.TCP_SYNCOOKIES) == 0) {
      return sk;
    }
    throw new UnsupportedOperationException("syncookies are not integrated yet");
  }
}
