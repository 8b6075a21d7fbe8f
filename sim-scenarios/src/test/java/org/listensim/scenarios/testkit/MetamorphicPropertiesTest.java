package org.listensim.scenarios.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
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
   * ISNs (time-based, and the cookie's minute counter) and timestamp values. So: the same counters,
   * outcomes, accepted peers, latencies, final listener, and the same segments at the shifted times (seq,
   * ack and timestamps aside). Shifts of up to 6 minutes cross the 32-bit tcp_time_stamp wrap at 300 s.
   *
   * <p>Restricted to lossless paths for now: with loss, a counterexample was found (a 1-client scenario
   * with 5 % loss whose shifted run sends one more segment; see docs/testing.md, "open findings"). Until
   * it is understood (a model bug around the timestamp wrap, or a true dependence) the relation is only
   * claimed without loss.
   */
  @Test
  void shiftingByWholeMinutesChangesNoOutcome() {
    qt().withExamples(EXAMPLES).withShrinkCycles(200).forAll(ScenarioGens.scenarios(), integers().between(1, 6)).checkAssert((g0, min) ->
        Failures.check(g0.withoutLoss(), T + "shiftingByWholeMinutesChangesNoOutcome (shift " + min + " min)", x -> {
          long shift = min * 60_000L;
          RunResult a = ScenarioRunner.run(x.scenario());
          RunResult b = ScenarioRunner.run(x.shiftedBy(shift).scenario());
          assertThat(b.counters()).as("counters").isEqualTo(a.counters());
          assertThat(b.simCounters()).as("simulator counters").isEqualTo(a.simCounters());
          assertThat(b.outcomes()).as("outcomes").isEqualTo(a.outcomes());
          assertThat(b.accepted()).as("accepted peers").isEqualTo(a.accepted());
          assertThat(b.connectLatency()).isEqualTo(a.connectLatency());
          assertThat(b.timeToAccept()).isEqualTo(a.timeToAccept());
          assertThat(b.listener()).isEqualTo(a.listener());
          assertThat(shape(b, shift * 1_000_000)).as("segments sent").isEqualTo(shape(a, 0));
        }));
  }

  private static List<String> shape(RunResult r, long shiftNanos) {
    return r.emitted().stream().map(e -> (e.timeNanos() - shiftNanos) + " " + e.dst() + " " + e.flags() + " "
        + e.len() + " " + e.win() + " " + e.mss() + " " + e.wscale() + " " + e.sackOk() + " " + e.timestamp()).toList();
  }
}
