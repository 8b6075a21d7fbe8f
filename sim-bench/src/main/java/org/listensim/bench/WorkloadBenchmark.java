package org.listensim.bench;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.listensim.core.Simulator;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.Sysctls;
import org.listensim.kernel.ipv4.Host;
import org.listensim.kernel.ipv4.TcpSock;
import org.listensim.kernel.net.Network;
import org.listensim.scenarios.workload.AddressPool;
import org.listensim.scenarios.workload.Arrival;
import org.listensim.scenarios.workload.ClientPopulation;
import org.listensim.scenarios.workload.Distribution;
import org.listensim.scenarios.workload.Outcome;
import org.listensim.scenarios.workload.ServerApp;
import org.listensim.scenarios.workload.SynFlood;
import org.listensim.scenarios.workload.Testbed;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Whole-run workloads. JMH: {@code java -jar sim-bench/target/benchmarks.jar WorkloadBenchmark}; quick
 * runs: {@code java -XX:+UseParallelGC -Xmx2g -cp sim-bench/target/benchmarks.jar
 * org.listensim.bench.WorkloadBenchmark}. Both use the collector the {@code ./listensim} launcher uses.
 */
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-XX:+UseParallelGC", "-Xmx2g"})
public class WorkloadBenchmark {
  static final int SERVER = Ipv4.parse("10.0.0.100");

  static Testbed testbed(Simulator sim, Network net, Sysctls sysctls, int backlog) {
    Host server = new Host("server", KernelClock.atBoot(sim, 1000), sysctls, net.output());
    net.attach(server, SERVER);
    TcpSock l = server.socket();
    server.bind(l, SERVER, 80);
    server.listen(l, backlog);
    return new Testbed(sim, net, server, l);
  }

  /**
   * 10,000 connections/s Poisson for 60 s; 8 workers, 20 ms mean service; 1 ms ± path; 100-byte request.
   * {@code sim-bench/poisson-10k.yaml} is the same workload as a scenario file for the CLI.
   */
  @Benchmark
  public Testbed poisson10kPerSecond60s() {
    Simulator sim = new Simulator(1);
    Network net = new Network(sim);
    Testbed bed = testbed(sim, net, new Sysctls(), 1024);
    bed.setServerApp(new ServerApp(new ServerApp.AcceptPolicy.Workers(8,
        new Distribution("exponential", List.of(2e7))), List.of(), 100, false));
    bed.addClients(new ClientPopulation("web", new Arrival.Poisson(0, 60_000_000_000L, 10_000),
        new AddressPool(Ipv4.parse("10.8.0.0"), 16), new Distribution("uniform", List.of(5e5, 1.5e6)),
        0, 0, 100, true));
    sim.runUntil(60_000_000_000L);
    bed.outcomes().finish();
    return bed;
  }

  /** 1,000,000 spoofed SYN/s (Poisson, random ports, timestamps) for 10 s against syncookies. */
  @Benchmark
  public Testbed flood1MPerSecond10s() {
    Simulator sim = new Simulator(1);
    Network net = new Network(sim);
    Testbed bed = testbed(sim, net, new Sysctls().set(Sysctl.TCP_SYNCOOKIES, 1), 1024);
    bed.addFlood(new SynFlood("f", 1_000_000, true, new AddressPool(Ipv4.parse("198.18.0.0"), 15), 0,
        10_000_000_000L, true, true, Distribution.constant(1e6)));
    sim.runUntil(10_000_000_000L);
    return bed;
  }

  public static void main(String[] args) {
    WorkloadBenchmark b = new WorkloadBenchmark();
    for (int i = 0; i < 5; i++) {
      long t0 = System.nanoTime();
      Testbed bed = b.poisson10kPerSecond60s();
      report("poisson 10k/s x 60 s", bed, 60, t0);
      System.out.printf("  attempts %d, accepted %d, timed out %d, pending %d, p99 time-to-accept %.1f ms%n",
          bed.outcomes().attempts("web"), bed.outcomes().count(Outcome.ACCEPTED),
          bed.outcomes().count(Outcome.TIMED_OUT), bed.outcomes().count(Outcome.PENDING),
          bed.outcomes().timeToAcceptNanos().getValueAtPercentile(99) / 1e6);
    }
    for (int i = 0; i < 3; i++) {
      long t0 = System.nanoTime();
      report("flood 1M SYN/s x 10 s", b.flood1MPerSecond10s(), 10, t0);
    }
  }

  private static void report(String what, Testbed bed, double simulatedSeconds, long t0) {
    double wall = (System.nanoTime() - t0) / 1e9;
    long events = bed.sim().eventsDispatched();
    System.out.printf("%s: %.3f s wall, %d events, %.2f M events/s, %.2f simulated s per wall s%n", what, wall,
        events, events / wall / 1e6, simulatedSeconds / wall);
  }
}
