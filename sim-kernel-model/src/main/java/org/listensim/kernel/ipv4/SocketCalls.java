package org.listensim.kernel.ipv4;

import org.listensim.kernel.KernelSource;
import org.listensim.kernel.Sysctl;

/** System calls on a TCP socket: net/socket.c, net/ipv4/af_inet.c, the option handling of tcp.c. */
final class SocketCalls {
  /** {@code MAX_TCP_SYNCNT}. */
  static final int MAX_TCP_SYNCNT = 127;

  private SocketCalls() {}

  /**
   * {@code sys_listen}: a backlog above somaxconn, compared unsigned, becomes somaxconn (so a negative
   * backlog does too, and a negative somaxconn never clamps).
   */
  @KernelSource(file = "net/socket.c", function = "sys_listen")
  static int sysListen(Host host, TcpSock sk, int backlog) {
    int somaxconn = host.sysctls.get(Sysctl.SOMAXCONN);
    if (Integer.compareUnsigned(backlog, somaxconn) > 0) {
      backlog = somaxconn;
    }
    return inetListen(host, sk, backlog);
  }

  /**
   * {@code inet_listen}: a fresh socket starts listening; a listening one only gets the new backlog.
   * {@code sk_max_ack_backlog} is an unsigned short.
   */
  @KernelSource(file = "net/ipv4/af_inet.c", function = "inet_listen")
  static int inetListen(Host host, TcpSock sk, int backlog) {
    if (sk.state != TcpState.CLOSE && sk.state != TcpState.LISTEN) {
      return -Errno.EINVAL.number();
    }
    if (sk.state != TcpState.LISTEN) {
      int err = host.icsk.inetCskListenStart(sk, backlog);
      if (err != 0) {
        return err;
      }
    }
    sk.maxAckBacklog = backlog & 0xFFFF;
    host.traceListen("listen", sk, 0, 0, "backlog=", backlog);
    return 0;
  }

  /**
   * {@code tcp_close}: a listener goes to CLOSE, unhashed, then {@code inet_csk_listen_stop}; a
   * connection becomes an orphan and {@code tcp_close_state} decides: ESTABLISHED (and SYN_RECV) →
   * FIN_WAIT1 and CLOSE_WAIT → LAST_ACK with a FIN, SYN_SENT → CLOSE. The model's applications read
   * everything as it arrives, so the unread-data RST never applies.
   */
  @KernelSource(file = "net/ipv4/tcp.c", function = "tcp_close")
  static void tcpClose(Host host, TcpSock sk) {
    if (sk.state == TcpState.LISTEN) {
      sk.state = TcpState.CLOSE;
      host.unhashListener(sk);
      host.icsk.inetCskListenStop(sk);
      host.traceListen("close", sk, 0, 0, "listener", Host.NO_VALUE);
      return;
    }
    sk.orphan = true;
    switch (sk.state) {
      case ESTABLISHED, SYN_RECV -> {
        host.tcpOutput.tcpSetState(sk, TcpState.FIN_WAIT1);
        host.tcpOutput.tcpSendFin(sk);
      }
      case CLOSE_WAIT -> {
        host.tcpOutput.tcpSetState(sk, TcpState.LAST_ACK);
        host.tcpOutput.tcpSendFin(sk);
      }
      case SYN_SENT -> {
        host.tcpOutput.tcpSetState(sk, TcpState.CLOSE);
        sk.xmitTimer().delTimer();
      }
      default -> { }
    }
  }

  /**
   * {@code tcp_sendmsg} of {@code bytes} bytes into a send buffer that never fills: a pending error is
   * returned once, then EPIPE; before the connection is synchronized a non-blocking send gets EAGAIN
   * ({@code sk_stream_wait_connect}); after shutdown (close) EPIPE.
   *
   * @return the bytes queued, or a negative errno
   */
  @KernelSource(file = "net/ipv4/tcp.c", function = "tcp_sendmsg")
  static int tcpSendmsg(Host host, TcpSock sk, int bytes) {
    if (sk.err != null) {
      Errno e = sk.err;
      sk.err = null;
      return -e.number();
    }
    if (sk.state == TcpState.SYN_SENT || sk.state == TcpState.SYN_RECV) {
      return -Errno.EAGAIN.number();
    }
    if ((sk.state != TcpState.ESTABLISHED && sk.state != TcpState.CLOSE_WAIT) || sk.orphan) {
      return -Errno.EPIPE.number();
    }
    if (bytes <= 0) {
      return 0;
    }
    sk.writeSeq += bytes;
    host.tcpOutput.tcpWriteXmit(sk);
    return bytes;
  }

  /** {@code TCP_DEFER_ACCEPT}: seconds become a retransmission count ({@code secs_to_retrans}). */
  @KernelSource(file = "net/ipv4/tcp.c", function = "do_tcp_setsockopt")
  static void setDeferAccept(Host host, TcpSock sk, int seconds) {
    sk.icskAcceptQueue().deferAccept = secsToRetrans(seconds, (int) (host.clock.tcpTimeoutInit() / host.clock.hz()),
        (int) (host.clock.tcpRtoMax() / host.clock.hz()));
  }

  /**
   * {@code secs_to_retrans}: the smallest count whose cumulative backoff (timeout doubling, capped at
   * rto_max) reaches the seconds asked for; 0 for none; at most 255.
   */
  @KernelSource(file = "net/ipv4/tcp.c", function = "secs_to_retrans")
  static int secsToRetrans(int seconds, int timeout, int rtoMax) {
    int res = 0;
    if (seconds > 0) {
      int period = timeout;
      res = 1;
      while (seconds > period && res < 255) {
        res++;
        timeout <<= 1;
        if (timeout > rtoMax) {
          timeout = rtoMax;
        }
        period += timeout;
      }
    }
    return res;
  }

  /** {@code TCP_SYNCNT}: 1..127, else −EINVAL. */
  static int setSynCount(TcpSock sk, int n) {
    if (n < 1 || n > MAX_TCP_SYNCNT) {
      return -Errno.EINVAL.number();
    }
    sk.synRetries = n;
    return 0;
  }
}
