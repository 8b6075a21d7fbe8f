package org.listensim.kernel.ipv4;

import java.util.ArrayList;
import java.util.List;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.KernelTimer;

/**
 * A TCP socket ({@code struct sock} with its {@code inet_connection_sock} and {@code tcp_sock} parts):
 * a listener, a child created by the listener, or an active opener. Only the fields the modelled paths
 * use are here.
 *
 * <p>The socket is also its own retransmit timer ({@code icsk_retransmit_timer}, see {@link
 * #xmitTimer()}), as the kernel embeds that timer in the socket: when it fires, the engine finds the
 * socket's fields beside the timer's instead of behind a second object, which counts when a million
 * client sockets wait on SYN retransmissions. The timer methods it inherits belong to the model; an
 * application that arms or cancels them leaves 2.6.32's behaviour.
 */
public final class TcpSock extends KernelTimer {
  final Host host;
  final long id;
  TcpState state = TcpState.CLOSE;
  int laddr;
  int lport;
  int raddr;
  int rport;

  // Listener side.
  /** {@code sk_max_ack_backlog}, an unsigned short. */
  int maxAckBacklog;
  /** {@code sk_ack_backlog}, an unsigned short. */
  int ackBacklog;
  /** {@code icsk_accept_queue}; allocated on first use, so an active opener carries none. */
  private RequestSockQueue acceptQueue;
  /** {@code icsk_syn_retries} (TCP_SYNCNT); 0 means the sysctl. */
  int synRetries;
  /** {@code rx_opt.user_mss} (TCP_MAXSEG); 0 means unset. */
  int userMss;
  /** {@code rx_opt.ts_recent_stamp}, which a listener reuses as the time of its last SYN-table overflow. */
  long lastOverflow;
  /** {@code sk_timer}: on a listener, the SYN-queue timer. */
  KernelTimer keepaliveTimer;
  boolean nonBlocking;
  /** Called when a child is queued ({@code sk_data_ready}). */
  Runnable dataReady;

  // Connection side.
  TcpSock parent;
  int sndUna;
  int sndNxt;
  int rcvNxt;
  int sndWnd;
  int rcvWnd;
  int windowClamp;
  int mssClamp;
  int tsRecent;
  boolean tstampOk;
  boolean sackOk;
  boolean wscaleOk;
  int sndWscale;
  int rcvWscale;
  long bytesReceived;
  /** The pending socket error ({@code sk_err}), or null. */
  Errno err;

  // Active open, data transfer and close (all primitive: a million of these must fit in 2 GB).
  /** Initial send sequence number (ISS) of a connection. */
  int iss;
  /** The peer's initial sequence number (IRS). */
  int irs;
  /** {@code write_seq}: end of what the application queued (data, then FIN). */
  int writeSeq;
  /** {@code mss_cache}: payload bytes per segment once established. */
  int mssCache;
  /** {@code icsk_rto}, jiffies. */
  int rto;
  /** {@code icsk_backoff}. */
  int backoff;
  /** {@code icsk_retransmits}. */
  int retransmits;
  /** {@code retrans_stamp} (tcp_time_stamp units); 0 = none. */
  int retransStamp;
  /** {@code when} of the head of the retransmission queue (tcp_time_stamp units). */
  int headWhen;
  /** {@code srtt} (×8), {@code mdev} (×4), {@code mdev_max}, {@code rttvar}, {@code rtt_seq}. */
  int srtt;
  int mdev;
  int mdevMax;
  int rttvar;
  int rttSeq;
  /** {@code rx_opt.ts_recent_stamp}: get_seconds() when ts_recent was stored (0: never). */
  long tsRecentStamp;
  /** A FIN follows the data queued (its sequence number is {@code writeSeq − 1}). */
  boolean finQueued;
  /** {@code SOCK_DEAD}: the application closed the socket. */
  boolean orphan;
  /** What the application is told (shared between sockets; null for none). */
  SockCallbacks callbacks;
  /** A value the application keeps with the socket (the simulator never reads it). */
  long userData;
  /** In the established table ({@code sk_hashed}): spares the table a search for a socket that is not. */
  boolean hashed;

  TcpSock(Host host, long id) {
    super(host.clock);
    this.host = host;
    this.id = id;
  }

  public long id() {
    return id;
  }

  public Host host() {
    return host;
  }

  public TcpState state() {
    return state;
  }

  public int localAddress() {
    return laddr;
  }

  public int localPort() {
    return lport;
  }

  public int remoteAddress() {
    return raddr;
  }

  public int remotePort() {
    return rport;
  }

  public String peer() {
    return Ipv4.format(raddr, rport);
  }

  /** {@code ss -lnt} Recv-Q of a listener: {@code sk_ack_backlog}. */
  public int ackBacklog() {
    return ackBacklog;
  }

  /** {@code ss -lnt} Send-Q of a listener: {@code sk_max_ack_backlog}. */
  public int maxAckBacklog() {
    return maxAckBacklog;
  }

  /** {@code icsk_accept_queue}, created on first use. */
  RequestSockQueue icskAcceptQueue() {
    if (acceptQueue == null) {
      acceptQueue = new RequestSockQueue();
    }
    return acceptQueue;
  }

  /** The SYN table, or null when the socket never listened. */
  public ListenSock listenOpt() {
    return acceptQueue == null ? null : acceptQueue.listenOpt;
  }

  public int deferAccept() {
    return acceptQueue == null ? 0 : acceptQueue.deferAccept;
  }

  public boolean synTimerPending() {
    return keepaliveTimer != null && keepaliveTimer.pending();
  }

  /** Expiry (jiffies) of the SYN-queue timer; meaningful while it is pending. */
  public long synTimerExpires() {
    return keepaliveTimer.expires();
  }

  public long lastOverflow() {
    return lastOverflow;
  }

  /** The children waiting for accept(), oldest first. */
  public List<TcpSock> acceptQueue() {
    List<TcpSock> out = new ArrayList<>();
    for (RequestSock r = acceptQueue == null ? null : acceptQueue.acceptHead; r != null; r = r.dlNext) {
      out.add(r.sk);
    }
    return out;
  }

  public void setNonBlocking(boolean nonBlocking) {
    this.nonBlocking = nonBlocking;
  }

  /** Registers what runs when a child is queued on this listener (the accept wake-up). */
  public void onDataReady(Runnable r) {
    this.dataReady = r;
  }

  public int sndNxt() {
    return sndNxt;
  }

  public int rcvNxt() {
    return rcvNxt;
  }

  public int mssClamp() {
    return mssClamp;
  }

  public boolean tstampOk() {
    return tstampOk;
  }

  public boolean sackOk() {
    return sackOk;
  }

  public boolean wscaleOk() {
    return wscaleOk;
  }

  public int sndWscale() {
    return sndWscale;
  }

  public int rcvWscale() {
    return rcvWscale;
  }

  public int rcvWnd() {
    return rcvWnd;
  }

  public long bytesReceived() {
    return bytesReceived;
  }

  public Errno error() {
    return err;
  }

  /** The initial send sequence number of a connection. */
  public int iss() {
    return iss;
  }

  /** The peer's initial sequence number (0 until known). */
  public int irs() {
    return irs;
  }

  public int sndUna() {
    return sndUna;
  }

  public int writeSeq() {
    return writeSeq;
  }

  public int sndWnd() {
    return sndWnd;
  }

  public int mssCache() {
    return mssCache;
  }

  /** {@code icsk_rto} in jiffies. */
  public int rto() {
    return rto;
  }

  public int backoff() {
    return backoff;
  }

  public int retransmits() {
    return retransmits;
  }

  /** {@code retrans_stamp}, tcp_time_stamp units (0: none). */
  public int retransStamp() {
    return retransStamp;
  }

  /** {@code srtt} as the kernel stores it (8 × the smoothed RTT in jiffies). */
  public int srtt() {
    return srtt;
  }

  public int rttvar() {
    return rttvar;
  }

  public int tsRecent() {
    return tsRecent;
  }

  /** Whether the retransmit timer (or the FIN_WAIT2/TIME_WAIT timer) is pending. */
  public boolean xmitTimerPending() {
    return pending();
  }

  /** Its expiry in jiffies; meaningful while pending. */
  public long xmitTimerExpires() {
    return expires();
  }

  /** The application's callbacks (shared objects are fine: every call names the socket). */
  public void setCallbacks(SockCallbacks callbacks) {
    this.callbacks = callbacks;
  }

  public SockCallbacks callbacks() {
    return callbacks;
  }

  public long userData() {
    return userData;
  }

  public void setUserData(long v) {
    this.userData = v;
  }

  /** {@code icsk_retransmit_timer}: this socket, whose timer function is {@code tcp_write_timer}. */
  KernelTimer xmitTimer() {
    return this;
  }

  @Override
  protected void fire() {
    host.tcpTimer.tcpWriteTimer(this);
  }

  @Override
  public String toString() {
    return "sock#" + id + " " + state + " " + Ipv4.format(laddr, lport) + " <-> " + Ipv4.format(raddr, rport);
  }
}
