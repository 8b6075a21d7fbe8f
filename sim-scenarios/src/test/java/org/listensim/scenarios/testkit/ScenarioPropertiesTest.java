package org.listensim.scenarios.testkit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.scenarios.RunOptions;
import org.listensim.scenarios.RunResult;
import org.listensim.scenarios.ScenarioRunner;
import org.listensim.scenarios.workload.Outcome;

/**
 * Properties of whole runs over generated scenarios ({@link ScenarioGens}): {@value #DEFAULT_EXAMPLES}
 * examples each in {@code mvn verify}, {@code -Dlistensim.properties.examples=N} (or the profile
 * {@code -Pproperties-long}) for more. A failure prints the scenario's seed, the shrunk scenario as YAML
 * and the commands that replay it ({@link Failures}); QuickTheories prints its own {@code Seed was N}.
 */
class ScenarioPropertiesTest {
  static final int DEFAULT_EXAMPLES = 200;
  static final int EXAMPLES = Integer.getInteger("listensim.properties.examples", DEFAULT_EXAMPLES);
  private static final String T = "sim-scenarios ScenarioPropertiesTest#";

  @TempDir Path dir;

  static RunResult run(GeneratedScenario g) {
    return ScenarioRunner.run(g.scenario());
  }

  static InvariantChecker checked(GeneratedScenario g) {
    InvariantChecker c = new InvariantChecker();
    ScenarioRunner.run(g.scenario(), RunOptions.DEFAULT, c);
    return c;
  }

  /**
   * Determinism in one JVM: the same scenario and seed give the same digest and record count, and the
   * invariant checker (an observer) does not change the run. If any state leaked between runs (a static
   * counter, an iteration over a hash of identities, the wall clock) the second run would differ.
   */
  @Test
  void determinism_sameScenarioAndSeedGiveTheSameDigest() {
    qt().withExamples(EXAMPLES).withShrinkCycles(200).forAll(ScenarioGens.scenarios()).checkAssert(g -> Failures.check(g,
        T + "determinism_sameScenarioAndSeedGiveTheSameDigest", x -> {
          RunResult a = run(x);
          InvariantChecker observed = checked(x);
          assertThat(observed.result().digest()).as("digest of a second run, observed").isEqualTo(a.digest());
          assertThat(observed.result().traceRecords()).isEqualTo(a.traceRecords());
        }));
  }

  /**
   * Determinism across processes: a fresh JVM ({@link DigestMain}, started with this test's class path)
   * computes the same digests for {@value #DEFAULT_EXAMPLES} generated scenario files as this JVM. It
   * catches what one JVM cannot: identity hash codes, default charsets or locales, iteration orders
   * that depend on the process.
   */
  @Test
  void determinism_aFreshProcessComputesTheSameDigests() throws Exception {
    List<GeneratedScenario> scenarios = new ArrayList<>();
    List<String> digests = new ArrayList<>();
    qt().withExamples(EXAMPLES).withShrinkCycles(200).forAll(ScenarioGens.scenarios()).checkAssert(g -> {
      scenarios.add(g);
      RunResult r = run(g);
      digests.add(r.digest() + " " + r.traceRecords());
    });
    List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-cp", System.getProperty("java.class.path"), DigestMain.class.getName()));
    for (int i = 0; i < scenarios.size(); i++) {
      Path f = dir.resolve("s" + i + ".yaml");
      Files.writeString(f, scenarios.get(i).toYaml(), StandardCharsets.UTF_8);
      cmd.add(f.toString());
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
    List<String> fresh = out.lines().toList();
    assertThat(fresh).hasSameSizeAs(digests);
    for (int i = 0; i < fresh.size(); i++) {
      if (!fresh.get(i).equals(digests.get(i))) {
        throw new AssertionError(Failures.explain(scenarios.get(i), T + "determinism_aFreshProcessComputesTheSameDigests",
            new AssertionError("this JVM: " + digests.get(i) + ", a fresh JVM: " + fresh.get(i))));
      }
    }
  }

  /**
   * The listen path's invariants hold at every trace record of every generated run — qlen ≤
   * nr_table_entries (except through TIME_WAIT), qlen_young ≤ qlen, sk_ack_backlog ≤ backlog + 1, no
   * request or child in two places, timer work on jiffy boundaries, counters monotone — and every
   * admission decision is the kernel's: each SYN reaching tcp_v4_conn_request gets the outcome of its
   * decision sequence (the accept-queue drop exactly when sk_ack_backlog > sk_max_ack_backlog and
   * qlen_young > 1), ListenOverflows moves exactly when the accept queue is full, and each timer sweep
   * examines exactly 2 · (nr_table_entries / 15) buckets from clock_hand: see {@link InvariantChecker} for
   * the full list. A kernel model that let a queue grow past its limit, counted a request twice, ran a
   * timer between jiffies, or moved an admission boundary by one fails here at the first record where it
   * happens.
   */
  @Test
  void invariants_holdAtEveryEvent() {
    qt().withExamples(EXAMPLES).withShrinkCycles(200).forAll(ScenarioGens.scenarios()).checkAssert(g -> Failures.check(g,
        T + "invariants_holdAtEveryEvent", ScenarioPropertiesTest::checked));
  }

  /**
   * The generator reaches the boundaries the admission checks guard, so a model fault at one of them
   * (an off-by-one in sk_acceptq_is_full, another qlen_young limit, another sweep budget) is met by some
   * of the {@value #DEFAULT_EXAMPLES} examples: SYNs with sk_ack_backlog == sk_max_ack_backlog and
   * qlen_young > 1 (admitted), SYNs with the accept queue full and qlen_young == 2 (dropped), third ACKs
   * whose child fills the queue to backlog + 1, accept-queue overflows, and timer sweeps whose clock hand
   * is checked. A fixed seed, so the sample (and this test) is the same on every build; it fails when a
   * change of the generator stops producing one of these situations.
   */
  @Test
  void generator_reachesTheAdmissionBoundaries() {
    InvariantChecker.Coverage[] total = {InvariantChecker.Coverage.ZERO};
    long[] examples = new long[5];
    qt().withFixedSeed(COVERAGE_SEED).withExamples(DEFAULT_EXAMPLES).forAll(ScenarioGens.scenarios()).checkAssert(g ->
        Failures.check(g, T + "generator_reachesTheAdmissionBoundaries", x -> {
          InvariantChecker.Coverage c = checked(x).coverage();
          total[0] = total[0].plus(c);
          long[] each = {c.synsAtAcceptQueueBoundary(), c.synsAtYoungBoundary(), c.acksAtAcceptQueueBoundary(),
              c.overflows(), c.sweepsChecked()};
          for (int i = 0; i < each.length; i++) {
            examples[i] += each[i] > 0 ? 1 : 0;
          }
        }));
    for (long n : examples) {
      assertThat(n).as("examples (of %d) reaching each boundary %s, in the order of %s", DEFAULT_EXAMPLES,
          java.util.Arrays.toString(examples), total[0]).isGreaterThanOrEqualTo(5);
    }
  }

  private static final long COVERAGE_SEED = 20_260_408L;

  /**
   * Conservation. Every connection attempt ends in exactly one outcome (the outcomes of a population sum
   * to its attempts); every pure SYN the server received is accounted for exactly once by the simulator's
   * reasons (request queued, cookie sent, one of the drop reasons, no listener, matched a pending request
   * or an established socket; a SYN through TIME_WAIT is counted where the listener takes it); every
   * request that entered the SYN table left it exactly once (child, expired, reset, freed at close) or is
   * still there; every connection the application accepted is an accepted outcome.
   */
  @Test
  void conservation_everyAttemptAndEverySynIsAccountedFor() {
    qt().withExamples(EXAMPLES).withShrinkCycles(200).forAll(ScenarioGens.scenarios()).checkAssert(g -> Failures.check(g,
        T + "conservation_everyAttemptAndEverySynIsAccountedFor", x -> {
          InvariantChecker c = checked(x);
          RunResult r = c.result();
          for (RunResult.PopulationOutcomes p : r.outcomes()) {
            long sum = 0;
            for (Outcome o : Outcome.values()) {
              assertThat(p.count(o)).isNotNegative();
              sum += p.count(o);
            }
            assertThat(sum).as("outcomes of %s", p.population()).isEqualTo(p.attempts());
          }
          long accounted = 0;
          for (SimCounter sc : List.of(SimCounter.SYN_REQUEST_QUEUED, SimCounter.SYN_COOKIE_SENT,
              SimCounter.SYN_DROP_SYN_QUEUE_FULL, SimCounter.SYN_DROP_ACCEPT_QUEUE_FULL,
              SimCounter.SYN_DROP_LAST_QUARTER, SimCounter.SYN_DROP_BROADCAST, SimCounter.SYN_NO_LISTENER,
              SimCounter.SYN_FOR_PENDING_REQUEST, SimCounter.SYN_FOR_ESTABLISHED)) {
            accounted += r.simCounter(sc);
          }
          assertThat(accounted).as("SYNs accounted for by the simulator's reasons").isEqualTo(c.synsReceived());
          long left = r.simCounter(SimCounter.REQUEST_TO_CHILD) + r.simCounter(SimCounter.REQUEST_EXPIRED)
              + r.simCounter(SimCounter.REQUEST_RESET) + r.simCounter(SimCounter.REQUEST_FREED_AT_CLOSE);
          assertThat(r.simCounter(SimCounter.SYN_REQUEST_QUEUED))
              .as("requests queued = requests that left + requests still in the SYN table")
              .isEqualTo(left + r.listener().synQueue());
          assertThat((long) r.accepted().size()).as("accept() calls that returned a connection")
              .isGreaterThanOrEqualTo(r.outcome(Outcome.ACCEPTED));
        }));
  }

  /**
   * Counters: no MIB counter ever decreases and ListenOverflows ≤ ListenDrops and SyncookiesRecv +
   * SyncookiesFailed ≤ cookie ACKs received hold at every event (checked by {@link InvariantChecker});
   * at the end SyncookiesSent equals the cookie SYN-ACKs the simulator saw and PassiveOpens equals the
   * children made from requests and from cookies (2.6.32 counts PassiveOpens in tcp_create_openreq_child).
   */
  @Test
  void counters_neverDecreaseAndKeepTheirOrder() {
    qt().withExamples(EXAMPLES).withShrinkCycles(200).forAll(ScenarioGens.scenarios()).checkAssert(g -> Failures.check(g,
        T + "counters_neverDecreaseAndKeepTheirOrder", x -> {
          InvariantChecker c = checked(x);
          RunResult r = c.result();
          assertThat(r.counter(MibCounter.LISTEN_OVERFLOWS)).isLessThanOrEqualTo(r.counter(MibCounter.LISTEN_DROPS));
          assertThat(r.counter(MibCounter.SYNCOOKIES_RECV) + r.counter(MibCounter.SYNCOOKIES_FAILED))
              .isLessThanOrEqualTo(c.cookieAcks());
          assertThat(r.counter(MibCounter.SYNCOOKIES_SENT)).isEqualTo(r.simCounter(SimCounter.SYN_COOKIE_SENT));
          assertThat(r.counter(MibCounter.PASSIVE_OPENS)).isEqualTo(
              r.simCounter(SimCounter.REQUEST_TO_CHILD) + r.simCounter(SimCounter.COOKIE_TO_CHILD));
        }));
  }
}
