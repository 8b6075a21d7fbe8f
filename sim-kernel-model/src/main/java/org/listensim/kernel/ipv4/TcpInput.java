package org.listensim.kernel.ipv4;

import org.listensim.kernel.KernelSource;
import org.listensim.kernel.KernelTrace;
import org.listensim.kernel.Seq;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;

/** The receive-side functions of net/ipv4/tcp_input.c the modelled paths use. */
final class TcpInput {
  /** {@code TCP_PAWS_24DAYS}, seconds. */
  static final long TCP_PAWS_24DAYS = 60L * 60 * 24 * 24;
  /** {@code TCP_PAWS_MSL}, seconds. */
  static final long TCP_PAWS_MSL = 60;

  private final Host host;

  TcpInput(Host host) {
    this.host = host;
  }

  /**
   * {@code tcp_parse_options} for a socket that is not established: MSS, window scale and
   * SACK-permitted count only on a SYN; each option also needs its sysctl on.
   */
  @KernelSource(file = "net/ipv4/tcp_input.c", function = "tcp_parse_options")
  void tcpParseOptions(TcpSegment seg, RxOptions opt) {
    TcpOptions o = seg.options();
    boolean syn = seg.has(TcpFlags.SYN);
    opt.sawTstamp = false;
    if (syn && o.mss() > 0) {
      int inMss = o.mss() & 0xFFFF;
      if (opt.userMss != 0 && opt.userMss < inMss) {
        inMss = opt.userMss;
      }
      opt.mssClamp = inMss;
    }
    if (syn && o.wscale() >= 0 && host.sysctls.get(Sysctl.TCP_WINDOW_SCALING) != 0) {
      opt.wscaleOk = true;
      int ws = o.wscale() & 0xFF;
      if (ws > 14) {
        if (host.netRatelimit.allow()) {
          host.trace(new KernelTrace.Klog(host.name, "info",
              "tcp_parse_options: Illegal window scaling value " + ws + " >14 received."));
        }
        ws = 14;
      }
      opt.sndWscale = ws;
    }
    if (o.timestamp() && host.sysctls.get(Sysctl.TCP_TIMESTAMPS) != 0) {
      opt.sawTstamp = true;
      opt.rcvTsval = o.tsval();
      opt.rcvTsecr = o.tsecr();
    }
    if (syn && o.sackOk() && host.sysctls.get(Sysctl.TCP_SACK) != 0) {
      opt.sackOk = true;
    }
  }

  /**
   * {@code tcp_paws_check}/{@code tcp_paws_reject}: a timestamp older than {@code ts_recent} is rejected
   * unless {@code ts_recent} is 24 days stale, or the segment is a RST and it is a minute stale. The
   * stamps are wall-clock seconds, compared as unsigned longs as the kernel does.
   */
  @KernelSource(file = "include/net/tcp.h", function = "tcp_paws_reject")
  boolean tcpPawsReject(RxOptions opt, boolean rst) {
    long now = host.clock.getSeconds();
    if (opt.tsRecent - opt.rcvTsval <= 0) {
      return false;
    }
    if (Long.compareUnsigned(now, opt.tsRecentStamp + TCP_PAWS_24DAYS) >= 0) {
      return false;
    }
    return !(rst && Long.compareUnsigned(now, opt.tsRecentStamp + TCP_PAWS_MSL) >= 0);
  }

  /**
   * {@code tcp_rcv_state_process} for a listener: an ACK asks the caller for a RST, a RST is dropped, a
   * SYN goes to {@code tcp_v4_conn_request}, anything else is dropped.
   *
   * @return true when the caller must answer with {@code tcp_v4_send_reset}
   */
  @KernelSource(file = "net/ipv4/tcp_input.c", function = "tcp_rcv_state_process")
  boolean tcpRcvStateProcessListen(TcpSock sk, TcpSegment seg, int isn) {
    if (seg.has(TcpFlags.ACK)) {
      return true;
    }
    if (seg.has(TcpFlags.RST)) {
      return false;
    }
    if (seg.has(TcpFlags.SYN)) {
      host.tcpIpv4.tcpV4ConnRequest(sk, seg, isn);
    }
    return false;
  }

  /**
   * Segment processing of a connected socket, as far as the listen path needs it: a child leaving
   * SYN_RECV on the ACK that created it, in-order data and FIN (answered with an immediate ACK, as
   * quick-ack mode does for a new connection), and RST.
   *
   * @return true when the caller must answer with a RST
   */
  @KernelSource(file = "net/ipv4/tcp_input.c", function = "tcp_rcv_state_process")
  boolean tcpRcvStateProcess(TcpSock sk, TcpSegment seg) {
    if (seg.has(TcpFlags.RST)) {
      if (inWindow(sk, seg)) {
        tcpReset(sk);
      }
      return false;
    }
    if (sk.state == TcpState.SYN_RECV) {
      if (!seg.has(TcpFlags.ACK)) {
        return false;
      }
      if (seg.ack() != sk.sndNxt) {
        return true;
      }
      host.tcpOutput.tcpSetState(sk, TcpState.ESTABLISHED);
      sk.sndUna = seg.ack();
      sk.sndWnd = (seg.window() & 0xFFFF) << (sk.wscaleOk ? sk.sndWscale : 0);
    }
    if (sk.tstampOk && seg.options().timestamp() && !Seq.after(seg.seq(), sk.rcvNxt)) {
      sk.tsRecent = seg.options().tsval();
    }
    if (seg.payloadLength() > 0 || seg.has(TcpFlags.FIN)) {
      if (seg.seq() == sk.rcvNxt
          && (sk.state == TcpState.ESTABLISHED || sk.state == TcpState.FIN_WAIT1
              || sk.state == TcpState.FIN_WAIT2)) {
        sk.rcvNxt += seg.payloadLength();
        sk.bytesReceived += seg.payloadLength();
        if (seg.has(TcpFlags.FIN)) {
          sk.rcvNxt += 1;
          if (sk.state == TcpState.ESTABLISHED) {
            host.tcpOutput.tcpSetState(sk, TcpState.CLOSE_WAIT);
          }
        }
      }
      // In order or not, data gets an immediate ACK (a duplicate ACK when it was not in order).
      host.tcpOutput.tcpSendAck(sk);
    }
    return false;
  }

  private static boolean inWindow(TcpSock sk, TcpSegment seg) {
    int s = sk.rcvNxt;
    int e = sk.rcvNxt + Math.max(sk.rcvWnd, 1);
    return !Seq.before(seg.seq(), s) && Seq.before(seg.seq(), e);
  }

  /** {@code tcp_reset}: the connection is reset by the peer. */
  @KernelSource(file = "net/ipv4/tcp_input.c", function = "tcp_reset")
  void tcpReset(TcpSock sk) {
    sk.err = sk.state == TcpState.SYN_SENT ? Errno.ECONNREFUSED
        : sk.state == TcpState.CLOSE_WAIT ? Errno.EPIPE : Errno.ECONNRESET;
    host.tcpOutput.tcpDone(sk);
  }
}
