package org.listensim.kernel.ipv4;

import org.listensim.kernel.KernelSource;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.Sysctl;

/** The functions of net/ipv4/tcp_timer.c for a connection: retransmission, give-up, TIME_WAIT end. */
final class TcpTimer {
  /** {@code tcp_orphan_retries} default (0 = "8 while the connection is alive"). */
  static final int TCP_ORPHAN_RETRIES = 0;
  /** {@code tcp_retries1} default. */
  static final int TCP_RETRIES1 = 3;

  private final Host host;

  TcpTimer(Host host) {
    this.host = host;
  }

  /**
   * {@code tcp_write_timer} (the socket's one timer in the model): in FIN_WAIT2 (orphan) and TIME_WAIT
   * it ends the socket's life ({@code tcp_fin_time}, {@code inet_twdr_hangman}); otherwise it runs
   * {@code tcp_retransmit_timer}. System calls are instantaneous, so the socket is never user-locked.
   */
  @KernelSource(file = "net/ipv4/tcp_timer.c", function = "tcp_write_timer")
  void tcpWriteTimer(TcpSock sk) {
    switch (sk.state) {
      case TIME_WAIT, FIN_WAIT2 -> host.tcpMinisocks.twKill(sk, true);
      case CLOSE, LISTEN -> { }
      default -> tcpRetransmitTimer(sk);
    }
  }

  /**
   * {@code tcp_retransmit_timer}: nothing outstanding → nothing; the give-up test; TCPTimeouts on the
   * first expiry; the head retransmitted; backoff and retransmission count +1; RTO doubled (capped at
   * TCP_RTO_MAX) and the timer re-armed. (A zero peer window, which the model's peers never offer, and
   * local queueing congestion are not modelled.)
   */
  @KernelSource(file = "net/ipv4/tcp_timer.c", function = "tcp_retransmit_timer")
  void tcpRetransmitTimer(TcpSock sk) {
    if (sk.sndUna == sk.sndNxt) {
      return;
    }
    if (tcpWriteTimeout(sk)) {
      return;
    }
    if (sk.retransmits == 0) {
      host.mib.inc(MibCounter.TCP_TIMEOUTS);
    }
    host.tcpOutput.tcpRetransmitSkb(sk);
    sk.backoff++;
    sk.retransmits++;
    sk.rto = (int) Math.min((long) sk.rto << 1, host.clock.tcpRtoMax());
    host.tcpOutput.resetXmitTimer(sk, sk.rto);
  }

  /**
   * {@code tcp_write_timeout}: the retry limit is TCP_SYNCNT or tcp_syn_retries while opening,
   * tcp_retries2 when synchronized, and for an orphan {@code tcp_orphan_retries} (0 → 8 while the RTO
   * is below TCP_RTO_MAX, else 0); when {@code retransmits_timed_out} says the time is up the
   * connection fails with {@code tcp_write_err}.
   *
   * @return true when the socket was closed
   */
  @KernelSource(file = "net/ipv4/tcp_timer.c", function = "tcp_write_timeout")
  @KernelSource(file = "net/ipv4/tcp_timer.c", function = "tcp_orphan_retries")
  boolean tcpWriteTimeout(TcpSock sk) {
    int retryUntil;
    if (sk.state == TcpState.SYN_SENT || sk.state == TcpState.SYN_RECV) {
      retryUntil = sk.synRetries != 0 ? sk.synRetries : host.sysctls.get(Sysctl.TCP_SYN_RETRIES);
    } else {
      retryUntil = host.sysctls.get(Sysctl.TCP_RETRIES2);
      if (sk.orphan) {
        boolean alive = sk.rto < host.clock.tcpRtoMax();
        retryUntil = TCP_ORPHAN_RETRIES;
        if (retryUntil == 0 && alive) {
          retryUntil = 8;
        }
      }
    }
    if (retransmitsTimedOut(sk, retryUntil)) {
      tcpWriteErr(sk);
      return true;
    }
    return false;
  }

  /**
   * {@code retransmits_timed_out} as 2.6.32.9 has it: never before the first retransmission; else
   * whether tcp_time_stamp − retrans_stamp (u32) has reached (2^(N+1) − 1)·RTO_MIN for N ≤ 9, or
   * 1023·RTO_MIN + (N − 9)·RTO_MAX — TCP_RTO_MIN as the base even for a SYN.
   */
  @KernelSource(file = "include/net/tcp.h", function = "retransmits_timed_out")
  boolean retransmitsTimedOut(TcpSock sk, int boundary) {
    if (sk.retransmits == 0) {
      return false;
    }
    long start = Integer.toUnsignedLong(sk.retransStamp != 0 ? sk.retransStamp : sk.headWhen);
    long rtoMin = host.clock.tcpRtoMin();
    long rtoMax = host.clock.tcpRtoMax();
    int thresh = 63 - Long.numberOfLeadingZeros(rtoMax / rtoMin);
    long b = Integer.toUnsignedLong(boundary);
    long timeout = b <= thresh ? ((2L << b) - 1) * rtoMin : ((2L << thresh) - 1) * rtoMin + (b - thresh) * rtoMax;
    long elapsed = (Integer.toUnsignedLong(host.clock.tcpTimeStamp()) - start) & 0xFFFFFFFFL;
    return elapsed >= (timeout & 0xFFFFFFFFL);
  }

  /** {@code tcp_write_err}: sk_err = ETIMEDOUT (no ICMP soft errors in the model), then tcp_done. */
  @KernelSource(file = "net/ipv4/tcp_timer.c", function = "tcp_write_err")
  void tcpWriteErr(TcpSock sk) {
    sk.err = Errno.ETIMEDOUT;
    host.tcpOutput.tcpDone(sk);
  }
}
