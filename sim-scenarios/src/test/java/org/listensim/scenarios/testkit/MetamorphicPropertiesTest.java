package org.listensim.scenarios.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.core.Simulator;
import org.listensim.core.trace.TraceRecord;
import org.listensim.kernel.KernelTrace;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.ipv4.Host;
import org.listensim.kernel.ipv4.TcpSock;
import org.listensim.scenarios.EventObserver;
import org.listensim.scenarios.RunOptions;
import org.listensim.scenarios.RunResult;
import org.listensim.scenarios.ScenarioRunner;

/**
 * Metamorphic relations that hold in Linux 2.6.32, over generated scenarios ({@value
 * ScenarioPropertiesTest#DEFAULT_EXAMPLES} examples each by default). Each compares two runs, or a run
 * with what its configuration rules out.
 */
class MetamorphicPropertiesTest {
  private static final int EXAMPLES = ScenarioPropertiesTest.EXAMPLES;
  private static final String T = "sim-scenarios MetamorphicPropertiesTest#";
  private static final String SOMAXCONN = "net.core.somaxconn";

  /**
   * Raising somaxconn above every backlog in use changes nothing: sys_listen() only uses somaxconn to
   * clamp the backlog ({@code if ((unsigned)backlog > somaxconn) backlog = somaxconn}); nothing else in the
   * 2.6.32 listen path reads it. So with 0 ≤ backlog ≤ somaxconn, any larger somaxconn gives the same
   * digest. (Not true for a negative backlog, which the unsigned compare turns into somaxconn.)
   */
  @Test
  void raisingSomaxconnAboveTheBacklogChangesNothing() {
    qt().withExamples(EXAMPLES).withShrinkCycles(200).forAll(ScenarioGens.scenarios(), integers().between(1, 100_000)).checkAssert(
        (g0, extra) -> {
          int somaxconn = g0.sysctl(SOMAXCONN);
          GeneratedScenario g = g0.withListen(Math.max(0, Math.min(g0.backlog(), somaxconn)), g0.deferAcceptS());
          Failures.check(g, T + "raisingSomaxconnAboveTheBacklogChangesNothing", x -> {
            RunResult a = ScenarioRunner.run(x.scenario());
            RunResult b = ScenarioRunner.run(x.withSysctl(SOMAXCONN, somaxconn + extra).scenario());
            assertThat(b.digest()).as("digest with somaxconn %d instead of %d", somaxconn + extra, somaxconn)
                .isEqualTo(a.digest());
          });
        });
  }

  /**
   * With tcp_abort_on_overflow = 1 no request is ever left 'acked': tcp_check_req sets {@code acked} only
   * when the child cannot be created and abort_on_overflow is 0 (otherwise it resets the request) — or
   * for TCP_DEFER_ACCEPT's swallowed bare ACK, so the relation holds only without defer-accept (which the
   * test clears). Checked at every event by {@link InvariantChecker}; no third ACK is ever dropped.
   */
  @Test
  void abortOnOverflowLeavesNoRequestAcked() {
    qt().withExamples(EXAMPLES).withShrinkCycles(200).forAll(ScenarioGens.scenarios()).checkAssert(g0 -> {
      GeneratedScenario g = g0.withSysctl("net.ipv4.tcp_abort_on_overflow", 1).withListen(g0.backlog(), 0);
      Failures.check(g, T + "abortOnOverflowLeavesNoRequestAcked", x -> {
        RunResult r = ScenarioPropertiesTest.checked(x).result();
        assertThat(r.simCounter(SimCounter.ACK_OVERFLOW_DROPPED)).as("third ACKs dropped, request left acked").isZero();
      });
    });
  }

  /**
   * With tcp_syncookies = 0 no SYN-ACK carries a cookie: every SYN-ACK belongs to a request in the SYN
   * table (checked at every segment by {@link InvariantChecker}), SyncookiesSent stays 0, and no ACK is
   * ever taken as a cookie.
   */
  @Test
  void syncookiesOffMeansNoCookie() {
    qt().withExamples(EXAMPLES).withShrinkCycles(200).forAll(ScenarioGens.scenarios()).checkAssert(g0 -> {
      GeneratedScenario g = g0.withSysctl("net.ipv4.tcp_syncookies", 0);
      Failures.check(g, T + "syncookiesOffMeansNoCookie", x -> {
        RunResult r = ScenarioPropertiesTest.checked(x).result();
        assertThat(r.counter(MibCounter.SYNCOOKIES_SENT)).isZero();
        assertThat(r.counter(MibCounter.SYNCOOKIES_RECV)).isZero();
        assertThat(r.simCounter(SimCounter.COOKIE_TO_CHILD)).isZero();
      });
    });
  }

  /**
   * A spoofed flood alone never produces an accepted connection: its SYN-ACKs go to addresses no host
   * owns, so no third ACK ever comes back; without an ACK there is no child (and a cookie needs an ACK
   * too). Whatever the sysctls, backlog and application: no PassiveOpens, no child queued, nothing
   * accepted.
   */
  @Test
  void aSpoofedFloodAloneNeverProducesAnAcceptedConnection() {
    qt().withExamples(EXAMPLES).withShrinkCycles(200).forAll(ScenarioGens.floodsOnly()).checkAssert(g -> Failures.check(g,
        T + "aSpoofedFloodAloneNeverProducesAnAcceptedConnection", x -> {
          RunResult r = ScenarioPropertiesTest.checked(x).result();
          assertThat(r.accepted()).isEmpty();
          assertThat(r.counter(MibCounter.PASSIVE_OPENS)).isZero();
          assertThat(r.listener().recvQ()).isZero();
          assertThat(r.simCounter(SimCounter.REQUEST_TO_CHILD) + r.simCounter(SimCounter.COOKIE_TO_CHILD)).isZero();
        }));
  }

  /**
   * Shifting a scenario in time by whole minutes changes no outcome apart from sequence numbers and
   * timestamps: every decision of the listen path depends on differences of jiffies (timers, RTO,
   * tcp_synq_no_recent_overflow, the cookie's age in minutes, PAWS), a minute is a whole number of
   * jiffies at every HZ, and a jiffy boundary stays a jiffy boundary. The absolute clock shows only in
   * ISNs (time-based, and the cookie's minute counter) and timestamp values — and through those only in
   * the two cases below. So: the same counters,
   * outcomes, accepted peers, latencies, final listener, and the same segments at the shifted times (seq,
   * ack and timestamps aside). Shifts of up to 6 minutes cross the 32-bit tcp_time_stamp wrap at 300 s.
   *
   * <p><b>Exact condition</b> (loss included): the relation is claimed for every pair of runs in which
   * the absolute clock does not show through, which 2.6.32 lets it do in two ways (both absolute times
   * that a shift does not move):
   *
   * <ol>
   *   <li><em>A timestamp clock reads 0 when a segment is sent</em>: a timestamp option with TSval 0, or a
   *       host sending in a jiffy whose 32-bit {@code tcp_time_stamp} is 0. 2.6.32 uses 0 as "none": a
   *       zero echo is no RTT sample ({@code tcp_ack_update_rtt}, RFC 1323), a request whose {@code
   *       ts_recent} is 0 sends its ACKs without a timestamp ({@code tcp_v4_send_ack}), a {@code
   *       retrans_stamp} of 0 means "the head's send time" ({@code retransmits_timed_out}). Every kernel
   *       host boots at INITIAL_JIFFIES = −300·HZ, whose low 32 bits are 0 at 300 s, where a shift of 5
   *       minutes puts the scenario's first jiffy; a flood's TSval is its millisecond clock, 0 in the
   *       first millisecond of the unshifted run.
   *   <li><em>A cookie SYN-ACK carries a timestamp</em>: {@code cookie_init_timestamp} keeps the high 23
   *       bits of {@code tcp_time_stamp} and puts the options in the low 9, stepping back 512 ticks when
   *       the options exceed the clock's low bits — so the TSval's age depends on {@code tcp_time_stamp
   *       mod 512}, which a minute (60·HZ ticks) does not preserve — and {@code cookie_check_timestamp}
   *       reads window scaling and SACK from the low 9 bits of whatever the ACK echoes. A late duplicate
   *       of a cookie connection's last ACK (its seq and ack both moved on by the same amount, so
   *       ack − seq still checks as the cookie) makes a new child whose window scale is those bits of an
   *       ordinary, absolute TSval.
   * </ol>
   *
   * Pairs where either run does one of these are skipped (about one in five; at least half must be
   * compared). See docs/testing.md, "Explained findings", and {@link AbsoluteClockTest} for a worked
   * example of each.
   */
  @Test
  void shiftingByWholeMinutesChangesNoOutcome() {
    int[] compared = {0};
    int[] skipped = {0};
    qt().withExamples(EXAMPLES).withShrinkCycles(200).forAll(ScenarioGens.scenarios(), integers().between(1, 6)).checkAssert((g0, min) ->
        Failures.check(g0, T + "shiftingByWholeMinutesChangesNoOutcome (shift " + min + " min)", x -> {
          long shift = min * 60_000L;
          AbsoluteClock za = new AbsoluteClock();
          AbsoluteClock zb = new AbsoluteClock();
          RunResult a = ScenarioRunner.run(x.scenario(), RunOptions.DEFAULT, za);
          RunResult b = ScenarioRunner.run(x.shiftedBy(shift).scenario(), RunOptions.DEFAULT, zb);
          if (za.seen() != null || zb.seen() != null) {
            skipped[0]++;
            return;
          }
          compared[0]++;
          assertThat(b.counters()).as("counters").isEqualTo(a.counters());
          assertThat(b.simCounters()).as("simulator counters").isEqualTo(a.simCounters());
          assertThat(b.outcomes()).as("outcomes").isEqualTo(a.outcomes());
          assertThat(b.accepted()).as("accepted peers").isEqualTo(a.accepted());
          assertThat(b.connectLatency()).isEqualTo(a.connectLatency());
          assertThat(b.timeToAccept()).isEqualTo(a.timeToAccept());
          assertThat(b.listener()).isEqualTo(a.listener());
          assertThat(shape(b, shift * 1_000_000)).as("segments sent").isEqualTo(shape(a, 0));
        }));
    assertThat(compared[0]).as("pairs compared (%d skipped: the absolute clock showed through)", skipped[0])
        .isGreaterThanOrEqualTo(skipped[0]);
  }

  /**
   * Sees whether a run lets the absolute clock through, in one of the two ways 2.6.32 has (see the shift
   * property): a timestamp clock reading 0 when a segment is sent (a timestamp option with TSval 0 from
   * any host or a flood, or a kernel host transmitting in a jiffy whose {@code tcp_time_stamp} is 0), or
   * a cookie SYN-ACK with a timestamp option (a syn-cookie record right after the SYN-ACK it describes).
   * Every kernel host of a scenario boots at INITIAL_JIFFIES at the server's HZ (the Testbed gives each
   * client population such a clock), so the server's clock tells the time stamp of all of them.
   */
  static final class AbsoluteClock implements EventObserver {
    private Host server;
    private boolean timestampedSynack;
    private String seen;

    @Override
    public void started(Simulator sim, Host h, TcpSock listener) {
      this.server = h;
    }

    @Override
    public void record(long timeNanos, TraceRecord record) {
      if (seen != null) {
        return;
      }
      if (record instanceof KernelTrace.Segment s) {
        TcpOptions o = s.seg().options();
        boolean out = s.type().equals("seg-out");
        if (o.timestamp() && o.tsval() == 0) {
          seen = "a segment with TSval 0: " + s;
        } else if (out && server.clock().tcpTimeStamp() == 0) {
          seen = "a segment sent while tcp_time_stamp is 0: " + s;
        }
        if (out && s.host().equals(server.name())) {
          timestampedSynack = s.seg().has(TcpFlags.SYN) && o.timestamp();
        }
      } else if (record instanceof KernelTrace.Listen l && l.type().equals("syn-cookie") && timestampedSynack) {
        seen = "a cookie SYN-ACK with a timestamp, to " + l.peer();
      }
    }

    /** What let the absolute clock through first, or null. */
    String seen() {
      return seen;
    }
  }

  private static List<String> shape(RunResult r, long shiftNanos) {
    return r.emitted().stream().map(e -> (e.timeNanos() - shiftNanos) + " " + e.dst() + " " + e.flags() + " "
        + e.len() + " " + e.win() + " " + e.mss() + " " + e.wscale() + " " + e.sackOk() + " " + e.timestamp()).toList();
  }
}
