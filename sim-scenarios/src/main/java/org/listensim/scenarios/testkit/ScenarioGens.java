package org.listensim.scenarios.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.quicktheories.core.Gen;
import org.quicktheories.core.RandomnessSource;
import org.quicktheories.generators.SourceDSL;

/**
 * QuickTheories generators of valid random scenarios across the scenario format: sysctls inside the
 * kernel's ranges (and the odd but legal values the format accepts), backlogs from 0 to beyond somaxconn,
 * every accept policy with pauses, every client arrival process with delay, loss and timestamps, SYN
 * floods, and pinned kernel random values. Every value shrinks towards "absent or simplest" (no
 * population, default sysctl, small counts), so a failure shrinks to a small scenario.
 *
 * <p>Runs are kept short (durations ≤ {@link Limits#maxDurationMs}, a few hundred connections, floods of a
 * few thousand SYNs), so a property of 200 examples takes seconds.
 *
 * <pre>
 * qt().withExamples(200).forAll(ScenarioGens.scenarios()).checkAssert(g -&gt; {
 *   RunResult r = ScenarioRunner.run(g.scenario());
 *   ...
 * });
 * </pre>
 */
public final class ScenarioGens {
  private ScenarioGens() {}

  /** Bounds of what the generators produce. */
  public record Limits(long maxDurationMs, int maxClientPopulations, int maxFloods, int maxFloodRatePerS) {
    /** The defaults: at most 6 s, 3 client populations, 2 floods of at most 1500 SYN/s. */
    public static final Limits DEFAULT = new Limits(6000, 3, 2, 1500);
  }

  /** Any scenario within {@link Limits#DEFAULT}. */
  public static Gen<GeneratedScenario> scenarios() {
    return scenarios(Limits.DEFAULT);
  }

  /** Any scenario within the limits. */
  public static Gen<GeneratedScenario> scenarios(Limits limits) {
    return in -> generate(in, limits);
  }

  /** Scenarios whose only traffic is spoofed SYN floods (at least one). */
  public static Gen<GeneratedScenario> floodsOnly() {
    Limits l = new Limits(Limits.DEFAULT.maxDurationMs(), 0, 2, 1500);
    return in -> {
      GeneratedScenario g = generate(in, l);
      if (g.floods().isEmpty()) {
        List<GeneratedScenario.Flood> one = List.of(flood(in, 0, g.durationMs(), l));
        g = new GeneratedScenario(g.name(), g.seed(), g.hz(), g.durationMs(), g.sysctls(), g.backlog(),
            g.deferAcceptS(), g.app(), List.of(), one, g.pins());
      }
      return g;
    };
  }

  /**
   * Scripted scenarios ({@code script:}): a listener with a random backlog (non-blocking, sometimes with
   * TCP_DEFER_ACCEPT) and sysctls, then up to {@value #MAX_SCRIPT_STEPS} steps at random gaps — SYNs
   * (first, retransmitted, or a new incarnation), third ACKs, data, FINs and RSTs from one to four peers
   * that each keep their own sequence numbers and timestamp options, accept() and close() calls. Only
   * input lines: {@link GeneratedScript#record()} writes the kernel model's segments in. Shrinks towards
   * no steps, one peer, gaps of 0, and the first choice of each step (a SYN).
   */
  public static Gen<GeneratedScript> scripts() {
    return ScenarioGens::script;
  }

  /** The most steps a generated script has after its setup lines. */
  public static final int MAX_SCRIPT_STEPS = 24;

  private static GeneratedScript script(RandomnessSource in) {
    long seed = betweenL(in, 1, 1_000_000);
    int hz = pick(in, List.of(1000, 250, 100, 300));
    Map<String, Integer> sysctls = new LinkedHashMap<>();
    int somaxconn = pick(in, List.of(128, 1, 2, 5, 0));
    if (somaxconn != 128) {
      sysctls.put("net.core.somaxconn", somaxconn);
    }
    if (chance(in, 40)) {
      sysctls.put("net.ipv4.tcp_syncookies", 1);
    }
    if (chance(in, 30)) {
      sysctls.put("net.ipv4.tcp_abort_on_overflow", 1);
    }
    if (chance(in, 30)) {
      sysctls.put("net.ipv4.tcp_synack_retries", between(in, 0, 5));
    }
    if (chance(in, 25)) {
      sysctls.put("net.ipv4.tcp_max_syn_backlog", pick(in, List.of(16, 8, 32)));
    }
    if (chance(in, 15)) {
      sysctls.put("net.ipv4.tcp_timestamps", 0);
    }
    long hashRnd = chance(in, 50) ? betweenL(in, 0, 0xFFFF_FFFFL) : 0;
    Long isn = chance(in, 30) ? betweenL(in, 0, 0xFFFF_FFFFL) : null;

    List<String> lines = new ArrayList<>();
    lines.add("0 socket(..., SOCK_STREAM, IPPROTO_TCP) = 3");
    lines.add("+0 fcntl(3, F_SETFL, O_RDWR|O_NONBLOCK) = 0");
    if (chance(in, 15)) {
      lines.add("+0 setsockopt(3, SOL_TCP, TCP_DEFER_ACCEPT, [" + between(in, 1, 3) + "], 4) = 0");
    }
    lines.add("+0 bind(3, ..., ...) = 0");
    lines.add("+0 listen(3, " + between(in, 0, 8) + ") = 0");

    int peers = between(in, 1, 4);
    ScriptPeer[] p = new ScriptPeer[peers];
    for (int i = 0; i < peers; i++) {
      p[i] = new ScriptPeer("10.0.0." + (i + 1) + ":" + (40000 + i), 1000L * (i + 1),
          pick(in, List.of("full", "mss", "none", "ts")));
    }
    long tMs = 0;
    int steps = between(in, 0, MAX_SCRIPT_STEPS);
    for (int i = 0; i < steps; i++) {
      long gap = pick(in, List.of(0L, 1L, 10L, 100L, 500L, 1000L, 3000L));
      tMs += gap;
      String time = gap == 0 ? "+0" : String.format(java.util.Locale.ROOT, "+%.3f", gap / 1000.0);
      String kind = pick(in, List.of("syn", "ack", "accept", "data", "fin", "rst", "close", "syn-again", "new-syn"));
      ScriptPeer q = p[between(in, 0, peers - 1)];
      String line = switch (kind) {
        case "syn" -> q.syn(tMs);
        case "syn-again" -> q.synAgain(tMs);
        case "new-syn" -> q.newSyn(tMs);
        case "ack" -> q.segment(".", 0, tMs);
        case "data" -> q.segment("P.", pick(in, List.of(100, 1, 1000)), tMs);
        case "fin" -> q.segment("F.", 0, tMs);
        case "rst" -> q.rst();
        case "accept" -> "accept(3, ..., ...) = 0";
        default -> "close(" + between(in, 4, 6) + ") = 0";
      };
      lines.add(time + " " + line);
    }
    return new GeneratedScript("script-" + seed, seed, hz, sysctls, hashRnd, isn, lines);
  }

  /**
   * A remote peer of a generated script: its address, its sequence numbers (ISN as written, then what
   * it has sent), and which options its SYN offers ({@code full}: MSS, SACK, timestamps, window scale;
   * {@code ts}: MSS and timestamps; {@code mss}; {@code none}). Its TSval is the script time in ms; the
   * echo it sends is the same number (the runner maps it, and no check depends on it).
   */
  private static final class ScriptPeer {
    final String addr;
    long isn;
    long next;
    final String opts;

    ScriptPeer(String addr, long isn, String opts) {
      this.addr = addr;
      this.isn = isn;
      this.next = isn + 1;
      this.opts = opts;
    }

    boolean timestamps() {
      return opts.equals("full") || opts.equals("ts");
    }

    String syn(long tMs) {
      next = isn + 1;
      String o = switch (opts) {
        case "full" -> " <mss 1460,sackOK,TS val " + (tMs + 1) + " ecr 0,nop,wscale 7>";
        case "ts" -> " <mss 1460,nop,nop,TS val " + (tMs + 1) + " ecr 0>";
        case "mss" -> " <mss 1460>";
        default -> "";
      };
      return "< " + addr + " S " + isn + ":" + isn + "(0) win 5840" + o;
    }

    String synAgain(long tMs) {
      return syn(tMs);
    }

    String newSyn(long tMs) {
      isn += 100_000;
      return syn(tMs);
    }

    String segment(String flags, int len, long tMs) {
      long seq = next;
      next += len + (flags.startsWith("F") ? 1 : 0);
      String ts = timestamps() ? " <nop,nop,TS val " + (tMs + 1) + " ecr " + tMs + ">" : "";
      return "< " + addr + " " + flags + " " + seq + ":" + (seq + len) + "(" + len + ") ack 1 win "
          + (opts.equals("full") ? 46 : 5840) + ts;
    }

    String rst() {
      return "< " + addr + " R " + next + ":" + next + "(0) win 0";
    }
  }

  private static int between(RandomnessSource in, int lo, int hi) {
    return SourceDSL.integers().between(lo, hi).generate(in);
  }

  private static long betweenL(RandomnessSource in, long lo, long hi) {
    return SourceDSL.longs().between(lo, hi).generate(in);
  }

  /** The element at a shrinking index: the first is the simplest. */
  private static <T> T pick(RandomnessSource in, List<T> choices) {
    return choices.get(between(in, 0, choices.size() - 1));
  }

  private static boolean chance(RandomnessSource in, int percent) {
    return between(in, 0, 99) >= 100 - percent;
  }

  private static GeneratedScenario generate(RandomnessSource in, Limits limits) {
    long seed = betweenL(in, 1, 1_000_000);
    int hz = pick(in, List.of(1000, 250, 100, 300));
    long duration = 100 * between(in, 5, (int) (limits.maxDurationMs() / 100));

    Map<String, Integer> sysctls = new LinkedHashMap<>();
    int somaxconn = pick(in, List.of(128, 5, 16, 64, 1, 0, 256, 1024));
    if (somaxconn != 128) {
      sysctls.put("net.core.somaxconn", somaxconn);
    }
    if (chance(in, 40)) {
      sysctls.put("net.ipv4.tcp_max_syn_backlog", pick(in, List.of(16, 8, 32, 64, 128, 256, 1024, 2048)));
    }
    if (chance(in, 40)) {
      sysctls.put("net.ipv4.tcp_synack_retries", between(in, 0, 6));
    }
    if (chance(in, 30)) {
      sysctls.put("net.ipv4.tcp_syn_retries", between(in, 1, 6));
    }
    if (chance(in, 50)) {
      sysctls.put("net.ipv4.tcp_syncookies", 1);
    }
    if (chance(in, 40)) {
      sysctls.put("net.ipv4.tcp_abort_on_overflow", 1);
    }
    if (chance(in, 20)) {
      sysctls.put("net.ipv4.tcp_timestamps", 0);
    }
    if (chance(in, 20)) {
      sysctls.put("net.ipv4.tcp_window_scaling", 0);
    }
    if (chance(in, 20)) {
      sysctls.put("net.ipv4.tcp_sack", 0);
    }

    // 0 .. beyond somaxconn; a few huge or negative ones (clamped to somaxconn by listen()). A third are
    // 0..8, so that clients fill the accept queue and meet its full check (sk_ack_backlog >
    // sk_max_ack_backlog, with qlen_young) both at and beyond the boundary.
    int backlog = chance(in, 10) ? pick(in, List.of(-1, 4096, Integer.MAX_VALUE))
        : chance(in, 35) ? between(in, 0, 8) : between(in, 0, 300);
    int defer = chance(in, 15) ? between(in, 1, 3) : 0;

    GeneratedScenario.App app = app(in, duration);

    List<GeneratedScenario.Clients> clients = new ArrayList<>();
    int nc = between(in, 0, limits.maxClientPopulations());
    for (int i = 0; i < nc; i++) {
      clients.add(clients(in, i, duration));
    }
    List<GeneratedScenario.Flood> floods = new ArrayList<>();
    int nf = limits.maxFloods() == 0 ? 0 : chance(in, 35) ? between(in, 1, limits.maxFloods()) : 0;
    for (int i = 0; i < nf; i++) {
      floods.add(flood(in, i, duration, limits));
    }
    Map<String, String> pins = new LinkedHashMap<>();
    if (chance(in, 30)) {
      pins.put("synq-hash-rnd", Long.toString(betweenL(in, 0, 0xFFFF_FFFFL)));
    }
    if (chance(in, 20)) {
      pins.put("syncookie-secret", Long.toString(betweenL(in, 0, 1_000_000)));
    }
    if (chance(in, 20)) {
      pins.put("isn", "{ first: " + betweenL(in, 0, 0xFFFF_FFFFL) + ", increment: " + betweenL(in, 0, 100_000) + " }");
    }
    return new GeneratedScenario("gen-" + seed, seed, hz, duration, sysctls, backlog, defer, app, clients, floods, pins);
  }

  private static GeneratedScenario.App app(RandomnessSource in, long duration) {
    String mode = pick(in, List.of("never", "workers", "rate"));
    int rate = 0;
    int workers = 0;
    String service = "";
    if (mode.equals("rate")) {
      // periods that divide a minute, so a scenario shifted by whole minutes polls at the same offsets
      rate = pick(in, List.of(1, 2, 4, 5, 10, 20, 50, 100, 1000));
    } else if (mode.equals("workers")) {
      workers = between(in, 1, 8);
      service = pick(in, List.of("1ms", "exponential(5ms)", "uniform(1ms, 50ms)", "20ms", "lognormal(10ms, 1)",
          "pareto(2ms, 1.5)", "weibull(1.5, 10ms)", "gamma(2, 5ms)", "normal(20ms, 10ms)", "500ms"));
    }
    List<long[]> pauses = new ArrayList<>();
    int np = chance(in, 30) ? between(in, 1, 2) : 0;
    for (int i = 0; i < np; i++) {
      pauses.add(new long[] {betweenL(in, 0, duration - 1), betweenL(in, 1, 2000)});
    }
    int reply = chance(in, 40) ? pick(in, List.of(100, 1, 2000)) : 0;
    boolean serverCloses = chance(in, 40);
    return new GeneratedScenario.App(mode, rate, workers, service, pauses, reply, serverCloses);
  }

  private static GeneratedScenario.Clients clients(RandomnessSource in, int i, long duration) {
    String arrival = pick(in, List.of("count", "rate", "bursts", "closed-loop"));
    long start = chance(in, 50) ? betweenL(in, 0, duration / 2) : 0;
    long stop = duration;
    int count = 0;
    long interval = 0;
    int rate = 0;
    long think = 0;
    List<Long> bursts = new ArrayList<>();
    switch (arrival) {
      case "count" -> {
        count = between(in, 1, 40);
        interval = pick(in, List.of(10L, 0L, 1L, 50L, 200L));
      }
      case "rate" -> {
        rate = between(in, 1, 100);
        stop = betweenL(in, start + 1, duration);
      }
      case "bursts" -> {
        count = between(in, 1, 25);
        int nb = between(in, 1, 3);
        for (int b = 0; b < nb; b++) {
          bursts.add(betweenL(in, 0, duration - 1));
        }
      }
      default -> {
        count = between(in, 1, 5);
        think = pick(in, List.of(10L, 100L, 1000L, 50L));
        stop = betweenL(in, start + 1, duration);
      }
    }
    String delay = pick(in, List.of("0", "1ms", "uniform(1ms, 3ms)", "exponential(5ms)", "50ms", "200ms"));
    double loss = chance(in, 35) ? pick(in, List.of(0.05, 0.01, 0.2, 0.5)) : 0;
    double lossFrom = chance(in, 20) ? pick(in, List.of(0.1, 0.3)) : loss;
    int request = chance(in, 50) ? pick(in, List.of(100, 1, 3000)) : 0;
    boolean ts = !chance(in, 30);
    return new GeneratedScenario.Clients("c" + i, arrival, count, interval, rate, bursts, think, start, stop,
        "10." + (1 + i) + ".0.0/" + pick(in, List.of(24, 30, 32, 16)), delay, loss, lossFrom, request, ts);
  }

  private static GeneratedScenario.Flood flood(RandomnessSource in, int i, long duration, Limits limits) {
    long start = chance(in, 50) ? betweenL(in, 0, duration / 2) : 0;
    long stop = betweenL(in, start + 1, duration);
    return new GeneratedScenario.Flood("f" + i, between(in, 10, limits.maxFloodRatePerS()),
        "198.51." + (100 + i) + ".0/" + pick(in, List.of(24, 28, 32)), start, stop, chance(in, 50), chance(in, 50),
        chance(in, 30), pick(in, List.of("0", "1ms", "exponential(2ms)")));
  }
}
