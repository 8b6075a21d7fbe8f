package org.listensim.kernel.ipv4;

import org.listensim.kernel.Ipv4;
import org.listensim.kernel.KernelSource;
import org.listensim.kernel.KernelTrace;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;

/** The functions of net/ipv4/tcp_ipv4.c: receive dispatch, conn_request, resets, child creation. */
final class TcpIpv4 {
  private final Host host;

  TcpIpv4(Host host) {
    this.host = host;
  }

  /**
   * {@code tcp_v4_rcv}: counts the segment (InSegs), then looks in the established table first (which
   * holds children and TIME_WAIT), then for a listener; with no socket it answers with a RST.
   */
  @KernelSource(file = "net/ipv4/tcp_ipv4.c", function = "tcp_v4_rcv")
  void tcpV4Rcv(TcpSegment seg) {
    host.mib.inc(MibCounter.IN_SEGS);
    host.traceSegment("seg-in", seg);
    TcpSock sk = host.lookupEstablished(seg.daddr(), seg.dport(), seg.saddr(), seg.sport());
    if (sk != null) {
      if (sk.state == TcpState.TIME_WAIT) {
        if (timeWait(sk, seg)) {
          return;
        }
      } else {
        if (isPureSyn(seg)) {
          host.mib.inc(SimCounter.SYN_FOR_ESTABLISHED);
        }
        boolean rst = sk.state == TcpState.SYN_SENT
            ? host.tcpInput.tcpRcvSynsentStateProcess(sk, seg)
            : host.tcpInput.tcpRcvStateProcess(sk, seg);
        if (rst) {
          tcpV4SendReset(seg);
        }
        return;
      }
    }
    TcpSock listener = host.lookupListener(seg.daddr(), seg.dport());
    if (listener == null) {
      if (isPureSyn(seg)) {
        host.mib.inc(SimCounter.SYN_NO_LISTENER);
      }
      tcpV4SendReset(seg);
      return;
    }
    tcpV4DoRcv(listener, seg, 0);
  }

  /**
   * The {@code do_time_wait} part of {@code tcp_v4_rcv}: a SYN the TIME_WAIT socket accepts goes to the
   * listener (the TIME_WAIT socket dies) with the ISN it chose; with no listener it is answered like an
   * old segment.
   *
   * @return true when the segment was handled; false when it must go to the listener lookup
   */
  @KernelSource(file = "net/ipv4/tcp_ipv4.c", function = "tcp_v4_rcv")
  private boolean timeWait(TcpSock tw, TcpSegment seg) {
    int r = host.tcpMinisocks.tcpTimewaitStateProcess(tw, seg);
    if (r == TcpMinisocks.TCP_TW_SYN) {
      TcpSock listener = host.lookupListener(seg.daddr(), seg.dport());
      if (listener != null) {
        host.tcpMinisocks.twKill(tw, false);
        host.mib.inc(SimCounter.SYN_FOR_TIME_WAIT);
        tcpV4DoRcv(listener, seg, host.tcpMinisocks.twIsn);
        return true;
      }
      r = TcpMinisocks.TCP_TW_ACK;
    }
    if (r == TcpMinisocks.TCP_TW_ACK) {
      host.tcpOutput.tcpSendAck(tw);
    }
    return true;
  }

  /** {@code ip_local_port_range} default. */
  static final int LOCAL_PORT_LOW = 32768;
  static final int LOCAL_PORT_HIGH = 61000;

  /**
   * {@code tcp_v4_connect}: the destination and MSS clamp 536 recorded, SYN_SENT entered before the
   * local port is chosen and the socket hashed ({@code inet_hash_connect}), the ISN drawn
   * ({@code secure_tcp_sequence_number} over saddr, daddr, sport, dport), then {@code tcp_connect}.
   * The source address is the socket's bound address or the host's default one (the model has one
   * route per host).
   *
   * @return 0 (the SYN is out: a non-blocking connect's EINPROGRESS), or −EISCONN, −EALREADY,
   *     −EADDRNOTAVAIL
   */
  @KernelSource(file = "net/ipv4/tcp_ipv4.c", function = "tcp_v4_connect")
  int tcpV4Connect(TcpSock sk, int daddr, int dport) {
    if (sk.state == TcpState.SYN_SENT) {
      return -Errno.EALREADY.number();
    }
    if (sk.state != TcpState.CLOSE) {
      return -Errno.EISCONN.number();
    }
    if (sk.laddr == 0) {
      sk.laddr = host.defaultAddress;
    }
    sk.raddr = daddr;
    sk.rport = dport;
    sk.mssClamp = 536;
    host.tcpOutput.tcpSetState(sk, TcpState.SYN_SENT);
    if (!inetHashConnect(sk)) {
      host.tcpOutput.tcpSetState(sk, TcpState.CLOSE);
      sk.rport = 0;
      sk.raddr = 0;
      return -Errno.EADDRNOTAVAIL.number();
    }
    if (sk.writeSeq == 0) {
      sk.iss = host.isn(sk.laddr, sk.raddr, sk.lport, sk.rport);
      sk.writeSeq = sk.iss;
    }
    host.tcpOutput.tcpConnect(sk);
    return 0;
  }

  /**
   * {@code __inet_hash_connect}: a bound port is used if its 4-tuple is free, or held by a TIME_WAIT
   * socket that {@link #tcpTwskUnique} lets this connect take over (that socket then dies, TWRecycled
   * +1, as {@code __inet_check_established} does); otherwise the ephemeral
   * search from {@code hint + port_offset} (a keyed hash of saddr, daddr, dport), port = low + (i +
   * offset) mod remaining for i = 1, 2, …, skips ports a listener holds and 4-tuples already in the
   * established table (TIME_WAIT included: tcp_tw_reuse is 0), and advances the host-wide hint by i.
   * The model keeps no bind buckets: a port is shared by connections to different destinations or
   * from different source addresses, as connect-owned buckets allow.
   */
  @KernelSource(file = "net/ipv4/inet_hashtables.c", function = "__inet_hash_connect")
  boolean inetHashConnect(TcpSock sk) {
    if (sk.lport != 0) {
      TcpSock tw = host.lookupEstablished(sk.laddr, sk.lport, sk.raddr, sk.rport);
      if (tw != null && (tw.state != TcpState.TIME_WAIT || !tcpTwskUnique(sk, tw))) {
        return false;
      }
      host.hashEstablished(sk);
      if (tw != null) {
        host.tcpMinisocks.twKill(tw, false);
        host.mib.inc(MibCounter.TIME_WAIT_RECYCLED);
      }
      return true;
    }
    int remaining = LOCAL_PORT_HIGH - LOCAL_PORT_LOW + 1;
    int offset = host.portOffset(sk.laddr, sk.raddr, sk.rport) + host.portHint;
    for (int i = 1; i <= remaining; i++) {
      int port = LOCAL_PORT_LOW + Integer.remainderUnsigned(i + offset, remaining);
      if (host.portInUse(port) || host.lookupEstablished(sk.laddr, port, sk.raddr, sk.rport) != null) {
        continue;
      }
      host.portHint += i;
      sk.lport = port;
      host.hashEstablished(sk);
      return true;
    }
    return false;
  }

  /**
   * {@code tcp_twsk_unique} for a bound connect (no tcp_tw_reuse involved): a TIME_WAIT socket that
   * recorded a peer timestamp gives up its 4-tuple. The new connection starts at write_seq = tw_snd_nxt +
   * 65535 + 2 (never 0), replacing the secure ISN, and inherits ts_recent and its stamp, so its SYN
   * echoes the peer's last TSval. Without a recorded timestamp the 4-tuple stays taken.
   */
  @KernelSource(file = "net/ipv4/tcp_ipv4.c", function = "tcp_twsk_unique")
  boolean tcpTwskUnique(TcpSock sk, TcpSock tw) {
    if (tw.tsRecentStamp == 0) {
      return false;
    }
    int seq = tw.sndNxt + 65535 + 2;
    sk.writeSeq = seq == 0 ? 1 : seq;
    sk.iss = sk.writeSeq;
    sk.tsRecent = tw.tsRecent;
    sk.tsRecentStamp = tw.tsRecentStamp;
    return true;
  }

  /**
   * {@code tcp_v4_do_rcv} for a listener: a pending request or a cookie may turn the segment over to
   * a child; otherwise the LISTEN state handler decides, and may ask for a RST.
   *
   * @param isn the control block's {@code when}: 0, or the ISN a TIME_WAIT socket chose for a new SYN
   */
  @KernelSource(file = "net/ipv4/tcp_ipv4.c", function = "tcp_v4_do_rcv")
  void tcpV4DoRcv(TcpSock sk, TcpSegment seg, int isn) {
    TcpSock nsk = tcpV4HndReq(sk, seg);
    if (nsk == null) {
      return;
    }
    if (nsk != sk) {
      if (host.tcpMinisocks.tcpChildProcess(sk, nsk, seg)) {
        tcpV4SendReset(seg);
      }
      return;
    }
    if (host.tcpInput.tcpRcvStateProcessListen(sk, seg, isn)) {
      tcpV4SendReset(seg);
    }
  }

  /**
   * {@code tcp_v4_hnd_req}: a matching request goes to {@code tcp_check_req}; otherwise an ACK without
   * SYN or RST goes to the cookie check; otherwise the listener handles it.
   */
  @KernelSource(file = "net/ipv4/tcp_ipv4.c", function = "tcp_v4_hnd_req")
  TcpSock tcpV4HndReq(TcpSock sk, TcpSegment seg) {
    RequestSock req = host.icsk.inetCskSearchReq(sk, seg.sport(), seg.saddr(), seg.daddr());
    if (req != null) {
      if (isPureSyn(seg)) {
        host.mib.inc(SimCounter.SYN_FOR_PENDING_REQUEST);
      }
      return host.tcpMinisocks.tcpCheckReq(sk, seg, req);
    }
    if (!seg.has(TcpFlags.RST) && !seg.has(TcpFlags.SYN) && seg.has(TcpFlags.ACK)) {
      return host.syncookies.cookieV4Check(sk, seg);
    }
    return sk;
  }

  /**
   * {@code tcp_v4_conn_request}: a SYN reaches a listener. The rules run in the kernel's order; a SYN
   * drop moves no kernel counter (the simulator counts its reason apart).
   */
  @KernelSource(file = "net/ipv4/tcp_ipv4.c", function = "tcp_v4_conn_request")
  void tcpV4ConnRequest(TcpSock sk, TcpSegment seg, int isn) {
    RequestSockQueue queue = sk.icskAcceptQueue();
    boolean wantCookie = false;

    if (seg.daddr() == -1 || (seg.daddr() >>> 28) == 0xE) {
      dropSyn(sk, seg, SimCounter.SYN_DROP_BROADCAST, "broadcast");
      return;
    }
    if (queue.isFull() && isn == 0) {
      if (host.sysctls.get(Sysctl.TCP_SYNCOOKIES) != 0) {
        wantCookie = true;
      } else {
        dropSyn(sk, seg, SimCounter.SYN_DROP_SYN_QUEUE_FULL, "syn-queue-full");
        return;
      }
    }
    if (sockAcceptqIsFull(sk) && queue.young() > 1) {
      dropSyn(sk, seg, SimCounter.SYN_DROP_ACCEPT_QUEUE_FULL, "accept-queue-full");
      return;
    }

    RequestSock req = new RequestSock(host.newRequestId(), seg.saddr(), seg.sport(), seg.daddr(), seg.dport());
    RxOptions opt = new RxOptions();
    opt.mssClamp = 536;
    opt.userMss = sk.userMss;
    host.tcpInput.tcpParseOptions(seg, opt);
    if (wantCookie && !opt.sawTstamp) {
      opt.clear();
    }
    opt.tstampOk = opt.sawTstamp;
    tcpOpenreqInit(req, opt, seg);

    if (wantCookie) {
      host.syncookies.synFloodWarning(seg);
      req.cookieTs = req.tstampOk;
      isn = host.syncookies.cookieV4InitSequence(sk, seg, req);
    } else if (isn == 0) {
      // tcp_tw_recycle is not modelled (off), so the passive PAWS branch never applies and the
      // last-quarter rule is always evaluated.
      int maxSynBacklog = host.sysctls.get(Sysctl.TCP_MAX_SYN_BACKLOG);
      if (host.sysctls.get(Sysctl.TCP_SYNCOOKIES) == 0
          && maxSynBacklog - queue.len() < (maxSynBacklog >> 2)) {
        if (host.netRatelimit.allow()) {
          host.trace(new KernelTrace.Klog(host.name, "debug",
              "TCP: drop open request from " + Ipv4.format(seg.saddr()) + "/" + seg.sport()));
        }
        dropSyn(sk, seg, SimCounter.SYN_DROP_LAST_QUARTER, "last-quarter");
        return;
      }
      isn = host.isn(seg.daddr(), seg.saddr(), seg.dport(), seg.sport());
    }
    req.sntIsn = isn;
    tcpV4SendSynack(sk, req);
    if (wantCookie) {
      host.mib.inc(SimCounter.SYN_COOKIE_SENT);
      host.traceListen("syn-cookie", sk, seg.saddr(), seg.sport(), "mss=", req.mss);
      return;
    }
    host.icsk.inetCskReqskQueueHashAdd(sk, req, host.clock.tcpTimeoutInit());
  }

  /** SYN without ACK or RST: what the simulator's SYN accounting counts. */
  static boolean isPureSyn(TcpSegment seg) {
    return (seg.flags() & (TcpFlags.SYN | TcpFlags.ACK | TcpFlags.RST)) == TcpFlags.SYN;
  }

  private void dropSyn(TcpSock sk, TcpSegment seg, SimCounter reason, String detail) {
    host.mib.inc(reason);
    host.traceListen("syn-drop", sk, seg.saddr(), seg.sport(), detail, Host.NO_VALUE);
  }

  /** {@code sk_acceptq_is_full}: strictly greater, so backlog + 1 children fit. */
  @KernelSource(file = "include/net/sock.h", function = "sk_acceptq_is_full")
  static boolean sockAcceptqIsFull(TcpSock sk) {
    return sk.ackBacklog > sk.maxAckBacklog;
  }

  /** {@code tcp_openreq_init}: the request takes what the SYN offered. */
  @KernelSource(file = "include/net/tcp.h", function = "tcp_openreq_init")
  static void tcpOpenreqInit(RequestSock req, RxOptions opt, TcpSegment seg) {
    req.rcvWnd = 0;
    req.cookieTs = false;
    req.rcvIsn = seg.seq();
    req.mss = opt.mssClamp;
    req.tsRecent = opt.sawTstamp ? opt.rcvTsval : 0;
    req.tstampOk = opt.tstampOk;
    req.sackOk = opt.sackOk;
    req.sndWscale = opt.sndWscale;
    req.wscaleOk = opt.wscaleOk;
    req.acked = false;
    req.ecnOk = false;
  }

  /** {@code tcp_v4_send_synack} / {@code __tcp_v4_send_synack}: the route always exists in the model. */
  @KernelSource(file = "net/ipv4/tcp_ipv4.c", function = "__tcp_v4_send_synack")
  void tcpV4SendSynack(TcpSock sk, RequestSock req) {
    host.transmit(host.tcpOutput.tcpMakeSynack(sk, req));
  }

  /**
   * {@code tcp_v4_send_reset}: never for a RST; for an ACK, RST at its ack number; otherwise RST|ACK
   * acknowledging the segment. No options, window 0. OutSegs +1, OutRsts +1.
   */
  @KernelSource(file = "net/ipv4/tcp_ipv4.c", function = "tcp_v4_send_reset")
  void tcpV4SendReset(TcpSegment seg) {
    if (seg.has(TcpFlags.RST)) {
      return;
    }
    TcpSegment rst;
    if (seg.has(TcpFlags.ACK)) {
      rst = new TcpSegment(seg.daddr(), seg.dport(), seg.saddr(), seg.sport(), seg.ack(), 0,
          TcpFlags.RST, 0, TcpOptions.NONE, 0);
    } else {
      rst = new TcpSegment(seg.daddr(), seg.dport(), seg.saddr(), seg.sport(), 0, seg.endSeq(),
          TcpFlags.RST | TcpFlags.ACK, 0, TcpOptions.NONE, 0);
    }
    host.mib.inc(MibCounter.OUT_SEGS);
    host.mib.inc(MibCounter.OUT_RSTS);
    host.transmit(rst);
  }

  /**
   * {@code tcp_v4_reqsk_send_ack}: an ACK for a request from its stored state, window unscaled, with a
   * timestamp only when the request holds one. OutSegs +1.
   */
  @KernelSource(file = "net/ipv4/tcp_ipv4.c", function = "tcp_v4_reqsk_send_ack")
  void tcpV4ReqskSendAck(TcpSegment seg, RequestSock req) {
    TcpOptions o = req.tsRecent != 0
        ? TcpOptions.NONE.withTimestamp(host.clock.tcpTimeStamp(), req.tsRecent) : TcpOptions.NONE;
    host.mib.inc(MibCounter.OUT_SEGS);
    host.transmit(new TcpSegment(seg.daddr(), seg.dport(), seg.saddr(), seg.sport(), req.sntIsn + 1,
        req.rcvIsn + 1, TcpFlags.ACK, req.rcvWnd & 0xFFFF, o, 0));
  }

  /**
   * {@code tcp_v4_syn_recv_sock}: a full accept queue fails with ListenOverflows and ListenDrops;
   * otherwise the child is created (PassiveOpens) and hashed into the established table.
   */
  @KernelSource(file = "net/ipv4/tcp_ipv4.c", function = "tcp_v4_syn_recv_sock")
  TcpSock tcpV4SynRecvSock(TcpSock sk, TcpSegment seg, RequestSock req) {
    if (sockAcceptqIsFull(sk)) {
      host.mib.inc(MibCounter.LISTEN_OVERFLOWS);
      host.mib.inc(MibCounter.LISTEN_DROPS);
      return null;
    }
    TcpSock child = host.tcpMinisocks.tcpCreateOpenreqChild(sk, req, seg);
    child.laddr = req.locAddr;
    child.lport = req.locPort;
    child.raddr = req.rmtAddr;
    child.rport = req.rmtPort;
    host.hashEstablished(child);
    return child;
  }
}
