package org.listensim.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.scenarios.workload.Outcome;

/**
 * Each bundled scenario shows what its file's comments say to look for; these are those numbers. The
 * accept-queue scenarios are the spec's worked examples E1 and E2 and match their totals exactly.
 */
class BundledScenariosTest {
  static RunResult run(String name) throws ScenarioException {
    return ScenarioRunner.run(ScenarioLoader.loadBundled(name));
  }

  static long flags(RunResult r, String f) {
    return r.emitted().stream().filter(s -> s.flags().equals(f)).count();
  }

  static void noListenCounterMoved(RunResult r) {
    for (MibCounter c : new MibCounter[] {MibCounter.LISTEN_OVERFLOWS, MibCounter.LISTEN_DROPS,
        MibCounter.SYNCOOKIES_SENT, MibCounter.SYNCOOKIES_RECV, MibCounter.SYNCOOKIES_FAILED,
        MibCounter.EMBRYONIC_RSTS, MibCounter.OUT_RSTS}) {
      assertThat(r.counter(c)).as(c.kernelName()).isZero();
    }
  }

  @Test
  void backlogPlusOne() throws ScenarioException {
    RunResult r = run("backlog-plus-one");
    assertThat(r.listener().recvQ()).isEqualTo(6);
    assertThat(r.listener().sendQ()).isEqualTo(5);
    assertThat(r.listener().synQueue()).isEqualTo(4);
    assertThat(r.counter(MibCounter.PASSIVE_OPENS)).isEqualTo(6);
    assertThat(r.counter(MibCounter.CURR_ESTAB)).isEqualTo(6);
    assertThat(r.counter(MibCounter.LISTEN_OVERFLOWS)).isEqualTo(14);
    assertThat(r.simCounter(SimCounter.SYN_DROP_ACCEPT_QUEUE_FULL)).isEqualTo(4);
    assertThat(r.population("web").attempts()).isEqualTo(10);
    assertThat(r.population("web").count(Outcome.PENDING)).isEqualTo(10);
    assertThat(r.accepted()).isEmpty();
  }

  @Test
  void acceptQueueOverflow_isWorkedExampleE1() throws ScenarioException {
    RunResult r = run("accept-queue-overflow");
    assertThat(r.counter(MibCounter.LISTEN_OVERFLOWS)).isEqualTo(24);
    assertThat(r.counter(MibCounter.LISTEN_DROPS)).isEqualTo(24);
    assertThat(r.counter(MibCounter.PASSIVE_OPENS)).isEqualTo(6);
    assertThat(r.counter(MibCounter.CURR_ESTAB)).isEqualTo(6);
    assertThat(r.counter(MibCounter.IN_SEGS)).isEqualTo(44);
    assertThat(r.counter(MibCounter.OUT_SEGS)).isEqualTo(30);
    assertThat(r.counter(MibCounter.OUT_RSTS)).isZero();
    assertThat(r.counter(MibCounter.EMBRYONIC_RSTS)).isZero();
    assertThat(r.simCounter(SimCounter.REQUEST_EXPIRED)).isEqualTo(4);
    assertThat(r.listener().recvQ()).isEqualTo(6);
    assertThat(r.listener().sendQ()).isEqualTo(5);
    assertThat(r.listener().synQueue()).isZero();
  }

  @Test
  void acceptQueueOverflowAbort_isWorkedExampleE2() throws ScenarioException {
    RunResult r = run("accept-queue-overflow-abort");
    assertThat(r.counter(MibCounter.LISTEN_OVERFLOWS)).isEqualTo(4);
    assertThat(r.counter(MibCounter.LISTEN_DROPS)).isEqualTo(4);
    assertThat(r.counter(MibCounter.EMBRYONIC_RSTS)).isEqualTo(4);
    assertThat(r.counter(MibCounter.OUT_RSTS)).isEqualTo(4);
    assertThat(r.counter(MibCounter.ATTEMPT_FAILS)).isZero();
    assertThat(r.counter(MibCounter.IN_SEGS)).isEqualTo(20);
    assertThat(r.counter(MibCounter.OUT_SEGS)).isEqualTo(14);
    assertThat(r.counter(MibCounter.PASSIVE_OPENS)).isEqualTo(6);
    assertThat(r.listener().recvQ()).isEqualTo(6);
    assertThat(r.listener().synQueue()).isZero();
    assertThat(r.population("web").count(Outcome.RESET)).isEqualTo(4);
    assertThat(r.population("web").count(Outcome.PENDING)).isEqualTo(6);
    assertThat(flags(r, "SA")).isEqualTo(10);
    assertThat(r.emitted().stream().filter(s -> s.flags().equals("R")).map(s -> s.timeNanos() / 1_000_000))
        .containsExactly(661L, 771L, 881L, 991L);
  }

  @Test
  void synFlood_withoutCookiesTheClientTimesOutAndNoCounterMoves() throws ScenarioException {
    RunResult r = run("syn-flood");
    noListenCounterMoved(r);
    assertThat(r.counter(MibCounter.IN_SEGS)).isEqualTo(803);
    assertThat(r.counter(MibCounter.PASSIVE_OPENS)).isZero();
    assertThat(r.simCounter(SimCounter.SYN_DROP_SYN_QUEUE_FULL)).isEqualTo(784);
    assertThat(r.population("legit").count(Outcome.TIMED_OUT)).isEqualTo(1);
    assertThat(r.listener().recvQ()).isZero();
    assertThat(r.listener().synQueue()).isEqualTo(16);
    assertThat(r.listener().nrTableEntries()).isEqualTo(16);
  }

  @Test
  void synFloodSyncookies_theClientGetsInThroughACookie() throws ScenarioException {
    ByteArrayOutputStream trace = new ByteArrayOutputStream();
    RunResult r = ScenarioRunner.run(ScenarioLoader.loadBundled("syn-flood-syncookies"),
        new RunOptions(null, null, trace, null));
    assertThat(r.counter(MibCounter.SYNCOOKIES_SENT)).isEqualTo(782);
    assertThat(r.counter(MibCounter.SYNCOOKIES_RECV)).isEqualTo(1);
    assertThat(r.counter(MibCounter.SYNCOOKIES_FAILED)).isZero();
    assertThat(r.counter(MibCounter.PASSIVE_OPENS)).isEqualTo(1);
    assertThat(r.population("legit").count(Outcome.ACCEPTED)).isEqualTo(1);
    assertThat(r.accepted()).hasSize(1).allMatch(p -> p.startsWith("10.0.0.1:"));
    assertThat(trace.toString(StandardCharsets.UTF_8).lines().filter(l -> l.contains("\"type\":\"klog\"")))
        .containsExactly("{\"t\":800000000,\"type\":\"klog\",\"host\":\"server\",\"level\":\"info\","
            + "\"message\":\"possible SYN flooding on port 80. Sending cookies.\"}");
  }

  @Test
  void slowAcceptPoisson_theQueueStaysFull() throws ScenarioException {
    RunResult r = run("slow-accept-poisson");
    assertThat(r.listener().recvQ()).isEqualTo(128);
    assertThat(r.listener().sendQ()).isEqualTo(128);
    assertThat(r.counter(MibCounter.LISTEN_OVERFLOWS)).isEqualTo(1101);
    assertThat(r.simCounter(SimCounter.SYN_DROP_ACCEPT_QUEUE_FULL)).isEqualTo(1382);
    assertThat(r.accepted()).hasSize(1000);
    assertThat(r.population("poisson").attempts()).isEqualTo(1993);
    assertThat(r.population("poisson").count(Outcome.ACCEPTED)).isEqualTo(1000);
    assertThat(r.population("poisson").count(Outcome.PENDING)).isEqualTo(993);
    assertThat(r.timeToAccept().p50()).isBetween(1_289_000_000L, 1_290_000_000L);
  }

  @Test
  void serverPause_droppedSynsComeBackThreeSecondsLater() throws ScenarioException {
    RunResult r = run("server-pause");
    assertThat(r.simCounter(SimCounter.SYN_DROP_ACCEPT_QUEUE_FULL)).isEqualTo(261);
    assertThat(r.counter(MibCounter.LISTEN_OVERFLOWS)).isEqualTo(2);
    assertThat(r.population("steady").attempts()).isEqualTo(4075);
    assertThat(r.population("steady").count(Outcome.ACCEPTED)).isEqualTo(4075);
    assertThat(r.outcome(Outcome.REFUSED) + r.outcome(Outcome.RESET)).isZero();
    assertThat(r.connectLatency().p50()).isBetween(2_000_000L, 2_002_000L);
    assertThat(r.connectLatency().p99()).isBetween(3_003_000_000L, 3_004_000_000L);
  }

  @Test
  void lastQuarter_theSynQueueStopsAt97Of256() throws ScenarioException {
    RunResult r = run("last-quarter");
    assertThat(r.listener().synQueue()).isEqualTo(97);
    assertThat(r.listener().nrTableEntries()).isEqualTo(256);
    assertThat(r.listener().maxQlenLog()).isEqualTo(8);
    assertThat(r.simCounter(SimCounter.SYN_DROP_LAST_QUARTER)).isEqualTo(103);
    assertThat(r.simCounter(SimCounter.SYN_DROP_SYN_QUEUE_FULL)).isZero();
    assertThat(r.counter(MibCounter.IN_SEGS)).isEqualTo(200);
    noListenCounterMoved(r);
  }

  @Test
  void everyBundledScenarioHasATest() {
    Map<String, Long> tests = java.util.Arrays.stream(BundledScenariosTest.class.getDeclaredMethods())
        .filter(m -> m.isAnnotationPresent(Test.class))
        .collect(Collectors.groupingBy(m -> m.getName().split("_")[0].toLowerCase(), Collectors.counting()));
    for (String name : BundledScenarios.names()) {
      assertThat(tests).as(name).containsKey(name.replace("-", ""));
    }
  }
}
