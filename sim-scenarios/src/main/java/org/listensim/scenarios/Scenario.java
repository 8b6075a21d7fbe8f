package org.listensim.scenarios;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.Sysctls;
import org.listensim.scenarios.workload.ClientPopulation;
import org.listensim.scenarios.workload.ServerApp;
import org.listensim.scenarios.workload.SynFlood;

/**
 * One complete, valid scenario: what {@code listensim run} simulates. Built by {@link ScenarioLoader}
 * from YAML or by {@link #builder} in Java; either way the same checks apply.
 *
 * @param name short name (file stem by default)
 * @param description free text, optional (empty)
 * @param seed the run's seed; every random stream derives from it
 * @param hz the kernel's HZ: 100, 250, 300 or 1000
 * @param durationNanos how long the run lasts, in simulated nanoseconds (&gt; 0)
 * @param sysctls values that differ from the 2.6.32 defaults, by sysctl (iteration in enum order)
 * @param pins pinned kernel random values
 * @param server the listening socket
 * @param app the server application
 * @param clients client populations (unique names)
 * @param floods SYN-flood attackers (unique names, distinct from the clients')
 * @param script a packetdrill script run against the server instead of workloads (docs/packetdrill.md),
 *     or null
 */
public record Scenario(
    String name,
    String description,
    long seed,
    int hz,
    long durationNanos,
    Map<Sysctl, Integer> sysctls,
    KernelPins pins,
    ServerConfig server,
    ServerApp app,
    List<ClientPopulation> clients,
    List<SynFlood> floods,
    String script) {

  /** A scenario driven by workloads (no script). */
  public Scenario(String name, String description, long seed, int hz, long durationNanos, Map<Sysctl, Integer> sysctls,
      KernelPins pins, ServerConfig server, ServerApp app, List<ClientPopulation> clients, List<SynFlood> floods) {
    this(name, description, seed, hz, durationNanos, sysctls, pins, server, app, clients, floods, null);
  }

  public Scenario {
    Objects.requireNonNull(name, "name");
    description = description == null ? "" : description;
    boolean hzOk = false;
    for (int h : KernelClock.SUPPORTED_HZ) {
      hzOk |= h == hz;
    }
    if (!hzOk) {
      throw new IllegalArgumentException("hz must be one of 100, 250, 300, 1000: " + hz);
    }
    if (durationNanos <= 0) {
      throw new IllegalArgumentException("duration must be positive: " + durationNanos + " ns");
    }
    EnumMap<Sysctl, Integer> s = new EnumMap<>(Sysctl.class);
    s.putAll(sysctls);
    sysctls = java.util.Collections.unmodifiableMap(s);
    pins = pins == null ? KernelPins.NONE : pins;
    Objects.requireNonNull(server, "server");
    Objects.requireNonNull(app, "app");
    clients = List.copyOf(clients);
    floods = List.copyOf(floods);
    Set<String> names = new LinkedHashSet<>();
    for (ClientPopulation c : clients) {
      if (!names.add(c.name())) {
        throw new IllegalArgumentException("duplicate population name: " + c.name());
      }
    }
    for (SynFlood f : floods) {
      if (!names.add(f.name())) {
        throw new IllegalArgumentException("duplicate population name: " + f.name());
      }
    }
  }

  /** The server's sysctls: 2.6.32 defaults with this scenario's values written over them. */
  public Sysctls kernelSysctls() {
    Sysctls s = new Sysctls();
    sysctls.forEach(s::set);
    return s;
  }

  /** The same scenario with another seed (for {@code --seed}). */
  public Scenario withSeed(long newSeed) {
    return new Scenario(name, description, newSeed, hz, durationNanos, sysctls, pins, server, app, clients, floods,
        script);
  }

  /** The same scenario ending at another time (for {@code --until}). */
  public Scenario withDuration(long nanos) {
    return new Scenario(name, description, seed, hz, nanos, sysctls, pins, server, app, clients, floods, script);
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Builds a scenario in Java, with the YAML format's defaults. */
  public static final class Builder {
    private final String name;
    private String description = "";
    private long seed = 1;
    private int hz = 1000;
    private long durationNanos = -1;
    private final Map<Sysctl, Integer> sysctls = new EnumMap<>(Sysctl.class);
    private KernelPins pins = KernelPins.NONE;
    private ServerConfig server;
    private ServerApp app = ScenarioDefaults.APP;
    private final List<ClientPopulation> clients = new ArrayList<>();
    private final List<SynFlood> floods = new ArrayList<>();

    private Builder(String name) {
      this.name = name;
      this.server = new ServerConfig(ScenarioDefaults.SERVER_ADDRESS, ScenarioDefaults.SERVER_PORT,
          ScenarioDefaults.BACKLOG, 0);
    }

    public Builder description(String d) {
      this.description = d;
      return this;
    }

    public Builder seed(long s) {
      this.seed = s;
      return this;
    }

    public Builder hz(int h) {
      this.hz = h;
      return this;
    }

    public Builder duration(long nanos) {
      this.durationNanos = nanos;
      return this;
    }

    /** A sysctl by its /proc/sys name; throws as {@link Sysctls#set(String, long)} does. */
    public Builder sysctl(String key, long value) {
      new Sysctls().set(key, value); // validates name and C-int range
      sysctls.put(Sysctl.byKey(key), (int) value);
      return this;
    }

    public Builder sysctl(Sysctl s, int value) {
      sysctls.put(s, value);
      return this;
    }

    public Builder pins(KernelPins p) {
      this.pins = p;
      return this;
    }

    public Builder server(ServerConfig s) {
      this.server = s;
      return this;
    }

    public Builder app(ServerApp a) {
      this.app = a;
      return this;
    }

    public Builder client(ClientPopulation c) {
      clients.add(c);
      return this;
    }

    public Builder flood(SynFlood f) {
      floods.add(f);
      return this;
    }

    public Scenario build() {
      return new Scenario(name, description, seed, hz, durationNanos, sysctls, pins, server, app, clients, floods);
    }
  }
}
