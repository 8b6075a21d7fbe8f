package org.listensim.kernel.ipv4;

import org.listensim.kernel.KernelSource;
import org.listensim.kernel.KernelTimer;
import org.listensim.kernel.Seq;
import org.listensim.kernel.Sysctl;
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

  /**
   * {@code tcp_select_window}/{@code __tcp_select_window} for a socket whose receive buffer never fills
   * (the model's applications read at once): the window offered is {@code rcv_ssthresh} (the initial
   * window), rounded up to a multiple of 2^rcv_wscale so scaling cannot shrink it, then scaled.
   */
  @KernelSource(file = "net/ipv4/tcp_output.c", function = "__tcp_select_window")
  static int windowField(TcpSock sk) {
    int ws = sk.wscaleOk ? sk.rcvWscale : 0;
    int window = sk.rcvWnd;
    if (ws != 0 && ((window >>> ws) << ws) != window) {
      window = ((window >>> ws) + 1) << ws;
    }
    return Math.min(window >>> ws, 65535);
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

  /**
   * {@code tcp_done}: AttemptFails +1 when the socket was still opening (SYN_SENT, SYN_RECV), then CLOSE
   * with every timer cleared; the application hears of the pending error (if any) and of the close.
   */
  @KernelSource(file = "net/ipv4/tcp.c", function = "tcp_done")
  void tcpDone(TcpSock sk) {
    if (sk.state == TcpState.SYN_SENT || sk.state == TcpState.SYN_RECV) {
      host.mib.inc(MibCounter.ATTEMPT_FAILS);
    }
    tcpSetState(sk, TcpState.CLOSE);
    sk.xmitTimer().delTimer();
    SockCallbacks cb = sk.callbacks;
    if (cb != null) {
      if (sk.err != null) {
        cb.error(sk, sk.err);
      }
      cb.closed(sk);
    }
  }

  // ---- active open and data ------------------------------------------------------------------------

  /** {@code inet_csk_reset_xmit_timer}: arms the retransmit timer {@code when} jiffies from now (≤ RTO_MAX). */
  void resetXmitTimer(TcpSock sk, long when) {
    sk.xmitTimer().modTimer(host.clock.jiffies() + Math.min(when, host.clock.tcpRtoMax()));
  }

  /**
   * {@code tcp_connect} with {@code tcp_connect_init}: initial window and scale as {@code
   * tcp_select_initial_window} chooses them for the route's advmss, RTO = TCP_TIMEOUT_INIT, the SYN
   * queued and sent ({@code retrans_stamp} = its time), snd_nxt = ISS + 1, ActiveOpens +1 and the
   * retransmit timer armed for the RTO.
   */
  @KernelSource(file = "net/ipv4/tcp_output.c", function = "tcp_connect")
  @KernelSource(file = "net/ipv4/tcp_output.c", function = "tcp_connect_init")
  void tcpConnect(TcpSock sk) {
    boolean ts = host.sysctls.get(Sysctl.TCP_TIMESTAMPS) != 0;
    boolean ws = host.sysctls.get(Sysctl.TCP_WINDOW_SCALING) != 0;
    int advmss = sk.userMss != 0 && sk.userMss < Host.ADVMSS ? sk.userMss : Host.ADVMSS;
    if (sk.userMss != 0) {
      sk.mssClamp = sk.userMss;
    }
    InitialWindow w = tcpSelectInitialWindow(tcpFullSpace(),
        advmss - (ts && sk.tsRecentStamp != 0 ? TCPOLEN_TSTAMP_ALIGNED : 0), sk.windowClamp, ws);
    sk.rcvWnd = w.rcvWnd();
    sk.windowClamp = w.windowClamp();
    sk.rcvWscale = w.rcvWscale();
    sk.wscaleOk = ws;
    sk.tstampOk = ts;
    sk.sackOk = host.sysctls.get(Sysctl.TCP_SACK) != 0;
    sk.err = null;
    sk.sndWnd = 0;
    sk.sndUna = sk.writeSeq;
    sk.rcvNxt = 0;
    sk.rto = (int) host.clock.tcpTimeoutInit();
    sk.retransmits = 0;
    sk.backoff = 0;
    sk.mssCache = 536;
    sk.writeSeq = sk.iss + 1;
    sk.headWhen = host.clock.tcpTimeStamp();
    sk.retransStamp = sk.headWhen;
    host.mib.inc(MibCounter.OUT_SEGS);
    host.transmit(synSegment(sk));
    sk.sndNxt = sk.writeSeq;
    host.mib.inc(MibCounter.ACTIVE_OPENS);
    resetXmitTimer(sk, sk.rto);
  }

  /**
   * The SYN of an active open ({@code tcp_syn_options}): MSS = advmss, SACK-permitted, timestamps
   * (TSval now, TSecr ts_recent), window scale, each when its sysctl is on; window min(rcv_wnd, 65535)
   * unscaled.
   */
  @KernelSource(file = "net/ipv4/tcp_output.c", function = "tcp_syn_options")
  TcpSegment synSegment(TcpSock sk) {
    int advmss = sk.userMss != 0 && sk.userMss < Host.ADVMSS ? sk.userMss : Host.ADVMSS;
    TcpOptions o = new TcpOptions(advmss, sk.wscaleOk ? sk.rcvWscale : -1, sk.sackOk, sk.tstampOk,
        sk.tstampOk ? host.clock.tcpTimeStamp() : 0, sk.tstampOk ? sk.tsRecent : 0);
    return new TcpSegment(sk.laddr, sk.lport, sk.raddr, sk.rport, sk.iss, 0, TcpFlags.SYN,
        Math.min(sk.rcvWnd, 65535), o, 0);
  }

  /** A data and/or FIN segment from a connected socket, ACK set. */
  private TcpSegment dataSegment(TcpSock sk, int seq, int len, boolean fin) {
    int flags = TcpFlags.ACK | (len > 0 ? TcpFlags.PSH : 0) | (fin ? TcpFlags.FIN : 0);
    return new TcpSegment(sk.laddr, sk.lport, sk.raddr, sk.rport, seq, sk.rcvNxt, flags, windowField(sk),
        timestampOption(sk), len);
  }

  /**
   * {@code tcp_write_xmit}: sends what the application queued from snd_nxt, in segments of mss_cache,
   * within the peer's window (congestion window not modelled), the FIN last. Each new segment counts in
   * OutSegs; the first one sent with nothing outstanding records its time and arms the retransmit
   * timer for the RTO ({@code tcp_event_new_data_sent}).
   */
  @KernelSource(file = "net/ipv4/tcp_output.c", function = "tcp_write_xmit")
  @KernelSource(file = "net/ipv4/tcp_output.c", function = "tcp_event_new_data_sent")
  void tcpWriteXmit(TcpSock sk) {
    while (Seq.before(sk.sndNxt, sk.writeSeq)) {
      int dataEnd = sk.finQueued ? sk.writeSeq - 1 : sk.writeSeq;
      int len = Math.max(0, Math.min(sk.mssCache, dataEnd - sk.sndNxt));
      int windowLeft = sk.sndUna + sk.sndWnd - sk.sndNxt;
      // A FIN alone also needs room: its sequence number must lie inside the window (tcp_snd_wnd_test).
      if (len >= windowLeft) {
        len = Math.max(0, windowLeft);
        if (len == 0) {
          return;
        }
      }
      boolean fin = sk.finQueued && sk.sndNxt + len == dataEnd;
      if (len == 0 && !fin) {
        return;
      }
      boolean idle = sk.sndUna == sk.sndNxt;
      host.mib.inc(MibCounter.OUT_SEGS);
      host.transmit(dataSegment(sk, sk.sndNxt, len, fin));
      sk.sndNxt += len + (fin ? 1 : 0);
      if (idle) {
        sk.headWhen = host.clock.tcpTimeStamp();
        resetXmitTimer(sk, sk.rto);
      }
    }
  }

  /**
   * {@code tcp_retransmit_skb} of the head of the queue: the SYN in SYN_SENT, else the first
   * mss_cache bytes from snd_una (with the FIN when it is the last thing outstanding). RetransSegs +1,
   * not OutSegs (the kernel counts only segments past snd_nxt and pure ACKs there); {@code
   * retrans_stamp} is set when still 0.
   */
  @KernelSource(file = "net/ipv4/tcp_output.c", function = "tcp_retransmit_skb")
  void tcpRetransmitSkb(TcpSock sk) {
    TcpSegment seg;
    if (sk.state == TcpState.SYN_SENT) {
      seg = synSegment(sk);
    } else {
      boolean finOut = sk.finQueued && sk.sndNxt == sk.writeSeq;
      int dataEnd = finOut ? sk.sndNxt - 1 : sk.sndNxt;
      int len = Math.max(0, Math.min(sk.mssCache, dataEnd - sk.sndUna));
      boolean fin = finOut && sk.sndUna + len == dataEnd;
      seg = dataSegment(sk, sk.sndUna, len, fin);
    }
    host.mib.inc(MibCounter.RETRANS_SEGS);
    sk.headWhen = host.clock.tcpTimeStamp();
    if (sk.retransStamp == 0) {
      sk.retransStamp = sk.headWhen;
    }
    host.transmit(seg);
  }

  /** {@code tcp_send_fin}: the FIN is queued after the data and sent as soon as the window allows. */
  @KernelSource(file = "net/ipv4/tcp_output.c", function = "tcp_send_fin")
  void tcpSendFin(TcpSock sk) {
    sk.finQueued = true;
    sk.writeSeq += 1;
    tcpWriteXmit(sk);
  }
}
