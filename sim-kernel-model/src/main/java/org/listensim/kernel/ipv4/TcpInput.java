package org.listensim.kernel.ipv4;

import org.listensim.kernel.KernelSource;
import org.listensim.kernel.KernelTrace;
import org.listensim.kernel.MibCounter;
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
   * {@code tcp_rcv_state_process} for every state but LISTEN, SYN_SENT and TIME_WAIT (with the slow path
   * of {@code tcp_rcv_established}): {@code tcp_validate_incoming} (PAWS, sequence window, RST, ts_recent,
   * SYN in window), the ACK (a child leaving SYN_RECV, FIN_WAIT1 → FIN_WAIT2, CLOSING → TIME_WAIT,
   * LAST_ACK → CLOSE), then data and FIN. Every segment that carries data, a FIN or an old SYN is
   * answered with an immediate ACK (the model has no delayed ACKs: a new connection is in quick-ACK
   * mode, and an old segment gets {@code tcp_send_dupack}).
   *
   * @return true when the caller must answer with a RST
   */
  @KernelSource(file = "net/ipv4/tcp_input.c", function = "tcp_rcv_state_process")
  @KernelSource(file = "net/ipv4/tcp_input.c", function = "tcp_rcv_established")
  @KernelSource(file = "net/ipv4/tcp_input.c", function = "tcp_validate_incoming")
  boolean tcpRcvStateProcess(TcpSock sk, TcpSegment seg) {
    TcpOptions o = seg.options();
    boolean rst = seg.has(TcpFlags.RST);
    boolean sawTs = sk.tstampOk && o.timestamp();
    if (sawTs && !rst && tcpPawsDiscard(sk, o.tsval())) {
      host.mib.inc(MibCounter.PAWS_ESTAB);
      host.tcpOutput.tcpSendAck(sk);
      return false;
    }
    if (!tcpSequence(sk, seg)) {
      if (!rst) {
        host.tcpOutput.tcpSendAck(sk);
      }
      return false;
    }
    if (rst) {
      tcpReset(sk);
      return false;
    }
    // tcp_replace_ts_recent: only a TSval not older than ts_recent (or after 24 days) is stored.
    if (sawTs && !Seq.after(seg.seq(), sk.rcvNxt)
        && (sk.tsRecent - o.tsval() <= 0 || host.clock.getSeconds() >= sk.tsRecentStamp + TCP_PAWS_24DAYS)) {
      sk.tsRecent = o.tsval();
      sk.tsRecentStamp = host.clock.getSeconds();
    }
    if (seg.has(TcpFlags.SYN) && !Seq.before(seg.seq(), sk.rcvNxt)) {
      // syn_inerr: only tcp_rcv_established (ESTABLISHED) counts InErrs; tcp_rcv_state_process does not.
      if (sk.state == TcpState.ESTABLISHED) {
        host.mib.inc(MibCounter.IN_ERRS);
      }
      host.mib.inc(MibCounter.TCP_ABORT_ON_SYN);
      tcpReset(sk);
      return true;
    }
    if (!seg.has(TcpFlags.ACK)) {
      // tcp_rcv_state_process discards a segment without ACK; the slow path of tcp_rcv_established
      // (ESTABLISHED) goes on to its data.
      if (sk.state != TcpState.ESTABLISHED) {
        return false;
      }
    } else {
      switch (sk.state) {
        case SYN_RECV -> {
          // Only tcp_check_req makes a SYN_RECV socket, for an ACK of snt_isn + 1 = its snd_nxt: acceptable.
          host.tcpOutput.tcpSetState(sk, TcpState.ESTABLISHED);
          sk.sndUna = seg.ack();
          sk.sndWnd = (seg.window() & 0xFFFF) << (sk.wscaleOk ? sk.sndWscale : 0);
          // The handshake's RTT sample (tcp_ack_saw_tstamp): the ACK echoes the SYN-ACK's TSval. The
          // SYN-ACK is in no retransmission queue of the child, so tcp_ack took none.
          if (sawTs && o.tsecr() != 0 && sk.srtt == 0) {
            tcpValidRttMeas(sk, host.clock.tcpTimeStamp() - o.tsecr());
          }
        }
        case FIN_WAIT1 -> {
          tcpAck(sk, seg, o);
          if (sk.finQueued && sk.sndUna == sk.writeSeq) {
            host.tcpOutput.tcpSetState(sk, TcpState.FIN_WAIT2);
            if (sk.orphan && !seg.has(TcpFlags.FIN)) {
              // tcp_fin_time: the orphan waits for the peer's FIN at most this long.
              int finTime = Math.max((int) (60L * host.clock.hz()), (sk.rto << 2) - (sk.rto >> 1));
              sk.xmitTimer().modTimer(host.clock.jiffies() + finTime);
            }
          }
        }
        case CLOSING -> {
          tcpAck(sk, seg, o);
          if (sk.sndUna == sk.writeSeq) {
            host.tcpMinisocks.tcpTimeWait(sk);
            return false;
          }
        }
        case LAST_ACK -> {
          tcpAck(sk, seg, o);
          if (sk.sndUna == sk.writeSeq) {
            host.tcpOutput.tcpDone(sk);
            return false;
          }
        }
        default -> tcpAck(sk, seg, o);
      }
    }
    switch (sk.state) {
      case CLOSE_WAIT, CLOSING, LAST_ACK -> {
        if (!Seq.before(seg.seq(), sk.rcvNxt)) {
          break;
        }
        // The peer's FIN set RCV_SHUTDOWN: as in FIN_WAIT, new data past it aborts.
        if (newDataAfterShutdown(sk, seg)) {
          host.mib.inc(MibCounter.TCP_ABORT_ON_DATA);
          tcpReset(sk);
          return true;
        }
        tcpDataQueue(sk, seg);
      }
      case FIN_WAIT1, FIN_WAIT2 -> {
        // close() (an orphan) set RCV_SHUTDOWN.
        if (sk.orphan && newDataAfterShutdown(sk, seg)) {
          host.mib.inc(MibCounter.TCP_ABORT_ON_DATA);
          tcpReset(sk);
          return true;
        }
        tcpDataQueue(sk, seg);
      }
      default -> tcpDataQueue(sk, seg);
    }
    if (sk.state != TcpState.CLOSE && Seq.before(sk.sndNxt, sk.writeSeq)) {
      host.tcpOutput.tcpWriteXmit(sk);
    }
    return false;
  }

  /** Step 7 with RCV_SHUTDOWN: the segment occupies sequence space and brings bytes past rcv_nxt. */
  private static boolean newDataAfterShutdown(TcpSock sk, TcpSegment seg) {
    return seg.endSeq() != seg.seq() && Seq.after(seg.endSeq() - (seg.has(TcpFlags.FIN) ? 1 : 0), sk.rcvNxt);
  }

  /** {@code tcp_paws_discard}: a timestamp older than ts_recent (by more than 1), unless 24 days stale. */
  @KernelSource(file = "net/ipv4/tcp_input.c", function = "tcp_paws_discard")
  boolean tcpPawsDiscard(TcpSock sk, int tsval) {
    return sk.tsRecent - tsval > 1 && sk.tsRecentStamp != 0
        && host.clock.getSeconds() < sk.tsRecentStamp + TCP_PAWS_24DAYS;
  }

  /**
   * {@code tcp_sequence}: the segment ends at or after rcv_wup and starts no later than the right edge
   * of the window (the model acknowledges at once, so rcv_wup = rcv_nxt).
   */
  @KernelSource(file = "net/ipv4/tcp_input.c", function = "tcp_sequence")
  static boolean tcpSequence(TcpSock sk, TcpSegment seg) {
    return !Seq.before(seg.endSeq(), sk.rcvNxt) && !Seq.after(seg.seq(), sk.rcvNxt + Math.max(sk.rcvWnd, 0));
  }

  /**
   * {@code tcp_data_queue} (and {@code tcp_fin}): in-order data advances rcv_nxt and is read by the
   * application; a FIN moves ESTABLISHED → CLOSE_WAIT, FIN_WAIT1 → CLOSING, FIN_WAIT2 → TIME_WAIT.
   * An entirely old segment that occupies sequence space (a retransmitted SYN-ACK, a repeated data
   * segment) and an out-of-order one get a duplicate ACK; everything that carried data or FIN an ACK.
   */
  @KernelSource(file = "net/ipv4/tcp_input.c", function = "tcp_data_queue")
  @KernelSource(file = "net/ipv4/tcp_input.c", function = "tcp_fin")
  void tcpDataQueue(TcpSock sk, TcpSegment seg) {
    boolean fin = seg.has(TcpFlags.FIN);
    if (seg.endSeq() == seg.seq()) {
      return;
    }
    if (!Seq.after(seg.endSeq(), sk.rcvNxt)) {
      host.tcpOutput.tcpSendAck(sk);
      return;
    }
    if (Seq.after(seg.seq(), sk.rcvNxt)) {
      host.tcpOutput.tcpSendAck(sk);
      return;
    }
    int fresh = seg.endSeq() - (fin ? 1 : 0) - sk.rcvNxt;
    sk.rcvNxt += fresh;
    sk.bytesReceived += fresh;
    if (fin) {
      sk.rcvNxt += 1;
      switch (sk.state) {
        case ESTABLISHED -> host.tcpOutput.tcpSetState(sk, TcpState.CLOSE_WAIT);
        case FIN_WAIT1 -> host.tcpOutput.tcpSetState(sk, TcpState.CLOSING);
        default -> { }
      }
    }
    host.tcpOutput.tcpSendAck(sk);
    if (fin && sk.state == TcpState.FIN_WAIT2) {
      host.tcpMinisocks.tcpTimeWait(sk);
    }
    SockCallbacks cb = sk.callbacks;
    if (cb != null) {
      if (fresh > 0) {
        cb.readable(sk, fresh);
      }
      if (fin && sk.state == TcpState.CLOSE_WAIT) {
        cb.peerClosed(sk);
      }
    }
  }

  /**
   * {@code tcp_ack} for a synchronized socket: an ACK of new data advances snd_una, takes an RTT sample
   * (from the echoed timestamp, or from the head's send time when it was never retransmitted — Karn),
   * clears the retransmission count, and stops the retransmit timer when nothing is left outstanding
   * (else re-arms it for the RTO). The peer's window is taken from every acceptable ACK.
   */
  @KernelSource(file = "net/ipv4/tcp_input.c", function = "tcp_ack")
  @KernelSource(file = "net/ipv4/tcp_input.c", function = "tcp_clean_rtx_queue")
  void tcpAck(TcpSock sk, TcpSegment seg, TcpOptions o) {
    int ack = seg.ack();
    if (Seq.before(ack, sk.sndUna) || Seq.after(ack, sk.sndNxt)) {
      return;
    }
    sk.sndWnd = (seg.window() & 0xFFFF) << (seg.has(TcpFlags.SYN) ? 0 : (sk.wscaleOk ? sk.sndWscale : 0));
    if (ack == sk.sndUna) {
      return;
    }
    int now = host.clock.tcpTimeStamp();
    sk.sndUna = ack;
    if (o.timestamp() && o.tsecr() != 0 && (sk.tstampOk || seg.has(TcpFlags.SYN))) {
      tcpValidRttMeas(sk, now - o.tsecr());
    } else if (sk.retransmits == 0) {
      tcpValidRttMeas(sk, now - sk.headWhen);
    }
    sk.retransmits = 0;
    if (sk.sndUna == sk.sndNxt) {
      sk.retransStamp = 0;
      sk.xmitTimer().delTimer();
    } else {
      sk.headWhen = now;
      host.tcpOutput.resetXmitTimer(sk, sk.rto);
    }
  }

  /**
   * {@code tcp_rtt_estimator}: Jacobson/Karels with the kernel's scaling (srtt ×8, mdev ×4), mdev_max
   * and rttvar per window of data, rttvar floored at TCP_RTO_MIN; a 0 sample counts as 1. As in the
   * kernel the sample is a u32 widened to a 64-bit long and the four state fields are u32 (compared
   * unsigned, wrapping on overflow): an echo from the future (a peer's bogus TSecr) is a sample of
   * nearly 2^32 jiffies, not a negative one.
   */
  @KernelSource(file = "net/ipv4/tcp_input.c", function = "tcp_rtt_estimator")
  void tcpRttEstimator(TcpSock sk, int mrtt) {
    long m = Integer.toUnsignedLong(mrtt);
    if (m == 0) {
      m = 1;
    }
    int rtoMin = (int) host.clock.tcpRtoMin();
    if (sk.srtt != 0) {
      m -= sk.srtt >>> 3;
      sk.srtt += (int) m;
      if (m < 0) {
        m = -m;
        m -= sk.mdev >>> 2;
        if (m > 0) {
          m >>= 3;
        }
      } else {
        m -= sk.mdev >>> 2;
      }
      sk.mdev += (int) m;
      if (Integer.compareUnsigned(sk.mdev, sk.mdevMax) > 0) {
        sk.mdevMax = sk.mdev;
        if (Integer.compareUnsigned(sk.mdevMax, sk.rttvar) > 0) {
          sk.rttvar = sk.mdevMax;
        }
      }
      if (Seq.after(sk.sndUna, sk.rttSeq)) {
        if (Integer.compareUnsigned(sk.mdevMax, sk.rttvar) < 0) {
          sk.rttvar -= (sk.rttvar - sk.mdevMax) >>> 2;
        }
        sk.rttSeq = sk.sndNxt;
        sk.mdevMax = rtoMin;
      }
    } else {
      sk.srtt = (int) (m << 3);
      sk.mdev = (int) (m << 1);
      sk.mdevMax = Integer.compareUnsigned(sk.mdev, rtoMin) > 0 ? sk.mdev : rtoMin;
      sk.rttvar = sk.mdevMax;
      sk.rttSeq = sk.sndNxt;
    }
  }

  /** {@code tcp_valid_rtt_meas}: an RTT sample updates the estimator and the RTO, and clears the backoff. */
  @KernelSource(file = "net/ipv4/tcp_input.c", function = "tcp_valid_rtt_meas")
  void tcpValidRttMeas(TcpSock sk, int mrtt) {
    tcpRttEstimator(sk, mrtt);
    tcpSetRto(sk);
    sk.backoff = 0;
  }

  /** {@code tcp_set_rto} with {@code tcp_bound_rto}: srtt/8 + rttvar in u32 arithmetic, at most TCP_RTO_MAX. */
  @KernelSource(file = "net/ipv4/tcp_input.c", function = "tcp_set_rto")
  void tcpSetRto(TcpSock sk) {
    int rto = (sk.srtt >>> 3) + sk.rttvar;
    int max = (int) host.clock.tcpRtoMax();
    sk.rto = Integer.compareUnsigned(rto, max) > 0 ? max : rto;
  }

  /**
   * {@code tcp_rcv_synsent_state_process}: an ACK must acknowledge exactly the SYN (else RST) and echo
   * one of our SYN timestamps (else PAWSActive and RST); a RST with such an ACK refuses the connection;
   * a SYN-ACK establishes it (§2.4 of the active-open spec) and is answered at once with the final ACK.
   * Without ACK, RST and anything else are dropped (simultaneous open is not modelled).
   *
   * @return true when the caller must answer with a RST
   */
  @KernelSource(file = "net/ipv4/tcp_input.c", function = "tcp_rcv_synsent_state_process")
  boolean tcpRcvSynsentStateProcess(TcpSock sk, TcpSegment seg) {
    RxOptions opt = new RxOptions();
    opt.mssClamp = sk.mssClamp;
    opt.userMss = sk.userMss;
    tcpParseOptions(seg, opt);
    if (!seg.has(TcpFlags.ACK)) {
      return false;
    }
    if (seg.ack() != sk.sndNxt) {
      return true;
    }
    int now = host.clock.tcpTimeStamp();
    if (opt.sawTstamp && opt.rcvTsecr != 0
        && Integer.compareUnsigned(now - sk.retransStamp, opt.rcvTsecr - sk.retransStamp) < 0) {
      host.mib.inc(MibCounter.PAWS_ACTIVE_REJECTED);
      return true;
    }
    if (seg.has(TcpFlags.RST)) {
      tcpReset(sk);
      return false;
    }
    if (!seg.has(TcpFlags.SYN)) {
      return false;
    }
    tcpAck(sk, seg, opt.sawTstamp ? seg.options() : TcpOptions.NONE);
    sk.irs = seg.seq();
    sk.rcvNxt = seg.seq() + 1;
    sk.sndWnd = seg.window() & 0xFFFF;
    if (!opt.wscaleOk) {
      sk.wscaleOk = false;
      sk.sndWscale = 0;
      sk.rcvWscale = 0;
      sk.windowClamp = Math.min(sk.windowClamp, 65535);
    } else {
      sk.sndWscale = opt.sndWscale;
    }
    sk.tstampOk = opt.sawTstamp && sk.tstampOk;
    if (sk.tstampOk) {
      sk.tsRecent = opt.rcvTsval;
      sk.tsRecentStamp = host.clock.getSeconds();
    }
    sk.sackOk = opt.sackOk && sk.sackOk;
    sk.mssClamp = opt.mssClamp;
    sk.mssCache = Math.min(Host.ADVMSS, opt.mssClamp) - (sk.tstampOk ? TcpOutput.TCPOLEN_TSTAMP_ALIGNED : 0);
    host.tcpOutput.tcpSetState(sk, TcpState.ESTABLISHED);
    tcpInitMetrics(sk, opt.sawTstamp);
    host.tcpOutput.tcpSendAck(sk);
    if (sk.callbacks != null) {
      sk.callbacks.connected(sk);
    }
    return false;
  }

  /**
   * {@code tcp_init_metrics} with no route metrics cached (the model keeps none): the "reset path" —
   * when the SYN-ACK had no timestamp and an RTT sample exists, forget it and use TCP_TIMEOUT_INIT.
   */
  @KernelSource(file = "net/ipv4/tcp_input.c", function = "tcp_init_metrics")
  void tcpInitMetrics(TcpSock sk, boolean sawTstamp) {
    if (!sawTstamp && sk.srtt != 0) {
      int init = (int) host.clock.tcpTimeoutInit();
      sk.srtt = 0;
      sk.mdev = init;
      sk.mdevMax = init;
      sk.rttvar = init;
      sk.rto = init;
    }
  }

  /** {@code tcp_reset}: the connection is reset by the peer. */
  @KernelSource(file = "net/ipv4/tcp_input.c", function = "tcp_reset")
  void tcpReset(TcpSock sk) {
    sk.err = sk.state == TcpState.SYN_SENT ? Errno.ECONNREFUSED
        : sk.state == TcpState.CLOSE_WAIT ? Errno.EPIPE : Errno.ECONNRESET;
    host.tcpOutput.tcpDone(sk);
  }

}
