package org.listensim.kernel.ipv4;

import org.listensim.kernel.KernelSource;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.Seq;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpSegment;

/** The functions of net/ipv4/tcp_minisocks.c: a segment for a pending request, and child creation. */
final class TcpMinisocks {
  private final Host host;

  TcpMinisocks(Host host) {
    this.host = host;
  }

  /**
   * {@code tcp_check_req}: decides what a segment does to a pending request.
   *
   * @return the child created, the listener (the caller then answers an ACK with a RST), or null
   *     (segment consumed)
   */
  @KernelSource(file = "net/ipv4/tcp_minisocks.c", function = "tcp_check_req")
  TcpSock tcpCheckReq(TcpSock sk, TcpSegment seg, RequestSock req) {
    int flg = seg.flags() & (TcpFlags.RST | TcpFlags.SYN | TcpFlags.ACK);
    boolean pawsReject = false;
    RxOptions opt = new RxOptions();
    if (seg.doff() > 5) {
      host.tcpInput.tcpParseOptions(seg, opt);
      if (opt.sawTstamp) {
        opt.tsRecent = req.tsRecent;
        // The request keeps no timestamp age; the kernel estimates one from its retransmissions.
        opt.tsRecentStamp = host.clock.getSeconds() - (long) (3 << req.retrans);
        pawsReject = host.tcpInput.tcpPawsReject(opt, seg.has(TcpFlags.RST));
      }
    }

    // A retransmitted SYN: send the SYN-ACK again, nothing else changes.
    if (seg.seq() == req.rcvIsn && flg == TcpFlags.SYN && !pawsReject) {
      host.tcpIpv4.tcpV4SendSynack(sk, req);
      return null;
    }

    if ((flg & TcpFlags.ACK) != 0 && seg.ack() != req.sntIsn + 1) {
      return sk;
    }

    if (pawsReject || !tcpInWindow(seg.seq(), seg.endSeq(), req.rcvIsn + 1, req.rcvIsn + 1 + req.rcvWnd)) {
      if ((flg & TcpFlags.RST) == 0) {
        host.tcpIpv4.tcpV4ReqskSendAck(seg, req);
      }
      if (pawsReject) {
        host.mib.inc(MibCounter.PAWS_ESTAB);
      }
      return null;
    }

    if (opt.sawTstamp && !Seq.after(seg.seq(), req.rcvIsn + 1)) {
      req.tsRecent = opt.rcvTsval;
    }
    if (seg.seq() == req.rcvIsn) {
      flg &= ~TcpFlags.SYN;
    }
    if ((flg & (TcpFlags.RST | TcpFlags.SYN)) != 0) {
      host.mib.inc(MibCounter.ATTEMPT_FAILS);
      embryonicReset(sk, seg, req, flg);
      return null;
    }
    if ((flg & TcpFlags.ACK) == 0) {
      return null;
    }
    if (req.retrans < sk.icskAcceptQueue().deferAccept && seg.endSeq() == req.rcvIsn + 1) {
      req.acked = true;
      host.mib.inc(SimCounter.ACK_DEFERRED);
      host.traceListen("req-deferred", sk, req.rmtAddr, req.rmtPort, "retrans=", req.retrans);
      return null;
    }

    TcpSock child = host.tcpIpv4.tcpV4SynRecvSock(sk, seg, req);
    if (child == null) {
      if (host.sysctls.get(Sysctl.TCP_ABORT_ON_OVERFLOW) == 0) {
        req.acked = true;
        host.mib.inc(SimCounter.ACK_OVERFLOW_DROPPED);
        host.traceListen("ack-overflow", sk, req.rmtAddr, req.rmtPort, "acked", Host.NO_VALUE);
        return null;
      }
      embryonicReset(sk, seg, req, flg);
      return null;
    }
    host.icsk.inetCskReqskQueueUnlink(sk, req);
    host.icsk.inetCskReqskQueueRemoved(sk, req);
    sk.icskAcceptQueue().add(req, sk, child);
    host.mib.inc(SimCounter.REQUEST_TO_CHILD);
    host.traceListen("child-queued", sk, req.rmtAddr, req.rmtPort, "sock=", child.id);
    return child;
  }

  /** The {@code embryonic_reset} tail of tcp_check_req: EmbryonicRsts, a RST unless the segment is one. */
  private void embryonicReset(TcpSock sk, TcpSegment seg, RequestSock req, int flg) {
    host.mib.inc(MibCounter.EMBRYONIC_RSTS);
    if ((flg & TcpFlags.RST) == 0) {
      host.tcpIpv4.tcpV4SendReset(seg);
    }
    host.icsk.inetCskReqskQueueDrop(sk, req);
    host.mib.inc(SimCounter.REQUEST_RESET);
    host.traceListen("req-reset", sk, req.rmtAddr, req.rmtPort, "embryonic", Host.NO_VALUE);
  }

  /**
   * {@code tcp_in_window}: the segment starts at the window's left edge, or overlaps it, or is an empty
   * segment exactly at its right edge.
   */
  @KernelSource(file = "net/ipv4/tcp_minisocks.c", function = "tcp_in_window")
  static boolean tcpInWindow(int seq, int endSeq, int sWin, int eWin) {
    if (seq == sWin) {
      return true;
    }
    if (Seq.after(endSeq, sWin) && Seq.before(seq, eWin)) {
      return true;
    }
    return seq == eWin && seq == endSeq;
  }

  /**
   * {@code tcp_create_openreq_child}: a SYN_RECV socket cloned from the listener with the request's
   * options. PassiveOpens +1. ts_recent comes from the request only when timestamps were agreed;
   * otherwise it stays the listener's (0), whatever the third ACK carried.
   */
  @KernelSource(file = "net/ipv4/tcp_minisocks.c", function = "tcp_create_openreq_child")
  TcpSock tcpCreateOpenreqChild(TcpSock sk, RequestSock req, TcpSegment seg) {
    TcpSock c = new TcpSock(host, host.newSockId());
    c.parent = sk;
    c.state = TcpState.SYN_RECV;
    c.rcvNxt = req.rcvIsn + 1;
    c.sndUna = req.sntIsn + 1;
    c.sndNxt = req.sntIsn + 1;
    c.tstampOk = req.tstampOk;
    c.sackOk = req.sackOk;
    c.wscaleOk = req.wscaleOk;
    c.sndWscale = req.wscaleOk ? req.sndWscale : 0;
    c.rcvWscale = req.wscaleOk ? req.rcvWscale : 0;
    c.rcvWnd = req.rcvWnd;
    c.windowClamp = req.windowClamp;
    c.mssClamp = req.mss;
    c.tsRecent = req.tstampOk ? req.tsRecent : 0;
    c.tsRecentStamp = req.tstampOk ? host.clock.getSeconds() : 0;
    c.mssCache = Math.min(Host.ADVMSS, req.mss) - (req.tstampOk ? TcpOutput.TCPOLEN_TSTAMP_ALIGNED : 0);
    c.rto = (int) host.clock.tcpTimeoutInit();
    c.iss = req.sntIsn;
    c.irs = req.rcvIsn;
    c.writeSeq = req.sntIsn + 1;
    c.callbacks = sk.callbacks;
    c.sndWnd = (seg.window() & 0xFFFF) << c.sndWscale;
    host.mib.inc(MibCounter.PASSIVE_OPENS);
    return c;
  }

  /**
   * {@code tcp_child_process}: the new child processes the segment that created it; leaving SYN_RECV
   * wakes the listener's accept().
   *
   * @return true when a RST must answer the segment
   */
  @KernelSource(file = "net/ipv4/tcp_minisocks.c", function = "tcp_child_process")
  boolean tcpChildProcess(TcpSock parent, TcpSock child, TcpSegment seg) {
    TcpState before = child.state;
    boolean ret = host.tcpInput.tcpRcvStateProcess(child, seg);
    if (before == TcpState.SYN_RECV && child.state != before && parent.dataReady != null) {
      parent.dataReady.run();
    }
    return ret;
  }

  /**
   * What {@code tcp_timewait_state_process} asks its caller to do. (The kernel's TCP_TW_RST = 1 answers
   * segments to the FIN_WAIT2 substate; the model keeps that orphan a full socket, so it never arises.)
   */
  static final int TCP_TW_SUCCESS = 0;
  static final int TCP_TW_ACK = 2;
  static final int TCP_TW_SYN = 3;

  /** The ISN a TIME_WAIT socket chose for a new SYN (valid after {@link #TCP_TW_SYN}). */
  int twIsn;

  /**
   * {@code tcp_time_wait}: the socket stays in the established table as TIME_WAIT, keeping rcv_nxt,
   * snd_nxt, the window and ts_recent, for TCP_TIMEWAIT_LEN. (The kernel's 8-slot reaper wheel, which
   * can end it up to 7.5 s early when other TIME_WAIT sockets exist, is not modelled: 60 s exactly.)
   */
  @KernelSource(file = "net/ipv4/tcp_minisocks.c", function = "tcp_time_wait")
  void tcpTimeWait(TcpSock sk) {
    host.tcpOutput.tcpSetState(sk, TcpState.TIME_WAIT);
    sk.xmitTimer().modTimer(host.clock.jiffies() + host.clock.tcpTimewaitLen());
  }

  /**
   * The end of a TIME_WAIT socket or of an orphan in FIN_WAIT2 ({@code inet_twsk_deschedule} and the
   * reaper): out of the table, CLOSE. TW +1 when the reaper ends it ({@code expired}): the orphan in
   * FIN_WAIT2 is a TIME_WAIT mini-socket in its FIN_WAIT2 substate, and the reaper counts every socket it
   * kills, whatever the substate.
   */
  @KernelSource(file = "net/ipv4/inet_timewait_sock.c", function = "inet_twdr_hangman")
  void twKill(TcpSock sk, boolean expired) {
    if (expired) {
      host.mib.inc(MibCounter.TIME_WAITED);
    }
    sk.xmitTimer().delTimer();
    host.tcpOutput.tcpSetState(sk, TcpState.CLOSE);
    if (sk.callbacks != null) {
      sk.callbacks.closed(sk);
    }
  }

  /**
   * {@code tcp_timewait_state_process}, TIME_WAIT substate: an in-window RST kills the socket
   * (tcp_rfc1337 = 0) and a bare ACK at rcv_nxt re-arms it; a SYN after rcv_nxt or with a newer
   * timestamp opens a new connection with ISN snd_nxt + 65537 (never 0); anything else that is no RST
   * gets an ACK, re-arming the timer when it carried an ACK or failed PAWS.
   */
  @KernelSource(file = "net/ipv4/tcp_minisocks.c", function = "tcp_timewait_state_process")
  int tcpTimewaitStateProcess(TcpSock sk, TcpSegment seg) {
    boolean rst = seg.has(TcpFlags.RST);
    boolean sawTs = false;
    int tsval = 0;
    boolean pawsReject = false;
    if (seg.doff() > 5 && sk.tsRecentStamp != 0) {
      RxOptions opt = new RxOptions();
      host.tcpInput.tcpParseOptions(seg, opt);
      if (opt.sawTstamp) {
        sawTs = true;
        tsval = opt.rcvTsval;
        opt.tsRecent = sk.tsRecent;
        opt.tsRecentStamp = sk.tsRecentStamp;
        pawsReject = host.tcpInput.tcpPawsReject(opt, rst);
      }
    }
    if (!pawsReject && seg.seq() == sk.rcvNxt && (seg.seq() == seg.endSeq() || rst)) {
      if (rst) {
        twKill(sk, false);
        return TCP_TW_SUCCESS;
      }
      sk.xmitTimer().modTimer(host.clock.jiffies() + host.clock.tcpTimewaitLen());
      if (sawTs) {
        sk.tsRecent = tsval;
        sk.tsRecentStamp = host.clock.getSeconds();
      }
      return TCP_TW_SUCCESS;
    }
    if (seg.has(TcpFlags.SYN) && !rst && !seg.has(TcpFlags.ACK) && !pawsReject
        && (Seq.after(seg.seq(), sk.rcvNxt) || (sawTs && sk.tsRecent - tsval < 0))) {
      int isn = sk.sndNxt + 65535 + 2;
      twIsn = isn == 0 ? 1 : isn;
      return TCP_TW_SYN;
    }
    if (pawsReject) {
      host.mib.inc(MibCounter.PAWS_ESTAB);
    }
    if (!rst) {
      if (pawsReject || seg.has(TcpFlags.ACK)) {
        sk.xmitTimer().modTimer(host.clock.jiffies() + host.clock.tcpTimewaitLen());
      }
      return TCP_TW_ACK;
    }
    return TCP_TW_SUCCESS;
  }
}
