package org.listensim.scenarios.testkit;

import java.util.EnumMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.listensim.core.Simulator;
import org.listensim.core.trace.TraceRecord;
import org.listensim.kernel.Ipv4;
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
 *       accept queue, and no peer both in the SYN table and in the accept queue;
 *   <li>kernel timer work (SYN-ACK retransmissions and request expiry) only at the first nanosecond of a
 *       jiffy;
 *   <li>counters: no MIB counter decreases (CurrEstab is a gauge), ListenOverflows ≤ ListenDrops,
 *       SyncookiesRecv + SyncookiesFailed ≤ the cookie ACKs received so far (bare ACKs that reach the
 *       listener with no request and no socket for their 4-tuple);
 *   <li>with tcp_abort_on_overflow = 1 and no TCP_DEFER_ACCEPT, no request in the table is 'acked';
 *   <li>with tcp_syncookies = 0, every SYN-ACK the server sends belongs to a request (one in the table, or
 *       the one added right after it) and no SYN is answered with a cookie.
 * </ul>
 */
public final class InvariantChecker implements EventObserver {
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

  @Override
  public void finished(RunResult r) {
    this.result = r;
    if (synackAwaitingRequest != null) {
      fail(sim.now(), null, "SYN-ACK to " + synackAwaitingRequest + " without a request at the end of the run");
    }
  }

  @Override
  public void record(long t, TraceRecord record) {
    records++;
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
      if (syn == TcpFlags.SYN) {
        synsReceived++;
      }
      if (syn == TcpFlags.ACK && seg.dport() == listener.localPort()
          && server.findSocket(seg.daddr(), seg.dport(), seg.saddr(), seg.sport()) == null
          && findRequest(Ipv4.format(seg.saddr(), seg.sport())) == null) {
        cookieAcks++;
      }
    } else if (syn == (TcpFlags.SYN | TcpFlags.ACK) && cookiesOff()) {
      String peer = Ipv4.format(seg.daddr(), seg.dport());
      if (synackAwaitingRequest != null) {
        fail(t, s, "SYN-ACK to " + synackAwaitingRequest + " was never backed by a request");
      }
      if (findRequest(peer) == null) {
        synackAwaitingRequest = peer;
      }
    }
  }

  private void listenEvent(long t, KernelTrace.Listen l) {
    if (l.type().equals("req-rtx") || l.type().equals("req-rtx-skipped") || l.type().equals("req-expire")) {
      long j = server.clock().jiffies();
      if (server.clock().timeOfJiffy(j) != t) {
        fail(t, l, "listener timer work off a jiffy boundary (jiffy " + j + " starts at "
            + server.clock().timeOfJiffy(j) + " ns)");
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

  private boolean cookiesOff() {
    return server.sysctls().get(Sysctl.TCP_SYNCOOKIES) == 0;
  }

  private RequestSock findRequest(String peer) {
    ListenSock lopt = listener.listenOpt();
    if (lopt == null || lopt.qlen() == 0) {
      return null;
    }
    for (int i = 0; i < lopt.nrTableEntries(); i++) {
      for (RequestSock r : lopt.bucket(i)) {
        if (r.peer().equals(peer)) {
          return r;
        }
      }
    }
    return null;
  }

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
    var queue = listener.acceptQueue();
    if (queue.size() != listener.ackBacklog()) {
      fail(t, record, "sk_ack_backlog " + listener.ackBacklog() + " but " + queue.size() + " children queued");
    }
    Set<Long> children = new HashSet<>();
    for (TcpSock c : queue) {
      if (!children.add(c.id())) {
        fail(t, record, "child " + c.id() + " (" + c.peer() + ") twice in the accept queue");
      }
      if (peers.contains(c.peer())) {
        fail(t, record, c.peer() + " both in the accept queue and in the SYN table");
      }
    }
  }

  private void checkCounters(long t, TraceRecord record) {
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
