package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.core.Simulator;
import org.listensim.core.trace.TraceRecord;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.KernelTrace;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;
import org.quicktheories.core.Gen;

/**
 * Invariants of the listen path over random inbound segment sequences: SYNs, retransmitted SYNs,
 * good and bad ACKs, RSTs, data, and accept() calls from up to 12 peers against a listener with a
 * random backlog and random sysctls. After every kernel event:
 *
 * <ul>
 *   <li>qlen ≤ nr_table_entries (the generator never uses the TIME_WAIT path);
 *   <li>0 ≤ qlen_young ≤ qlen;
 *   <li>sk_ack_backlog ≤ sk_max_ack_backlog + 1;
 *   <li>the listener timer is pending exactly when qlen > 0;
 *   <li>no MIB counter decreases (CurrEstab is a gauge and is left out);
 *   <li>kernel timer work happens only at the first nanosecond of a jiffy.
 * </ul>
 *
 * And at the end: each request left the table exactly once (child, expired, reset) or is still in it.
 *
 * <p>On failure QuickTheories prints {@code Seed was N} and the shrunk input; replay it with {@code mvn
 * -B -pl sim-kernel-model -am verify -Dtest=ListenPathPropertiesTest -Dsurefire.failIfNoSpecifiedTests=false
 * -DQT_SEED=N}.
 */
class ListenPathPropertiesTest {
  private static final int SERVER_ISN = 0x50000000;

  /** One input: after {@code dtMs}, peer {@code peer} does {@code kind}; {@code x} varies it. */
  record Op(int dtMs, int kind, int peer, int x) {}

  /** A scenario: listener settings and the inputs. */
  record Case(int backlog, int syncookies, int abort, int synackRetries, int maxSynBacklog, int hz, List<Op> ops) {}

  private static Gen<Op> ops() {
    return integers().between(0, 1500).zip(integers().between(0, 7), integers().between(0, 11),
        integers().between(0, 3), Op::new);
  }

  private static Gen<Case> cases() {
    Gen<int[]> settings = integers().between(-1, 20).zip(integers().between(0, 1), integers().between(0, 1),
        integers().between(0, 6), (b, c, a, r) -> new int[] {b, c, a, r});
    Gen<int[]> more = integers().between(0, 2).zip(integers().between(0, 3), (m, z) -> new int[] {m, z});
    return settings.zip(more, lists().of(ops()).ofSizeBetween(1, 80), (s, m, l) -> new Case(s[0], s[1], s[2], s[3],
        new int[] {16, 128, 1024}[m[0]], new int[] {100, 250, 300, 1000}[m[1]], l));
  }

  @Test
  void listenPathInvariantsHoldAfterEveryEvent() {
    qt().withExamples(300).forAll(cases()).checkAssert(ListenPathPropertiesTest::run);
  }

  private static void run(Case c) {
    Checker checker = new Checker();
    Simulator sim = new Simulator(7, checker);
    ListenHarness h = new ListenHarness(sim, c.hz());
    checker.h = h;
    h.sysctls.set(Sysctl.TCP_SYNCOOKIES, c.syncookies());
    h.sysctls.set(Sysctl.TCP_ABORT_ON_OVERFLOW, c.abort());
    h.sysctls.set(Sysctl.TCP_SYNACK_RETRIES, c.synackRetries());
    h.sysctls.set(Sysctl.TCP_MAX_SYN_BACKLOG, c.maxSynBacklog());
    assertThat(h.listen(c.backlog())).isZero();
    long t = 0;
    for (Op op : c.ops()) {
      t += ListenHarness.ms(op.dtMs());
      TcpSegment seg = segmentFor(op);
      if (seg == null) {
        h.atDo(t, () -> h.host.accept(h.listener));
      } else {
        h.at(t, seg);
      }
      h.atDo(t, checker::checkBetweenEvents);
    }
    h.runUntil(t + ListenHarness.s(250));
    checker.checkBetweenEvents();
    long added = checker.count("req-add");
    long left = checker.count("req-expire") + checker.count("req-reset") + checker.countChildFromRequest();
    assertThat(added).as("requests added = left + still queued").isEqualTo(left + h.lopt().qlen());
    assertThat(h.host.mib().get(SimCounter.SYN_REQUEST_QUEUED)).isEqualTo(added);

    // Every SYN the listener received is accounted for exactly once by the simulator's own counters.
    long syns = c.ops().stream().filter(op -> op.kind() <= 1).count();
    long accounted = 0;
    for (SimCounter sc : new SimCounter[] {SimCounter.SYN_REQUEST_QUEUED, SimCounter.SYN_COOKIE_SENT,
        SimCounter.SYN_DROP_SYN_QUEUE_FULL, SimCounter.SYN_DROP_ACCEPT_QUEUE_FULL, SimCounter.SYN_DROP_LAST_QUARTER,
        SimCounter.SYN_DROP_BROADCAST, SimCounter.SYN_NO_LISTENER, SimCounter.SYN_FOR_PENDING_REQUEST,
        SimCounter.SYN_FOR_ESTABLISHED}) {
      accounted += h.host.mib().get(sc);
    }
    assertThat(accounted).as("SYNs accounted for").isEqualTo(syns);
    assertThat(h.host.mib().get(SimCounter.SYN_COOKIE_SENT)).isEqualTo(h.get(MibCounter.SYNCOOKIES_SENT));
    assertThat(h.get(MibCounter.LISTEN_OVERFLOWS)).isLessThanOrEqualTo(h.get(MibCounter.LISTEN_DROPS));
    assertThat(h.get(MibCounter.PASSIVE_OPENS))
        .isEqualTo(checker.countChildFromRequest() + h.host.mib().get(SimCounter.COOKIE_TO_CHILD));
  }

  private static TcpSegment segmentFor(Op op) {
    int addr = Ipv4.parse("10.0.0." + (op.peer() + 1));
    int isn = 1000 * (op.peer() + 1);
    TcpOptions o = op.x() == 3 ? TcpOptions.mss(1460).withTimestamp(op.dtMs() + 1, 0).withSackOk(true).withWscale(7)
        : TcpOptions.mss(1460);
    return switch (op.kind()) {
      case 0, 1 -> ListenHarness.syn(addr, 40000, isn + (op.x() == 2 ? 7000 : 0), o);
      case 2 -> ListenHarness.ack(addr, 40000, isn + 1, SERVER_ISN + 1 + (op.x() == 1 ? 99 : 0));
      case 3 -> new TcpSegment(addr, 40000, ListenHarness.SERVER, 80, isn + 1 + op.x(), 0, TcpFlags.RST, 0,
          TcpOptions.NONE, 0);
      case 4 -> new TcpSegment(addr, 40000, ListenHarness.SERVER, 80, isn + 1, SERVER_ISN + 1,
          TcpFlags.ACK | TcpFlags.PSH, 46, TcpOptions.NONE, 100 * op.x());
      case 5 -> new TcpSegment(addr, 40000, ListenHarness.SERVER, 80, isn + 1, SERVER_ISN + 1,
          TcpFlags.ACK | TcpFlags.FIN, 46, TcpOptions.NONE, 0);
      case 6 -> ListenHarness.ack(addr, 40000, isn + 1, op.x() * 0x01000000);
      default -> null;
    };
  }

  /** Checks the invariants on every trace record (each kernel state change) and on demand. */
  static final class Checker implements org.listensim.core.trace.TraceSink {
    ListenHarness h;
    private final long[] last = new long[MibCounter.values().length];
    private final List<KernelTrace.Listen> listen = new ArrayList<>();

    @Override
    public void accept(long timeNanos, TraceRecord record) {
      if (record instanceof KernelTrace.Listen l) {
        listen.add(l);
        if (l.type().startsWith("req-rtx") || l.type().equals("req-expire")) {
          long j = h.clock.jiffies();
          assertThat(h.clock.timeOfJiffy(j)).as("timer work at a jiffy boundary").isEqualTo(timeNanos);
        }
      }
      check();
    }

    void check() {
      ListenSock lopt = h.lopt();
      if (lopt == null) {
        return;
      }
      assertThat(lopt.qlen()).isLessThanOrEqualTo(lopt.nrTableEntries());
      assertThat(lopt.qlenYoung()).isBetween(0, lopt.qlen());
      assertThat(h.listener.ackBacklog()).isLessThanOrEqualTo(h.listener.maxAckBacklog() + 1);
      for (MibCounter c : MibCounter.values()) {
        if (c == MibCounter.CURR_ESTAB) {
          continue;
        }
        long v = h.get(c);
        assertThat(v).as(c.kernelName()).isGreaterThanOrEqualTo(last[c.ordinal()]);
        last[c.ordinal()] = v;
      }
    }

    /** Also: the listener timer is pending iff qlen > 0 — true between events, not inside a tick. */
    void checkBetweenEvents() {
      check();
      if (h.lopt() != null) {
        assertThat(h.listener.synTimerPending()).as("timer pending iff qlen > 0").isEqualTo(h.lopt().qlen() > 0);
      }
    }

    long count(String type) {
      return listen.stream().filter(l -> l.type().equals(type)).count();
    }

    long countChildFromRequest() {
      return listen.stream().filter(l -> l.type().equals("child-queued") && !l.detail().startsWith("cookie")).count();
    }
  }
}
