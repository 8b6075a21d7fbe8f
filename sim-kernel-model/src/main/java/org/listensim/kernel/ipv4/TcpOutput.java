package org.listensim.kernel.ipv4;

import org.listensim.kernel.KernelSource;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;

/** The transmit-side functions of net/ipv4/tcp_output.c and tcp.c the modelled paths use. */
final class TcpOutput {
  /** {@code TCPOLEN_TSTAMP_ALIGNED}. */
  static final int TCPOLEN_TSTAMP_ALIGNED = 12;

  private final Host host;

  TcpOutput(Host host) {
    this.host = host;
  }

  /** Result of {@code tcp_select_initial_window}. */
  record InitialWindow(int rcvWnd, int windowClamp, int rcvWscale) {}

  /**
   * {@code tcp_select_initial_window}: the first receive window, clamp and window scale.
   *
   * @param space {@code tcp_full_space} of the socket
   * @param mss the MSS the window is rounded to
   * @param windowClamp 0 for none
   */
  @KernelSource(file = "net/ipv4/tcp_output.c", function = "tcp_select_initial_window")
  static InitialWindow tcpSelectInitialWindow(int space, int mss, int windowClamp, boolean wscaleOk) {
    long clamp = Integer.toUnsignedLong(windowClamp);
    if (clamp == 0) {
      clamp = 65535L << 14;
    }
    long sp = Math.max(space, 0);
    sp = Math.min(sp, clamp);
    if (sp > mss) {
      sp = (sp / mss) * mss;
    }
    long rcvWnd = sp;
    int rcvWscale = 0;
    if (wscaleOk) {
      long s = Math.max(Host.TCP_RMEM_MAX, Host.RMEM_MAX);
      s = Math.min(s, clamp);
      while (s > 65535 && rcvWscale < 14) {
        s >>= 1;
        rcvWscale++;
      }
    }
    if (mss > (1 << rcvWscale)) {
      int initCwnd = 4;
      if (mss > 1460 * 3) {
        initCwnd = 2;
      } else if (mss > 1460) {
        initCwnd = 3;
      }
      if (rcvWnd > (long) initCwnd * mss) {
        rcvWnd = (long) initCwnd * mss;
      }
    }
    clamp = Math.min(65535L << rcvWscale, clamp);
    return new InitialWindow((int) rcvWnd, (int) clamp, rcvWscale);
  }

  /** {@code tcp_full_space}: the receive buffer less the application's share. */
  @KernelSource(file = "include/net/tcp.h", function = "tcp_full_space")
  static int tcpFullSpace() {
    int space = Host.RCVBUF;
    return Host.TCP_ADV_WIN_SCALE <= 0 ? space >> -Host.TCP_ADV_WIN_SCALE
        : space - (space >> Host.TCP_ADV_WIN_SCALE);
  }

  /**
   * {@code tcp_make_synack}: builds the SYN-ACK for a request (OutSegs +1). The first build chooses
   * the request's window and scale; later builds reuse them. The MSS option is the route's advmss
   * (lowered to TCP_MAXSEG), never the peer's.
   */
  @KernelSource(file = "net/ipv4/tcp_output.c", function = "tcp_make_synack")
  @KernelSource(file = "net/ipv4/tcp_output.c", function = "tcp_synack_options")
  TcpSegment tcpMakeSynack(TcpSock sk, RequestSock req) {
    int mss = Host.ADVMSS;
    if (sk.userMss != 0 && sk.userMss < mss) {
      mss = sk.userMss;
    }
    if (req.rcvWnd == 0) {
      InitialWindow w = tcpSelectInitialWindow(
          tcpFullSpace(), mss - (req.tstampOk ? TCPOLEN_TSTAMP_ALIGNED : 0), sk.windowClamp, req.wscaleOk);
      req.rcvWnd = w.rcvWnd();
      req.windowClamp = w.windowClamp();
      req.rcvWscale = w.rcvWscale();
    }
    int when = req.cookieTs ? host.syncookies.cookieInitTimestamp(req) : host.clock.tcpTimeStamp();
    TcpOptions o = TcpOptions.mss(mss);
    if (req.wscaleOk) {
      o = o.withWscale(req.rcvWscale);
    }
    if (req.tstampOk) {
      o = o.withTimestamp(when, req.tsRecent);
    }
    if (req.sackOk) {
      o = o.withSackOk(true);
    }
    int flags = TcpFlags.SYN | TcpFlags.ACK | (req.ecnOk ? TcpFlags.ECE : 0);
    host.mib.inc(MibCounter.OUT_SEGS);
    return new TcpSegment(req.locAddr, req.locPort, req.rmtAddr, req.rmtPort, req.sntIsn, req.rcvIsn + 1,
        flags, (int) Math.min(Integer.toUnsignedLong(req.rcvWnd), 65535), o, 0);
  }

  /** The window field of a segment from a connected socket: the receive window, scaled. */
  private static int windowField(TcpSock sk) {
    return Math.min(sk.rcvWnd >>> (sk.wscaleOk ? sk.rcvWscale : 0), 65535);
  }

  private TcpOptions timestampOption(TcpSock sk) {
    return sk.tstampOk ? TcpOptions.NONE.withTimestamp(host.clock.tcpTimeStamp(), sk.tsRecent) : TcpOptions.NONE;
  }

  /** {@code tcp_send_ack}: a pure ACK from a connected socket (OutSegs +1). */
  @KernelSource(file = "net/ipv4/tcp_output.c", function = "tcp_send_ack")
  void tcpSendAck(TcpSock sk) {
    host.mib.inc(MibCounter.OUT_SEGS);
    host.transmit(new TcpSegment(sk.laddr, sk.lport, sk.raddr, sk.rport, sk.sndNxt, sk.rcvNxt,
        TcpFlags.ACK, windowField(sk), timestampOption(sk), 0));
  }

  /** {@code tcp_send_active_reset}: RST|ACK at snd_nxt (OutRsts +1, OutSegs +1). */
  @KernelSource(file = "net/ipv4/tcp_output.c", function = "tcp_send_active_reset")
  void tcpSendActiveReset(TcpSock sk) {
    host.mib.inc(MibCounter.OUT_SEGS);
    host.mib.inc(MibCounter.OUT_RSTS);
    host.transmit(new TcpSegment(sk.laddr, sk.lport, sk.raddr, sk.rport, sk.sndNxt, sk.rcvNxt,
        TcpFlags.RST | TcpFlags.ACK, windowField(sk), timestampOption(sk), 0));
  }

  /**
   * {@code tcp_set_state}: CurrEstab follows ESTABLISHED; entering CLOSE from ESTABLISHED or CLOSE_WAIT
   * counts EstabResets; a closed socket leaves the established table.
   */
  @KernelSource(file = "net/ipv4/tcp.c", function = "tcp_set_state")
  void tcpSetState(TcpSock sk, TcpState state) {
    TcpState old = sk.state;
    if (state == TcpState.ESTABLISHED && old != TcpState.ESTABLISHED) {
      host.mib.inc(MibCounter.CURR_ESTAB);
    }
    if (state == TcpState.CLOSE) {
      if (old == TcpState.CLOSE_WAIT || old == TcpState.ESTABLISHED) {
        host.mib.inc(MibCounter.ESTAB_RESETS);
      }
      host.unhashEstablished(sk);
    }
    if (old == TcpState.ESTABLISHED && state != TcpState.ESTABLISHED) {
      host.mib.dec(MibCounter.CURR_ESTAB);
    }
    sk.state = state;
  }

  /** {@code tcp_done}: the socket goes to CLOSE. */
  @KernelSource(file = "net/ipv4/tcp.c", function = "tcp_done")
  void tcpDone(TcpSock sk) {
    tcpSetState(sk, TcpState.CLOSE);
  }
}
