package org.listensim.kernel.ipv4;

import org.listensim.kernel.Jhash;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.KernelSource;
import org.listensim.kernel.KernelTimer;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.Sysctl;

/**
 * The functions of net/ipv4/inet_connection_sock.c (and the inline helpers of
 * include/net/inet_connection_sock.h): listen start and stop, the SYN table, the listener's SYN-ACK
 * timer and accept().
 */
final class InetConnectionSock {
  private final Host host;

  InetConnectionSock(Host host) {
    this.host = host;
  }

  /**
   * {@code inet_csk_listen_start}: allocates the SYN table, zeroes the backlog counters, enters LISTEN
   * and takes the port.
   *
   * @return 0, −ENOMEM or −EADDRINUSE
   */
  @KernelSource(file = "net/ipv4/inet_connection_sock.c", function = "inet_csk_listen_start")
  int inetCskListenStart(TcpSock sk, int backlog) {
    if (!sk.icskAcceptQueue().reqskQueueAlloc(backlog, host.sysctls.get(Sysctl.TCP_MAX_SYN_BACKLOG), host.drawHashRnd())) {
      return -Errno.ENOMEM.number();
    }
    sk.maxAckBacklog = 0;
    sk.ackBacklog = 0;
    sk.state = TcpState.LISTEN;
    if (host.portInUse(sk.lport)) {
      sk.state = TcpState.CLOSE;
      sk.icskAcceptQueue().listenOpt = null;
      return -Errno.EADDRINUSE.number();
    }
    if (sk.keepaliveTimer == null) {
      sk.keepaliveTimer = new KernelTimer(host.clock, () -> tcpKeepaliveTimer(sk));
    }
    host.hashListener(sk);
    return 0;
  }

  /** {@code inet_csk_search_req}: scans one bucket from its head for the remote end and local address. */
  @KernelSource(file = "net/ipv4/inet_connection_sock.c", function = "inet_csk_search_req")
  RequestSock inetCskSearchReq(TcpSock sk, int rport, int raddr, int laddr) {
    ListenSock lopt = sk.icskAcceptQueue().listenOpt;
    int h = Jhash.inetSynqHash(raddr, rport, lopt.hashRnd, lopt.nrTableEntries);
    for (RequestSock req = lopt.synTable[h]; req != null; req = req.dlNext) {
      if (req.rmtPort == rport && req.rmtAddr == raddr && req.locAddr == laddr) {
        return req;
      }
    }
    return null;
  }

  /**
   * {@code inet_csk_reqsk_queue_hash_add}: the request goes to the head of its bucket, due in
   * {@code timeout} jiffies; the listener timer is armed only when the table was empty.
   */
  @KernelSource(file = "net/ipv4/inet_connection_sock.c", function = "inet_csk_reqsk_queue_hash_add")
  @KernelSource(file = "include/net/inet_connection_sock.h", function = "inet_csk_reqsk_queue_added")
  void inetCskReqskQueueHashAdd(TcpSock sk, RequestSock req, long timeout) {
    RequestSockQueue q = sk.icskAcceptQueue();
    int h = bucketOf(sk, req);
    q.hashReq(h, req, host.clock.jiffies() + timeout);
    if (q.added() == 0) {
      sk.keepaliveTimer.modTimer(host.clock.jiffies() + timeout);
    }
    host.mib.inc(SimCounter.SYN_REQUEST_QUEUED);
    host.traceListen("req-add", sk, req.rmtAddr, req.rmtPort, "bucket=", h);
  }

  private static int bucketOf(TcpSock sk, RequestSock req) {
    ListenSock lopt = sk.icskAcceptQueue().listenOpt;
    return Jhash.inetSynqHash(req.rmtAddr, req.rmtPort, lopt.hashRnd, lopt.nrTableEntries);
  }

  /** {@code inet_csk_reqsk_queue_unlink}. */
  @KernelSource(file = "include/net/inet_connection_sock.h", function = "inet_csk_reqsk_queue_unlink")
  void inetCskReqskQueueUnlink(TcpSock sk, RequestSock req) {
    sk.icskAcceptQueue().unlink(bucketOf(sk, req), req);
  }

  /** {@code inet_csk_reqsk_queue_removed}: the listener timer is deleted when the table empties. */
  @KernelSource(file = "include/net/inet_connection_sock.h", function = "inet_csk_reqsk_queue_removed")
  void inetCskReqskQueueRemoved(TcpSock sk, RequestSock req) {
    if (sk.icskAcceptQueue().removed(req) == 0) {
      sk.keepaliveTimer.delTimer();
    }
  }

  /** {@code inet_csk_reqsk_queue_drop}: unlink, account and free. */
  @KernelSource(file = "include/net/inet_connection_sock.h", function = "inet_csk_reqsk_queue_drop")
  void inetCskReqskQueueDrop(TcpSock sk, RequestSock req) {
    inetCskReqskQueueUnlink(sk, req);
    inetCskReqskQueueRemoved(sk, req);
  }

  /**
   * {@code tcp_keepalive_timer}: on a listener its timer is the SYN-queue timer, which runs
   * {@code tcp_synack_timer} → {@code inet_csk_reqsk_queue_prune}. (The model's system calls are
   * instantaneous, so the timer never finds the socket owned by a process.)
   */
  @KernelSource(file = "net/ipv4/tcp_timer.c", function = "tcp_keepalive_timer")
  @KernelSource(file = "net/ipv4/tcp_timer.c", function = "tcp_synack_timer")
  void tcpKeepaliveTimer(TcpSock sk) {
    if (sk.state == TcpState.LISTEN) {
      inetCskReqskQueuePrune(sk, host.clock.tcpSynqInterval(), host.clock.tcpTimeoutInit(), host.clock.tcpRtoMax());
    }
  }

  /**
   * {@code inet_csk_reqsk_queue_prune}: one tick of the listener's SYN-ACK timer. Lowers the
   * retransmission threshold when the table is at least half full of old requests, then sweeps
   * {@code budget} buckets from {@code clock_hand}, retransmitting or expiring every due request.
   */
  @KernelSource(file = "net/ipv4/inet_connection_sock.c", function = "inet_csk_reqsk_queue_prune")
  void inetCskReqskQueuePrune(TcpSock sk, long interval, long timeout, long maxRto) {
    RequestSockQueue queue = sk.icskAcceptQueue();
    ListenSock lopt = queue.listenOpt;
    int maxRetries = sk.synRetries != 0 ? sk.synRetries : host.sysctls.get(Sysctl.TCP_SYNACK_RETRIES);
    int thresh = maxRetries;
    long now = host.clock.jiffies();
    if (lopt == null || lopt.qlen == 0) {
      return;
    }
    if ((lopt.qlen >> (lopt.maxQlenLog - 1)) != 0) {
      int young = lopt.qlenYoung << 1;
      while (thresh > 2) {
        if (lopt.qlen < young) {
          break;
        }
        thresh--;
        young <<= 1;
      }
    }
    if (queue.deferAccept != 0) {
      maxRetries = queue.deferAccept;
    }
    int budget = (int) (2 * (Integer.toUnsignedLong(lopt.nrTableEntries) / (timeout / interval)));
    int i = lopt.clockHand;
    do {
      RequestSock req = lopt.synTable[i];
      while (req != null) {
        RequestSock next = req.dlNext;
        if (KernelClock.timeAfterEq(now, req.expires)) {
          int er = synAckRecalc(req, thresh, maxRetries, queue.deferAccept);
          boolean expire = (er & EXPIRE) != 0;
          boolean resend = (er & RESEND) != 0;
          if (!expire) {
            if (resend) {
              host.tcpIpv4.tcpV4SendSynack(sk, req);
            }
            int old = req.retrans;
            req.retrans = (old + 1) & 0xFF;
            if (old == 0) {
              lopt.qlenYoung--;
            }
            // An unsigned long shifted by the u8 count: x86-64 masks the count to 6 bits, as Java does.
            long timeo = timeout << req.retrans;
            if (Long.compareUnsigned(timeo, maxRto) > 0) {
              timeo = maxRto;
            }
            req.expires = now + timeo;
            host.traceListen(resend ? "req-rtx" : "req-rtx-skipped", sk, req.rmtAddr, req.rmtPort, "retrans=", req.retrans);
          } else {
            queue.unlink(i, req);
            queue.removed(req);
            host.mib.inc(SimCounter.REQUEST_EXPIRED);
            host.traceListen("req-expire", sk, req.rmtAddr, req.rmtPort, "retrans=", req.retrans);
          }
        }
        req = next;
      }
      i = (i + 1) & (lopt.nrTableEntries - 1);
    } while (--budget > 0);
    lopt.clockHand = i;
    if (lopt.qlen != 0) {
      sk.keepaliveTimer.modTimer(now + interval);
    }
  }

  /**
   * {@code syn_ack_recalc}: whether a due request expires and whether its SYN-ACK is resent. With
   * TCP_DEFER_ACCEPT an acked request is kept quiet until the last deferral round.
   *
   * @return {@link #EXPIRE} and/or {@link #RESEND} bits (flags, so the sweep allocates nothing per request)
   */
  @KernelSource(file = "net/ipv4/inet_connection_sock.c", function = "syn_ack_recalc")
  static int synAckRecalc(RequestSock req, int thresh, int maxRetries, int deferAccept) {
    if (deferAccept == 0) {
      return (req.retrans >= thresh ? EXPIRE : 0) | RESEND;
    }
    boolean expire = req.retrans >= thresh && (!req.acked || req.retrans >= maxRetries);
    boolean resend = !req.acked || req.retrans >= deferAccept - 1;
    return (expire ? EXPIRE : 0) | (resend ? RESEND : 0);
  }

  /** {@link #synAckRecalc} result bit: the request expires. */
  static final int EXPIRE = 1;
  /** {@link #synAckRecalc} result bit: its SYN-ACK is sent again. */
  static final int RESEND = 2;

  /**
   * {@code inet_csk_accept}: the oldest child, EINVAL when not listening, EAGAIN when none is queued.
   */
  @KernelSource(file = "net/ipv4/inet_connection_sock.c", function = "inet_csk_accept")
  Host.AcceptResult inetCskAccept(TcpSock sk) {
    if (sk.state != TcpState.LISTEN) {
      return new Host.AcceptResult(null, Errno.EINVAL);
    }
    if (sk.icskAcceptQueue().acceptQueueEmpty()) {
      return new Host.AcceptResult(null, Errno.EAGAIN);
    }
    TcpSock child = sk.icskAcceptQueue().getChild(sk);
    host.traceListen("accept", sk, child.raddr, child.rport, "sock=", child.id);
    return new Host.AcceptResult(child, null);
  }

  /**
   * {@code inet_csk_listen_stop}: deletes the timer, frees every request silently, and disconnects
   * every queued child in FIFO order (an active RST where its state calls for one).
   */
  @KernelSource(file = "net/ipv4/inet_connection_sock.c", function = "inet_csk_listen_stop")
  void inetCskListenStop(TcpSock sk) {
    RequestSockQueue queue = sk.icskAcceptQueue();
    sk.keepaliveTimer.delTimer();
    RequestSock acc = queue.acceptHead;
    queue.acceptHead = null;
    queue.acceptTail = null;
    ListenSock lopt = queue.listenOpt;
    if (lopt != null) {
      for (int b = 0; b < lopt.nrTableEntries; b++) {
        for (RequestSock r = lopt.synTable[b]; r != null; r = r.dlNext) {
          host.mib.inc(SimCounter.REQUEST_FREED_AT_CLOSE);
          host.traceListen("req-free", sk, r.rmtAddr, r.rmtPort, "listener-closed", Host.NO_VALUE);
        }
        lopt.synTable[b] = null;
      }
      lopt.qlen = 0;
      lopt.qlenYoung = 0;
    }
    while (acc != null) {
      RequestSock next = acc.dlNext;
      TcpSock child = acc.sk;
      tcpDisconnect(child);
      sk.ackBacklog = (sk.ackBacklog - 1) & 0xFFFF;
      acc = next;
    }
  }

  /** {@code tcp_disconnect} as the listener's close applies it to a queued child. */
  @KernelSource(file = "net/ipv4/tcp.c", function = "tcp_disconnect")
  private void tcpDisconnect(TcpSock child) {
    TcpState old = child.state;
    host.tcpOutput.tcpSetState(child, TcpState.CLOSE);
    if (old == TcpState.ESTABLISHED || old == TcpState.CLOSE_WAIT || old == TcpState.FIN_WAIT1
        || old == TcpState.FIN_WAIT2 || old == TcpState.SYN_RECV) {
      host.tcpOutput.tcpSendActiveReset(child);
    }
  }
}
