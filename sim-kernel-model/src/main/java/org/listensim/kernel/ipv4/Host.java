package org.listensim.kernel.ipv4;

import org.listensim.core.Simulator;
import org.listensim.core.trace.TraceRecord;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.Jhash;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.KernelTrace;
import org.listensim.kernel.Mib;
import org.listensim.kernel.NetRatelimit;
import org.listensim.kernel.SegmentOutput;
import org.listensim.kernel.Sysctls;
import org.listensim.kernel.TcpSegment;

/**
 * One simulated Linux 2.6.32 machine: its clock, sysctls, MIB, socket tables and TCP/IPv4 stack.
 * Segments arrive through {@link #receive} and leave through the {@link SegmentOutput} it was given.
 *
 * <p>Values that are random in the kernel come from the run's named streams ({@code <host>/hash_rnd},
 * {@code <host>/isn-secret}) unless pinned with {@link #pinHashRnd} or {@link #setIsnSource}.
 *
 * <p>Route constants (an Ethernet interface, MTU 1500): advertised MSS 1460, receive buffer 87380
 * bytes, {@code tcp_rmem[2]} 4 MiB (so window scale 7), as on any 2.6.32 server with 1 GiB or more.
 */
public final class Host {
  /** {@code RTAX_ADVMSS} of the route: MTU 1500 − 40. */
  public static final int ADVMSS = 1460;
  /** {@code sk_rcvbuf} = tcp_rmem[1]. */
  public static final int RCVBUF = 87380;
  /** {@code tcp_rmem[2]} on a machine with ≥ 1 GiB of low memory. */
  public static final int TCP_RMEM_MAX = 4 * 1024 * 1024;
  /** {@code net.core.rmem_max} with ≥ 512 MiB. */
  public static final int RMEM_MAX = 131071;
  /** {@code tcp_adv_win_scale}. */
  public static final int TCP_ADV_WIN_SCALE = 2;

  final String name;
  final Simulator sim;
  final KernelClock clock;
  final Sysctls sysctls;
  final Mib mib = new Mib();
  final NetRatelimit netRatelimit;
  private final SegmentOutput output;

  final TcpIpv4 tcpIpv4;
  final TcpMinisocks tcpMinisocks;
  final InetConnectionSock icsk;
  final TcpInput tcpInput;
  final TcpOutput tcpOutput;
  final SyncookiesV4 syncookies;
  final TcpTimer tcpTimer;

  /** Source address of connect() on an unbound socket (the model's one route). */
  int defaultAddress;
  /** The host-wide {@code hint} of {@code __inet_hash_connect}. */
  int portHint;
  private final int portSecret;

  // Looked up by key only; never iterated, so hash order cannot reach the output.
  /** Listeners by local port; allocated at the first listen(), so a client host has none. */
  private TcpSock[] listeners;
  private final EstablishedTable established = new EstablishedTable();

  private Integer pinnedHashRnd;
  private IsnSource isnSource;
  private long nextSockId = 1;
  private long nextReqId = 1;

  /** Chooses the ISN of a passive open ({@code secure_tcp_sequence_number} unless pinned). */
  @FunctionalInterface
  public interface IsnSource {
    int isn(int saddr, int daddr, int sport, int dport);
  }

  public Host(String name, KernelClock clock, Sysctls sysctls, SegmentOutput output) {
    this.name = name;
    this.clock = clock;
    this.sim = clock.sim();
    this.sysctls = sysctls;
    this.output = output;
    this.netRatelimit = new NetRatelimit(clock);
    this.tcpIpv4 = new TcpIpv4(this);
    this.tcpMinisocks = new TcpMinisocks(this);
    this.icsk = new InetConnectionSock(this);
    this.tcpInput = new TcpInput(this);
    this.tcpOutput = new TcpOutput(this);
    this.syncookies = new SyncookiesV4(this);
    this.tcpTimer = new TcpTimer(this);
    this.portSecret = sim.random().stream(name + "/port-secret").nextInt();
    long secret = sim.random().stream(name + "/isn-secret").nextLong();
    this.isnSource = (saddr, daddr, sport, dport) -> secureTcpSequenceNumber(secret, saddr, daddr, sport, dport);
  }

  public String name() {
    return name;
  }

  public KernelClock clock() {
    return clock;
  }

  public Sysctls sysctls() {
    return sysctls;
  }

  public Mib mib() {
    return mib;
  }

  /** Pins {@code hash_rnd} of every SYN table this host allocates from now on. */
  public void pinHashRnd(int value) {
    this.pinnedHashRnd = value;
  }

  public void setIsnSource(IsnSource source) {
    this.isnSource = source;
  }

  /** The syncookie machinery of this host (secret, flood warning), for pinning and inspection. */
  public SyncookiesV4 syncookies() {
    return syncookies;
  }

  // ---- system calls -------------------------------------------------------------------------------

  /** {@code socket(AF_INET, SOCK_STREAM, 0)}. */
  public TcpSock socket() {
    return new TcpSock(this, nextSockId++);
  }

  /**
   * {@code bind()} to a local address (0 = INADDR_ANY) and port. Port 0 binds the address only and
   * leaves the port to connect() ({@code __inet_hash_connect}'s search; 2.6.32 would pick it at bind time
   * with {@code inet_csk_get_port}, a different search — the model does not distinguish them).
   */
  public void bind(TcpSock sk, int addr, int port) {
    if (port < 0 || port > 65535) {
      throw new IllegalArgumentException("port must be 0..65535: " + port);
    }
    sk.laddr = addr;
    sk.lport = port;
  }

  /** {@code listen(fd, backlog)}: returns 0 or a negative errno. */
  public int listen(TcpSock sk, int backlog) {
    return SocketCalls.sysListen(this, sk, backlog);
  }

  /**
   * {@code accept()}: the oldest child, or {@link Errno#EAGAIN} when none is queued. The model's
   * accept never sleeps; a blocking application waits for {@link TcpSock#onDataReady} and calls again.
   */
  public AcceptResult accept(TcpSock listener) {
    return icsk.inetCskAccept(listener);
  }

  /** {@code close(fd)}: a listener stops; a connection sends its FIN (or just ends if not connected). */
  public void close(TcpSock sk) {
    SocketCalls.tcpClose(this, sk);
  }

  /**
   * A non-blocking {@code connect()}: 0 once the SYN is out (the result comes through
   * {@link SockCallbacks}: connected, or error with ECONNREFUSED/ETIMEDOUT), or a negative errno.
   */
  public int connect(TcpSock sk, int daddr, int dport) {
    return tcpIpv4.tcpV4Connect(sk, daddr, dport);
  }

  /**
   * {@code send()} of {@code bytes} bytes (the buffer never fills): the bytes queued, or a negative errno
   * (the pending error once, then EPIPE; EAGAIN before the connection is established).
   */
  public int send(TcpSock sk, int bytes) {
    return SocketCalls.tcpSendmsg(this, sk, bytes);
  }

  /** The source address connect() uses on a socket not bound to one. */
  public void setDefaultAddress(int addr) {
    this.defaultAddress = addr;
  }

  public int defaultAddress() {
    return defaultAddress;
  }

  /** {@code setsockopt(TCP_DEFER_ACCEPT, seconds)}. */
  public void setDeferAccept(TcpSock sk, int seconds) {
    SocketCalls.setDeferAccept(this, sk, seconds);
  }

  /** {@code setsockopt(TCP_SYNCNT, n)}: returns 0 or −EINVAL outside 1..127. */
  public int setSynCount(TcpSock sk, int n) {
    return SocketCalls.setSynCount(sk, n);
  }

  /** {@code setsockopt(TCP_MAXSEG, mss)}. */
  public void setMaxSeg(TcpSock sk, int mss) {
    sk.userMss = mss;
  }

  /** Result of accept(): a child or an errno. */
  public record AcceptResult(TcpSock child, Errno error) {}

  // ---- packets ------------------------------------------------------------------------------------

  /** A segment addressed to this host arrives (from the network or a test). */
  public void receive(TcpSegment seg) {
    tcpIpv4.tcpV4Rcv(seg);
  }

  void transmit(TcpSegment seg) {
    traceSegment("seg-out", seg);
    output.transmit(seg);
  }

  /** A segment record; built only when a trace is kept (millions of segments go untraced). */
  void traceSegment(String type, TcpSegment seg) {
    if (sim.isTracing()) {
      sim.trace(new KernelTrace.Segment(type, name, seg));
    }
  }

  void trace(TraceRecord r) {
    if (sim.isTracing()) {
      sim.trace(r);
    }
  }

  /** {@code value} for a detail that has no number. */
  static final long NO_VALUE = Long.MIN_VALUE;

  /**
   * Emits a {@code KernelTrace.Listen} record; the peer ("*" for 0.0.0.0:0) and the detail ({@code detail}
   * followed by {@code value} unless it is {@link #NO_VALUE}) are formatted only when a trace is kept, so
   * an untraced run builds no strings on this path.
   */
  void traceListen(String type, TcpSock listener, int raddr, int rport, String detail, long value) {
    if (sim.isTracing()) {
      ListenSock lopt = listener.listenOpt();
      String peer = raddr == 0 && rport == 0 ? "*" : Ipv4.format(raddr, rport);
      sim.trace(new KernelTrace.Listen(type, name, peer, value == NO_VALUE ? detail : detail + value,
          lopt == null ? 0 : lopt.qlen, lopt == null ? 0 : lopt.qlenYoung, listener.ackBacklog));
    }
  }


  // ---- tables -------------------------------------------------------------------------------------

  TcpSock lookupListener(int daddr, int dport) {
    TcpSock l = listeners == null ? null : listeners[dport];
    return l != null && (l.laddr == 0 || l.laddr == daddr) ? l : null;
  }

  boolean portInUse(int port) {
    return listeners != null && listeners[port] != null;
  }

  void hashListener(TcpSock sk) {
    if (listeners == null) {
      listeners = new TcpSock[65536];
    }
    listeners[sk.lport] = sk;
  }

  void unhashListener(TcpSock sk) {
    if (listeners != null && listeners[sk.lport] == sk) {
      listeners[sk.lport] = null;
    }
  }

  TcpSock lookupEstablished(int laddr, int lport, int raddr, int rport) {
    return established.get(laddr, lport, raddr, rport);
  }

  /** The socket of this 4-tuple (local end first) in the established table, or null. */
  public TcpSock findSocket(int laddr, int lport, int raddr, int rport) {
    return established.get(laddr, lport, raddr, rport);
  }

  void hashEstablished(TcpSock sk) {
    established.put(sk);
  }

  void unhashEstablished(TcpSock sk) {
    established.remove(sk);
  }

  /** Number of sockets in the established table (children, connections, TIME_WAIT). */
  public int establishedCount() {
    return established.size();
  }

  /**
   * {@code secure_ipv4_port_ephemeral} modelled as a keyed jhash of (saddr, daddr, dport), the key from
   * the stream {@code <host>/port-secret}.
   */
  int portOffset(int saddr, int daddr, int dport) {
    return Jhash.jhash3Words(saddr, daddr, dport, portSecret);
  }

  long newRequestId() {
    return nextReqId++;
  }

  long newSockId() {
    return nextSockId++;
  }

  int drawHashRnd() {
    return pinnedHashRnd != null ? pinnedHashRnd : sim.random().stream(name + "/hash_rnd").nextInt();
  }

  int isn(int saddr, int daddr, int sport, int dport) {
    return isnSource.isn(saddr, daddr, sport, dport);
  }

  /**
   * A model of {@code secure_tcp_sequence_number} with the properties the kernel's has (§1.4 of the
   * active-open spec): a keyed 24-bit hash of the 4-tuple, re-keyed every 300 s with a count in the top
   * byte, plus one unit per 64 ns of clock. The keyed hash is jhash, not the kernel's half-MD4: the
   * values differ, the behaviour (uniform per 4-tuple, increasing in time) does not.
   */
  int secureTcpSequenceNumber(long secret, int saddr, int daddr, int sport, int dport) {
    long ns = (clock.getSeconds() - sim.now() / 1_000_000_000L) * 1_000_000_000L + sim.now();
    long rekey = ns / 300_000_000_000L;
    int key = Jhash.jhash2Words((int) secret ^ (int) rekey, (int) (secret >>> 32), (int) (rekey >>> 32));
    int h = Jhash.jhash3Words(saddr, daddr, (sport << 16) | dport, key) & 0xFFFFFF;
    return h + (int) ((rekey & 0xFF) << 24) + (int) (ns / 64);
  }
}
