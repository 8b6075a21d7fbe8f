package org.listensim.scenarios.testkit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.listensim.scenarios.Scenario;
import org.listensim.scenarios.ScenarioException;
import org.listensim.scenarios.ScenarioLoader;

/**
 * A scenario as plain values that render to the scenario file format ({@link #toYaml()}): what the
 * testkit's generators produce and shrink, and what a failing property prints. Durations are in
 * milliseconds, so every value is exact in YAML; {@link #scenario()} loads the YAML with the real loader,
 * so a generated scenario is exactly what {@code listensim run FILE} would run.
 *
 * @param name the scenario's name
 * @param seed its seed
 * @param hz 100, 250, 300 or 1000
 * @param durationMs simulated duration
 * @param sysctls sysctls set (by /proc/sys name, dotted), in order; absent ones keep their defaults
 * @param backlog the listen() backlog (any C int)
 * @param deferAcceptS TCP_DEFER_ACCEPT in seconds (0: off)
 * @param app the application
 * @param clients client populations
 * @param floods SYN floods
 * @param pins pinned kernel random values as YAML fields (empty: none)
 */
public record GeneratedScenario(
    String name, long seed, int hz, long durationMs, Map<String, Integer> sysctls, int backlog, int deferAcceptS,
    App app, List<Clients> clients, List<Flood> floods, Map<String, String> pins) {

  public GeneratedScenario {
    sysctls = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(sysctls));
    clients = List.copyOf(clients);
    floods = List.copyOf(floods);
    pins = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(pins));
  }

  /**
   * The application. {@code mode} is {@code never}, {@code rate} (then {@code ratePerS}) or {@code
   * workers} (then {@code workers} and {@code service}, a distribution as the format writes it).
   */
  public record App(String mode, int ratePerS, int workers, String service, List<long[]> pausesMs, int replyBytes,
      boolean serverCloses) {
    public App {
      pausesMs = List.copyOf(pausesMs);
    }

    public static final App NEVER = new App("never", 0, 0, "", List.of(), 0, false);
  }

  /**
   * A client population. {@code arrival} is {@code count} ({@code count}, {@code intervalMs}), {@code
   * rate} ({@code ratePerS}), {@code bursts} ({@code burstsMs}, {@code count} per burst) or {@code
   * closed-loop} ({@code count} clients, {@code thinkMs}).
   */
  public record Clients(String name, String arrival, int count, long intervalMs, int ratePerS, List<Long> burstsMs,
      long thinkMs, long startMs, long stopMs, String from, String delay, double lossToServer, double lossFromServer,
      int requestBytes, boolean timestamps) {
    public Clients {
      burstsMs = List.copyOf(burstsMs);
    }
  }

  /** A SYN flood from a spoofed block. */
  public record Flood(String name, int ratePerS, String from, long startMs, long stopMs, boolean poisson,
      boolean randomPorts, boolean timestamps, String delay) {}

  /** The scenario file (YAML) for this scenario; {@link #scenario()} loads exactly this text. */
  public String toYaml() {
    StringBuilder y = new StringBuilder();
    y.append("name: ").append(name).append('\n');
    y.append("seed: ").append(seed).append('\n');
    y.append("hz: ").append(hz).append('\n');
    y.append("duration: ").append(durationMs).append("ms\n");
    if (!sysctls.isEmpty()) {
      y.append("sysctl:\n");
      sysctls.forEach((k, v) -> y.append("  ").append(k).append(": ").append(v).append('\n'));
    }
    if (!pins.isEmpty()) {
      y.append("kernel-random:\n");
      pins.forEach((k, v) -> y.append("  ").append(k).append(": ").append(v).append('\n'));
    }
    y.append("server:\n");
    y.append("  listen: { backlog: ").append(backlog);
    if (deferAcceptS > 0) {
      y.append(", defer-accept: ").append(deferAcceptS).append('s');
    }
    y.append(" }\n");
    y.append("  app:\n");
    switch (app.mode()) {
      case "rate" -> y.append("    rate: ").append(app.ratePerS()).append("/s\n");
      case "workers" -> y.append("    workers: ").append(app.workers()).append("\n    service: \"")
          .append(app.service()).append("\"\n");
      default -> y.append("    accept: never\n");
    }
    if (!app.pausesMs().isEmpty()) {
      y.append("    pauses:\n");
      for (long[] p : app.pausesMs()) {
        y.append("      - { at: ").append(p[0]).append("ms, for: ").append(p[1]).append("ms }\n");
      }
    }
    if (app.replyBytes() > 0) {
      y.append("    reply-bytes: ").append(app.replyBytes()).append('\n');
    }
    if (app.serverCloses()) {
      y.append("    closes: server\n");
    }
    if (!clients.isEmpty()) {
      y.append("clients:\n");
      for (Clients c : clients) {
        y.append("  - name: ").append(c.name()).append('\n');
        switch (c.arrival()) {
          case "count" -> y.append("    count: ").append(c.count()).append("\n    interval: ").append(c.intervalMs())
              .append("ms\n");
          case "rate" -> y.append("    rate: ").append(c.ratePerS()).append("/s\n    stop: ").append(c.stopMs())
              .append("ms\n");
          case "bursts" -> {
            List<String> at = new ArrayList<>();
            c.burstsMs().forEach(t -> at.add(t + "ms"));
            y.append("    bursts: { at: [").append(String.join(", ", at)).append("], size: ").append(c.count())
                .append(" }\n");
          }
          default -> y.append("    closed-loop: { clients: ").append(c.count()).append(", think: ")
              .append(c.thinkMs()).append("ms }\n    stop: ").append(c.stopMs()).append("ms\n");
        }
        y.append("    start: ").append(c.startMs()).append("ms\n");
        y.append("    from: ").append(c.from()).append('\n');
        y.append("    delay: \"").append(c.delay()).append("\"\n");
        y.append("    loss-to-server: ").append(c.lossToServer()).append('\n');
        y.append("    loss-from-server: ").append(c.lossFromServer()).append('\n');
        y.append("    request-bytes: ").append(c.requestBytes()).append('\n');
        y.append("    timestamps: ").append(c.timestamps()).append('\n');
      }
    }
    if (!floods.isEmpty()) {
      y.append("attackers:\n");
      for (Flood f : floods) {
        y.append("  - { kind: syn-flood, name: ").append(f.name()).append(", rate: ").append(f.ratePerS())
            .append("/s, from: ").append(f.from()).append(", start: ").append(f.startMs()).append("ms, stop: ")
            .append(f.stopMs()).append("ms, arrivals: ").append(f.poisson() ? "poisson" : "even")
            .append(", ports: ").append(f.randomPorts() ? "random" : "sequential").append(", timestamps: ")
            .append(f.timestamps()).append(", delay: \"").append(f.delay()).append("\" }\n");
      }
    }
    return y.toString();
  }

  /**
   * Loads {@link #toYaml()} with {@link ScenarioLoader}; a generated scenario is always valid, so a
   * loader error here is a bug of the generator or the loader (thrown as an {@link AssertionError}).
   */
  public Scenario scenario() {
    try {
      return ScenarioLoader.parse(name + ".yaml", toYaml(), name);
    } catch (ScenarioException e) {
      throw new AssertionError("the generated scenario is not valid:\n" + e.getMessage() + "\n" + toYaml(), e);
    }
  }

  /** The same scenario with one sysctl set (or replaced). */
  public GeneratedScenario withSysctl(String key, int value) {
    Map<String, Integer> s = new LinkedHashMap<>(sysctls);
    s.put(key, value);
    return new GeneratedScenario(name, seed, hz, durationMs, s, backlog, deferAcceptS, app, clients, floods, pins);
  }

  /** The value of a sysctl as this scenario runs it (the 2.6.32 default when not set). */
  public int sysctl(String key) {
    Integer v = sysctls.get(key);
    return v != null ? v : new org.listensim.kernel.Sysctls().get(org.listensim.kernel.Sysctl.byKey(key));
  }

  /** The same scenario without client populations (only the floods, if any). */
  public GeneratedScenario withoutClients() {
    return new GeneratedScenario(name, seed, hz, durationMs, sysctls, backlog, deferAcceptS, app, List.of(), floods,
        pins);
  }

  /** The same scenario with lossless paths. */
  public GeneratedScenario withoutLoss() {
    List<Clients> cs = new ArrayList<>();
    for (Clients c : clients) {
      cs.add(new Clients(c.name(), c.arrival(), c.count(), c.intervalMs(), c.ratePerS(), c.burstsMs(), c.thinkMs(),
          c.startMs(), c.stopMs(), c.from(), c.delay(), 0, 0, c.requestBytes(), c.timestamps()));
    }
    return new GeneratedScenario(name, seed, hz, durationMs, sysctls, backlog, deferAcceptS, app, cs, floods, pins);
  }

  /** The same scenario with another backlog and defer-accept. */
  public GeneratedScenario withListen(int newBacklog, int newDeferAcceptS) {
    return new GeneratedScenario(name, seed, hz, durationMs, sysctls, newBacklog, newDeferAcceptS, app, clients,
        floods, pins);
  }

  /**
   * Every time of the scenario (arrivals, stops, pauses, the duration) moved later by {@code shiftMs};
   * the application's accept() polls (rate mode) run from t = 0 whatever the shift, so they stay put.
   */
  public GeneratedScenario shiftedBy(long shiftMs) {
    List<long[]> pauses = new ArrayList<>();
    app.pausesMs().forEach(p -> pauses.add(new long[] {p[0] + shiftMs, p[1]}));
    App a = new App(app.mode(), app.ratePerS(), app.workers(), app.service(), pauses, app.replyBytes(),
        app.serverCloses());
    List<Clients> cs = new ArrayList<>();
    for (Clients c : clients) {
      List<Long> bursts = new ArrayList<>();
      c.burstsMs().forEach(t -> bursts.add(t + shiftMs));
      cs.add(new Clients(c.name(), c.arrival(), c.count(), c.intervalMs(), c.ratePerS(), bursts, c.thinkMs(),
          c.startMs() + shiftMs, c.stopMs() + shiftMs, c.from(), c.delay(), c.lossToServer(), c.lossFromServer(),
          c.requestBytes(), c.timestamps()));
    }
    List<Flood> fs = new ArrayList<>();
    for (Flood f : floods) {
      fs.add(new Flood(f.name(), f.ratePerS(), f.from(), f.startMs() + shiftMs, f.stopMs() + shiftMs, f.poisson(),
          f.randomPorts(), f.timestamps(), f.delay()));
    }
    return new GeneratedScenario(name, seed, hz, durationMs + shiftMs, sysctls, backlog, deferAcceptS, a, cs, fs,
        pins);
  }

  /** The YAML: what a failing property prints for its shrunk input. */
  @Override
  public String toString() {
    return "\n---\n" + toYaml() + "---";
  }
}
