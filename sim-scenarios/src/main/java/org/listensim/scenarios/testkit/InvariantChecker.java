package org.listensim.scenarios.testkit;

import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.listensim.core.Simulator;
import org.listensim.core.trace.TraceRecord;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.Jhash;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.KernelTrace;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpSegment;
import org.listensim.kernel.ipv4.Host;
import org.listensim.kernel.ipv4.ListenSock;
import org.listensim.kernel.ipv4.RequestSock;
import org.listensim.kernel.ipv4.TcpSock;
import org.listensim.kernel.ipv4.TcpState;
import org.listensim.scenarios.EventObserver;
import org.listensim.scenarios.RunResult;

/**
 * Checks the listen path's invariants at every trace record of a run (each kernel state change), and
 * counts what the conservation properties need. Pass it to {@code ScenarioRunner.run(scenario, options,
 * checker)}; a violated invariant throws an {@link AssertionError} naming the time, the record and the
 * state. Checked at every record:
 *
 * <ul>
 *   <li>the SYN table: {@code qlen} equals the requests in its buckets and, unless a SYN came through the
 *       TIME_WAIT path (which skips the table-full check), qlen ≤ nr_table_entries; {@code qlen_young}
 *       equals the requests never retransmitted, so 0 ≤ qlen_young ≤ qlen;
 *   <li>the accept queue: {@code sk_ack_backlog} equals its length and is ≤ sk_max_ack_backlog + 1;
 *   <li>no request or child in two places: request ids unique in the SYN table, children unique in the
 *       accept queue, and no peer both in the SYN table and in the accept queue with a child still in the
 *       established table (a child reset while queued leaves that table but stays queued until accept(),
 *       so a new SYN of its 4-tuple may queue a request, as in 2.6.32);
 *   <li>kernel timer work (SYN-ACK retransmissions and request expiry) only at the first nanosecond of a
 *       jiffy;
 *   <li>counters: no MIB counter decreases (CurrEstab is a gauge), ListenOverflows ≤ ListenDrops,
 *       SyncookiesRecv + SyncookiesFailed ≤ the cookie ACKs received so far (bare ACKs that reach the
 *       listener with no request and no socket for their 4-tuple);
 *   <li>with tcp_abort_on_overflow = 1 and no TCP_DEFER_ACCEPT, no request in the table is 'acked';
 *   <li>with tcp_syncookies = 0, every SYN-ACK the server sends belongs to a request (one in the table, or
 *       the one added right after it) and no SYN is answered with a cookie.
 * </ul>
 *
 * <p>And the admission decisions, exactly, from the state the listener is in when the segment arrives:
 *
 * <ul>
 *   <li><b>every SYN that reaches {@code tcp_v4_conn_request}</b> (a SYN without ACK or RST for the
 *       listener's port, with no socket and no pending request for its 4-tuple) gets the outcome of the
 *       kernel's decision sequence (listen-path spec §5.2, first matching rule): a broadcast or multicast
 *       destination is dropped; a full SYN table ({@code qlen ≥ nr_table_entries},
 *       {@code reqsk_queue_is_full}) drops the SYN without syncookies and asks for a cookie with them; a
 *       full accept queue ({@code sk_acceptq_is_full}: {@code sk_ack_backlog > sk_max_ack_backlog})
 *       drops it <em>when and only when</em> {@code qlen_young > 1}; a cookie SYN-ACK comes next; without
 *       syncookies the last quarter of tcp_max_syn_backlog ({@code max_syn_backlog − qlen <
 *       max_syn_backlog / 4}) drops it; otherwise a request is queued. The next decision record of the
 *       server (syn-drop with its reason, syn-cookie, req-add) must be exactly that one, for that peer. A
 *       SYN that meets a TIME_WAIT socket may be handed to the listener with an ISN (rules 2 and 9 are then
 *       skipped, rule 3 still applies); any other SYN must produce no decision at all;
 *   <li><b>the third ACK</b> ({@code tcp_v4_syn_recv_sock}, from a request or a cookie): ListenOverflows
 *       moves exactly when the accept queue is full at that moment (every overflow — ack-overflow,
 *       cookie-overflow, or the reset of tcp_abort_on_overflow — is seen with {@code sk_ack_backlog >
 *       sk_max_ack_backlog}), and every child queued found the queue not full;
 *   <li><b>the listener timer's sweep</b> ({@code inet_csk_reqsk_queue_prune}): one tick examines exactly
 *       {@code budget = 2 · (nr_table_entries / (TCP_TIMEOUT_INIT / TCP_SYNQ_INTERVAL))} buckets (at least
 *       one: the loop is a do-while) from {@code clock_hand}, so every request it retransmits or expires
 *       lies in those buckets, no request due at that tick is left in them, {@code clock_hand} moves on by
 *       exactly the budget, and while requests stay queued the ticks follow a TCP_SYNQ_INTERVAL grid on
 *       which the hand moves by the budget per tick, also for the silent ticks between two that left
 *       records.
 * </ul>
 *
 * <p>{@link #coverage()} counts how often a run came to the boundaries of these rules, so a property can
 * tell whether its generator exercises them.
 */
public final class InvariantChecker implements EventObserver {
  private static final Set<String> DECISIONS = Set.of("syn-drop", "syn-cookie", "req-add");
  private static final Set<String> SWEEP = Set.of("req-rtx", "req-rtx-skipped", "req-expire");
  private static final long NONE = Long.MIN_VALUE;

  private Simulator sim;
  private Host server;
  private TcpSock listener;
  private final Map<MibCounter, Long> last = new EnumMap<>(MibCounter.class);
  private long records;
  private long synsReceived;
  private long cookieAcks;
  private boolean timeWaitSyn;
  /** Peer of a SYN-ACK not yet backed by a request: the next listen record must add it. */
  private String synackAwaitingRequest;
  private RunResult result;

  /** What the SYN the server received last must lead to (null: no decision record at all). */
  private Expected expected;
  /** The bucket each request was added to (req-add's detail), by peer; looked up only. */
  private final Map<String, Integer> bucketOfPeer = new HashMap<>();

  /** The sweep whose records are being seen: its jiffy (NONE: none), first instant, and start hand. */
  private long sweepJiffy = NONE;
  private long sweepTime;
  private int sweepHand;
  private int sweepLastQlen;
  /** The last sweep that left records: its jiffy, the hand it must have left, and whether ticks continued. */
  private long prevSweepJiffy = NONE;
  private int prevSweepEndHand;
  private boolean gridIntact;

  private long synBoundaryAcceptq;
  private long synBoundaryYoung;
  private long ackBoundaryAcceptq;
  private long overflows;
  private long sweepsChecked;

  /**
   * What a SYN must lead to.
   *
   * @param peer the SYN's source
   * @param type the decision record's type
   * @param detail the drop reason (syn-drop only)
   * @param optional true for a SYN that meets TIME_WAIT: it may instead be answered by TIME_WAIT
   * @param state the listener's state the decision was taken from, for the failure message
   */
  private record Expected(String peer, String type, String detail, boolean optional, State state) {}

  /** The listener's state when a SYN arrived (formatted only for a failure). */
  private record State(int qlen, int young, int nrTableEntries, int ackBacklog, int maxAckBacklog, boolean timeWait) {
    @Override
    public String toString() {
      return "qlen=" + qlen + " young=" + young + " nr_table_entries=" + nrTableEntries + " ack_backlog="
          + ackBacklog + " max_ack_backlog=" + maxAckBacklog + (timeWait ? " (via TIME_WAIT)" : "");
    }
  }

  /** How often a run reached the boundaries of the admission rules (see {@link #coverage()}). */
  public record Coverage(
      long synsAtAcceptQueueBoundary, long synsAtYoungBoundary, long acksAtAcceptQueueBoundary, long overflows,
      long sweepsChecked) {
    /** The sum of two. */
    public Coverage plus(Coverage o) {
      return new Coverage(synsAtAcceptQueueBoundary + o.synsAtAcceptQueueBoundary,
          synsAtYoungBoundary + o.synsAtYoungBoundary, acksAtAcceptQueueBoundary + o.acksAtAcceptQueueBoundary,
          overflows + o.overflows, sweepsChecked + o.sweepsChecked);
    }

    public static final Coverage ZERO = new Coverage(0, 0, 0, 0, 0);
  }

  @Override
  public void started(Simulator s, Host h, TcpSock l) {
    this.sim = s;
    this.server = h;
    this.listener = l;
  }

  /** Pure SYNs (no ACK, no RST) that reached the server. */
  public long synsReceived() {
    return synsReceived;
  }

  /** Bare ACKs that reached the listener with no request and no socket: what the cookie check sees. */
  public long cookieAcks() {
    return cookieAcks;
  }

  /** Trace records checked. */
  public long records() {
    return records;
  }

  public RunResult result() {
    return result;
  }

  /**
   * How often this run came to the boundaries of the admission rules: SYNs at conn_request with {@code
   * sk_ack_backlog == sk_max_ack_backlog} and {@code qlen_young > 1} (admitted: one more child still
   * fits); SYNs with the accept queue full and {@code qlen_young == 2} (dropped: the first young count
   * that drops); third ACKs that made the child that filled the queue to {@code sk_max_ack_backlog + 1};
   * overflows of the accept queue; timer sweeps whose clock hand was checked against the budget.
   */
  public Coverage coverage() {
    return new Coverage(synBoundaryAcceptq, synBoundaryYoung, ackBoundaryAcceptq, overflows, sweepsChecked);
  }

  @Override
  public void finished(RunResult r) {
    this.result = r;
    if (sweepJiffy != NONE) {
      closeSweep(sim.now(), null);
    }
    if (synackAwaitingRequest != null) {
      fail(sim.now(), null, "SYN-ACK to " + synackAwaitingRequest + " without a request at the end of the run");
    }
    if (expected != null && !expected.optional()) {
      fail(sim.now(), null, "the SYN from " + expected.peer() + " got no decision (expected " + describe(expected)
          + ")");
    }
  }

  @Override
  public void record(long t, TraceRecord record) {
    records++;
    sweep(t, record);
    if (record instanceof KernelTrace.Segment s && s.host().equals(server.name())) {
      segment(t, s);
    } else if (record instanceof KernelTrace.Listen l && l.host().equals(server.name())) {
      listenEvent(t, l);
    }
    checkQueues(t, record, record instanceof KernelTrace.Listen);
    checkCounters(t, record);
  }

  private void segment(long t, KernelTrace.Segment s) {
    TcpSegment seg = s.seg();
    int syn = seg.flags() & (TcpFlags.SYN | TcpFlags.ACK | TcpFlags.RST);
    if (s.type().equals("seg-in")) {
      if (expected != null && !expected.optional()) {
        fail(t, s, "the SYN from " + expected.peer() + " got no decision (expected " + describe(expected) + ")");
      }
      expected = null;
      if (syn == TcpFlags.SYN) {
        synsReceived++;
        expected = expectedDecision(seg);
      }
      if (syn == TcpFlags.ACK && forListener(seg)
          && server.findSocket(seg.daddr(), seg.dport(), seg.saddr(), seg.sport()) == null
          && findRequest(seg.saddr(), seg.sport()) == null) {
        cookieAcks++;
      }
    } else if (syn == (TcpFlags.SYN | TcpFlags.ACK) && cookiesOff()) {
      String peer = Ipv4.format(seg.daddr(), seg.dport());
      if (synackAwaitingRequest != null) {
        fail(t, s, "SYN-ACK to " + synackAwaitingRequest + " was never backed by a request");
      }
      if (findRequest(seg.daddr(), seg.dport()) == null) {
        synackAwaitingRequest = peer;
      }
    }
  }

  private boolean forListener(TcpSegment seg) {
    return listener.state() == TcpState.LISTEN && seg.dport() == listener.localPort()
        && (listener.localAddress() == 0 || listener.localAddress() == seg.daddr());
  }

  /**
   * The decision {@code tcp_v4_conn_request} must take for this SYN, from the listener's state now (the
   * SYN's seg-in record comes before anything is looked up), or null when the SYN cannot reach it.
   */
  private Expected expectedDecision(TcpSegment seg) {
    if (!forListener(seg) || listener.listenOpt() == null) {
      return null;
    }
    TcpSock sk = server.findSocket(seg.daddr(), seg.dport(), seg.saddr(), seg.sport());
    if (sk != null && sk.state() != TcpState.TIME_WAIT) {
      return null;
    }
    if (sk == null && findRequest(seg.saddr(), seg.sport()) != null) {
      return null; // tcp_check_req takes it
    }
    boolean timeWait = sk != null;
    ListenSock lopt = listener.listenOpt();
    String peer = Ipv4.format(seg.saddr(), seg.sport());
    boolean cookies = server.sysctls().get(Sysctl.TCP_SYNCOOKIES) != 0;
    int qlen = lopt.qlen();
    int young = lopt.qlenYoung();
    int backlog = listener.ackBacklog();
    int max = listener.maxAckBacklog();
    State why = new State(qlen, young, lopt.nrTableEntries(), backlog, max, timeWait);
    int daddr = seg.daddr();
    if (daddr == -1 || (daddr >>> 28) == 0xE) {
      return new Expected(peer, "syn-drop", "broadcast", timeWait, why);
    }
    boolean wantCookie = false;
    if (!timeWait && qlen >= lopt.nrTableEntries()) {
      if (!cookies) {
        return new Expected(peer, "syn-drop", "syn-queue-full", false, why);
      }
      wantCookie = true;
    }
    boolean acceptqFull = backlog > max;
    if (backlog == max && young > 1) {
      synBoundaryAcceptq++;
    }
    if (acceptqFull && young == 2) {
      synBoundaryYoung++;
    }
    if (acceptqFull && young > 1) {
      return new Expected(peer, "syn-drop", "accept-queue-full", timeWait, why);
    }
    if (wantCookie) {
      return new Expected(peer, "syn-cookie", null, false, why);
    }
    int maxSynBacklog = server.sysctls().get(Sysctl.TCP_MAX_SYN_BACKLOG);
    if (!timeWait && !cookies && maxSynBacklog - qlen < (maxSynBacklog >> 2)) {
      return new Expected(peer, "syn-drop", "last-quarter", false, why);
    }
    return new Expected(peer, "req-add", null, timeWait, why);
  }

  private static String describe(Expected e) {
    return e.type() + (e.detail() == null ? "" : " " + e.detail()) + " from " + e.state();
  }

  private void listenEvent(long t, KernelTrace.Listen l) {
    if (SWEEP.contains(l.type())) {
      long j = server.clock().jiffies();
      if (server.clock().timeOfJiffy(j) != t) {
        fail(t, l, "listener timer work off a jiffy boundary (jiffy " + j + " starts at "
            + server.clock().timeOfJiffy(j) + " ns)");
      }
    }
    if (DECISIONS.contains(l.type())) {
      decision(t, l);
    } else if (expected != null && !expected.optional()) {
      fail(t, l, "the SYN from " + expected.peer() + " got no decision before this record (expected "
          + describe(expected) + ")");
    }
    if (l.type().equals("req-add")) {
      bucketOfPeer.put(l.peer(), Integer.parseInt(l.detail().substring("bucket=".length())));
    }
    if (l.type().equals("child-queued") && l.ackBacklog() == listener.maxAckBacklog() + 1) {
      ackBoundaryAcceptq++;
    }
    if (l.type().equals("ack-overflow") || l.type().equals("cookie-overflow")) {
      if (server.mib().get(MibCounter.LISTEN_OVERFLOWS) != last.getOrDefault(MibCounter.LISTEN_OVERFLOWS, 0L) + 1) {
        fail(t, l, l.type() + " without exactly one ListenOverflows");
      }
    }
    if (synackAwaitingRequest != null) {
      if (!(l.type().equals("req-add") && l.peer().equals(synackAwaitingRequest))) {
        fail(t, l, "SYN-ACK to " + synackAwaitingRequest + " is not backed by a request (syncookies off)");
      }
      synackAwaitingRequest = null;
    }
    if (l.type().equals("syn-cookie") && cookiesOff()) {
      fail(t, l, "a cookie SYN-ACK with tcp_syncookies = 0");
    }
  }

  /** A syn-drop, syn-cookie or req-add record: the decision on the SYN seen last. */
  private void decision(long t, KernelTrace.Listen l) {
    Expected e = expected;
    expected = null;
    if (e == null) {
      fail(t, l, "a SYN decision (" + l.type() + " " + l.detail() + ") for " + l.peer()
          + " where no SYN could reach tcp_v4_conn_request");
    }
    boolean same = e.peer().equals(l.peer()) && e.type().equals(l.type())
        && (e.detail() == null || e.detail().equals(l.detail()));
    if (!same) {
      fail(t, l, "the SYN from " + e.peer() + " must be " + describe(e) + ", but the kernel model decided "
          + l.type() + " " + l.detail() + " for " + l.peer());
    }
  }

  private boolean cookiesOff() {
    return server.sysctls().get(Sysctl.TCP_SYNCOOKIES) == 0;
  }

  /** {@code inet_csk_search_req}: the pending request of a remote end, from its bucket. */
  private RequestSock findRequest(int raddr, int rport) {
    ListenSock lopt = listener.listenOpt();
    if (lopt == null || lopt.qlen() == 0) {
      return null;
    }
    for (RequestSock r : lopt.bucket(Jhash.inetSynqHash(raddr, rport, lopt.hashRnd(), lopt.nrTableEntries()))) {
      if (r.rmtAddr() == raddr && r.rmtPort() == rport) {
        return r;
      }
    }
    return null;
  }

  // ---- the listener timer's sweep ------------------------------------------------------------------

  /**
   * Buckets one tick examines: {@code budget = 2 * (nr_table_entries / (timeout / interval))} with the
   * listener's TCP_TIMEOUT_INIT and TCP_SYNQ_INTERVAL, at least one ({@code do { … } while (--budget >
   * 0)}); net/ipv4/inet_connection_sock.c, inet_csk_reqsk_queue_prune.
   */
  private int budget(ListenSock lopt) {
    long ratio = server.clock().tcpTimeoutInit() / server.clock().tcpSynqInterval();
    return (int) Math.max(1, 2 * (lopt.nrTableEntries() / ratio));
  }

  /**
   * Follows the sweeps through their records. A sweep's records are its req-rtx, req-rtx-skipped and
   * req-expire records and the SYN-ACKs it resends, all at its one instant; the first other record ends
   * it. clock_hand is written only at the end of a sweep, so during it the hand is where the sweep began.
   */
  private void sweep(long t, TraceRecord record) {
    boolean sweepRecord = record instanceof KernelTrace.Listen l && l.host().equals(server.name())
        && SWEEP.contains(l.type());
    boolean synack = record instanceof KernelTrace.Segment s && s.host().equals(server.name())
        && s.type().equals("seg-out") && s.seg().has(TcpFlags.SYN) && s.seg().has(TcpFlags.ACK);
    if (sweepJiffy != NONE && !(t == sweepTime && (sweepRecord || synack))) {
      closeSweep(t, record);
    }
    ListenSock lopt = listener.listenOpt();
    if (lopt != null && lopt.qlen() == 0 && !sweepRecord) {
      gridIntact = false; // the timer is deleted (or not re-armed) when the table empties
    }
    if (!sweepRecord) {
      return;
    }
    KernelTrace.Listen l = (KernelTrace.Listen) record;
    int nr = lopt.nrTableEntries();
    int budget = budget(lopt);
    if (sweepJiffy == NONE) {
      sweepJiffy = server.clock().jiffies();
      sweepTime = t;
      sweepHand = lopt.clockHand();
      if (prevSweepJiffy != NONE && gridIntact) {
        long interval = server.clock().tcpSynqInterval();
        long d = sweepJiffy - prevSweepJiffy;
        if (d % interval != 0) {
          fail(t, l, "a timer sweep at jiffy " + sweepJiffy + ", off the " + interval + "-jiffy grid of the sweep at "
              + prevSweepJiffy + " although requests stayed queued");
        }
        long silent = d / interval - 1;
        int hand = (int) ((prevSweepEndHand + silent % nr * budget) % nr);
        if (sweepHand != hand) {
          fail(t, l, "clock_hand " + sweepHand + " at the sweep of jiffy " + sweepJiffy + "; after the sweep of jiffy "
              + prevSweepJiffy + " left it at " + prevSweepEndHand + " and " + silent + " silent sweeps of " + budget
              + " buckets it must be " + hand);
        }
        sweepsChecked++;
      }
    }
    sweepLastQlen = l.qlen();
    Integer bucket = bucketOfPeer.get(l.peer());
    if (bucket == null) {
      fail(t, l, "a timer sweep handled " + l.peer() + ", which was never added");
    }
    int offset = Math.floorMod(bucket - sweepHand, nr);
    if (offset >= Math.min(budget, nr)) {
      fail(t, l, "the sweep from clock_hand " + sweepHand + " examines " + budget + " of " + nr
          + " buckets, but handled " + l.peer() + " in bucket " + bucket);
    }
  }

  /**
   * The end of a sweep. No request due at the sweep's jiffy may be left in the buckets it examined
   * (a request handled gets a later expiry or leaves; one added later expires later). Until the next
   * tick can run, clock_hand must be the start hand plus the budget.
   */
  private void closeSweep(long t, TraceRecord record) {
    long j = sweepJiffy;
    sweepJiffy = NONE;
    ListenSock lopt = listener.listenOpt();
    int nr = lopt.nrTableEntries();
    int budget = budget(lopt);
    int end = (int) ((sweepHand + (long) budget) % nr);
    for (int k = 0; k < Math.min(budget, nr); k++) {
      int b = (sweepHand + k) % nr;
      for (RequestSock r : lopt.bucket(b)) {
        if (KernelClock.timeAfterEq(j, r.expires())) {
          fail(t, record, "the sweep of jiffy " + j + " examined bucket " + b + " but left " + r.peer()
              + " due at jiffy " + r.expires());
        }
      }
    }
    if (t < server.clock().timeOfJiffy(j + server.clock().tcpSynqInterval())) {
      if (lopt.clockHand() != end) {
        fail(t, record, "clock_hand " + lopt.clockHand() + " after the sweep of jiffy " + j + " from " + sweepHand
            + "; a sweep examines " + budget + " of " + nr + " buckets, so it must be " + end);
      }
      sweepsChecked++;
    }
    prevSweepJiffy = j;
    prevSweepEndHand = end;
    gridIntact = sweepLastQlen > 0;
  }

  // ---- queues and counters --------------------------------------------------------------------------

  private void checkQueues(long t, TraceRecord record, boolean full) {
    ListenSock lopt = listener.listenOpt();
    if (lopt == null) {
      return;
    }
    timeWaitSyn |= server.mib().get(SimCounter.SYN_FOR_TIME_WAIT) > 0;
    if (lopt.qlen() > lopt.nrTableEntries() && !timeWaitSyn) {
      fail(t, record, "qlen " + lopt.qlen() + " > nr_table_entries " + lopt.nrTableEntries());
    }
    if (lopt.qlenYoung() < 0 || lopt.qlenYoung() > lopt.qlen()) {
      fail(t, record, "qlen_young " + lopt.qlenYoung() + " outside 0..qlen " + lopt.qlen());
    }
    if (listener.ackBacklog() > listener.maxAckBacklog() + 1) {
      fail(t, record, "sk_ack_backlog " + listener.ackBacklog() + " > sk_max_ack_backlog + 1 = "
          + (listener.maxAckBacklog() + 1));
    }
    if (!full) {
      return;
    }
    Set<Long> ids = new HashSet<>();
    Set<String> peers = new HashSet<>();
    int n = 0;
    int young = 0;
    boolean abort = server.sysctls().get(Sysctl.TCP_ABORT_ON_OVERFLOW) != 0 && listener.deferAccept() == 0;
    if (lopt.qlen() > 0) {
      for (int i = 0; i < lopt.nrTableEntries(); i++) {
        for (RequestSock r : lopt.bucket(i)) {
          n++;
          young += r.retrans() == 0 ? 1 : 0;
          if (!ids.add(r.id())) {
            fail(t, record, "request " + r.id() + " (" + r.peer() + ") twice in the SYN table");
          }
          if (!peers.add(r.peer())) {
            fail(t, record, "two requests from " + r.peer() + " in the SYN table");
          }
          if (abort && r.acked()) {
            fail(t, record, "request from " + r.peer() + " left acked with tcp_abort_on_overflow = 1");
          }
        }
      }
    }
    if (n != lopt.qlen()) {
      fail(t, record, "qlen " + lopt.qlen() + " but " + n + " requests in the SYN table");
    }
    if (young != lopt.qlenYoung()) {
      fail(t, record, "qlen_young " + lopt.qlenYoung() + " but " + young + " requests never retransmitted");
    }
    List<TcpSock> queue = listener.acceptQueue();
    if (queue.size() != listener.ackBacklog()) {
      fail(t, record, "sk_ack_backlog " + listener.ackBacklog() + " but " + queue.size() + " children queued");
    }
    Set<Long> children = new HashSet<>();
    for (TcpSock c : queue) {
      if (!children.add(c.id())) {
        fail(t, record, "child " + c.id() + " (" + c.peer() + ") twice in the accept queue");
      }
      // A child reset while queued is unhashed (tcp_done) but stays queued until accept() takes it; a
      // new SYN of its 4-tuple then finds no socket and may queue a request. A hashed child may not.
      if (peers.contains(c.peer())
          && server.findSocket(c.localAddress(), c.localPort(), c.remoteAddress(), c.remotePort()) == c) {
        fail(t, record, c.peer() + " both in the accept queue (its child still in the established table) and in"
            + " the SYN table");
      }
    }
    if (record instanceof KernelTrace.Listen l && l.type().equals("child-queued")
        && listener.ackBacklog() - 1 > listener.maxAckBacklog()) {
      fail(t, record, "a child queued although the accept queue was full (sk_ack_backlog "
          + (listener.ackBacklog() - 1) + " > sk_max_ack_backlog " + listener.maxAckBacklog() + " before it)");
    }
  }

  private void checkCounters(long t, TraceRecord record) {
    long overflowsBefore = last.getOrDefault(MibCounter.LISTEN_OVERFLOWS, 0L);
    for (MibCounter c : MibCounter.values()) {
      if (c == MibCounter.CURR_ESTAB) {
        continue;
      }
      long v = server.mib().get(c);
      Long before = last.put(c, v);
      if (before != null && v < before) {
        fail(t, record, c.kernelName() + " decreased from " + before + " to " + v);
      }
    }
    long overflowsNow = server.mib().get(MibCounter.LISTEN_OVERFLOWS);
    if (overflowsNow != overflowsBefore) {
      // tcp_v4_syn_recv_sock counts the overflow and returns; the next record (ack-overflow,
      // cookie-overflow, or the RST of tcp_abort_on_overflow) comes before the accept queue can change.
      overflows += overflowsNow - overflowsBefore;
      if (overflowsNow - overflowsBefore != 1) {
        fail(t, record, "ListenOverflows moved by " + (overflowsNow - overflowsBefore) + " at once");
      }
      if (listener.ackBacklog() <= listener.maxAckBacklog()) {
        fail(t, record, "ListenOverflows counted although the accept queue is not full (sk_ack_backlog "
            + listener.ackBacklog() + " ≤ sk_max_ack_backlog " + listener.maxAckBacklog() + ")");
      }
    }
    if (server.mib().get(MibCounter.LISTEN_OVERFLOWS) > server.mib().get(MibCounter.LISTEN_DROPS)) {
      fail(t, record, "ListenOverflows > ListenDrops");
    }
    long cookies = server.mib().get(MibCounter.SYNCOOKIES_RECV) + server.mib().get(MibCounter.SYNCOOKIES_FAILED);
    if (cookies > cookieAcks) {
      fail(t, record, "SyncookiesRecv + SyncookiesFailed = " + cookies + " > cookie ACKs received " + cookieAcks);
    }
  }

  private void fail(long t, TraceRecord record, String what) {
    ListenSock lopt = listener.listenOpt();
    throw new AssertionError("invariant violated at t=" + t + " ns (record " + records + ": "
        + (record == null ? "end of run" : record) + "): " + what + "\n  listener: qlen="
        + (lopt == null ? 0 : lopt.qlen()) + " young=" + (lopt == null ? 0 : lopt.qlenYoung()) + " nr_table_entries="
        + (lopt == null ? 0 : lopt.nrTableEntries()) + " ack_backlog=" + listener.ackBacklog() + " max_ack_backlog="
        + listener.maxAckBacklog());
  }
}
