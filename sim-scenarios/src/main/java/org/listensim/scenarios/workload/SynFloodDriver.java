package org.listensim.scenarios.workload;

import java.util.function.LongSupplier;
import org.apache.commons.rng.UniformRandomProvider;
import org.listensim.core.Timer;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;

/**
 * A SYN-flood attacker that is no host: SYNs from random addresses of its spoofed pool, random or
 * sequential source ports (sequential: 1024, 1025, … 65535, 1024, …), random sequence numbers; with
 * timestamps they carry MSS 1460, SACK-permitted, TSval (the attacker's ms clock) and window scale 7,
 * else MSS 1460 only. They reach the server over the path {@code flood/<name>}; the server's answers to
 * the pool vanish. Streams: {@code flood/<name>/arrivals}, {@code /sources}, {@code net/flood/<name>/delay}.
 */
final class SynFloodDriver {
  private final Testbed bed;
  private final SynFlood flood;
  private final UniformRandomProvider arrivals;
  private final UniformRandomProvider sources;
  private int nextPort = 1024;
  private Timer timer;

  SynFloodDriver(Testbed bed, SynFlood flood) {
    this.bed = bed;
    this.flood = flood;
    this.arrivals = bed.sim.random().stream("flood/" + flood.name() + "/arrivals");
    this.sources = bed.sim.random().stream("flood/" + flood.name() + "/sources");
    String path = "flood/" + flood.name();
    LongSupplier delay = DistributionSampler.of(flood.delayNanos(), bed.sim.random().math3("net/" + path + "/delay"));
    bed.network.addPath(path, flood.from().base(), flood.from().prefixLength(), delay, 0, 0);
  }

  void start() {
    if (flood.ratePerSecond() <= 0 || flood.stop() <= flood.start()) {
      return;
    }
    timer = bed.sim.newTimer(this::fire);
    long first = flood.start() + (flood.poisson() ? gap() : 0);
    if (first < flood.stop()) {
      timer.armAt(first);
    }
  }

  private long gap() {
    double mean = 1e9 / flood.ratePerSecond();
    if (!flood.poisson()) {
      return Math.max(1, Math.round(mean));
    }
    return Math.max(1, Math.round(-Math.log(1.0 - arrivals.nextDouble()) * mean));
  }

  private void fire() {
    long size = flood.from().size();
    int saddr = flood.from().address(size == 1 ? 0 : sources.nextLong(size));
    int sport;
    if (flood.randomPorts()) {
      sport = 1024 + sources.nextInt(65536 - 1024);
    } else {
      sport = nextPort;
      nextPort = nextPort == 65535 ? 1024 : nextPort + 1;
    }
    TcpOptions o = TcpOptions.mss(1460);
    if (flood.timestamps()) {
      o = o.withSackOk(true).withTimestamp((int) (bed.sim.now() / 1_000_000L), 0).withWscale(7);
    }
    bed.network.send(new TcpSegment(saddr, sport, bed.serverAddress(), bed.listener.localPort(),
        sources.nextInt(), 0, TcpFlags.SYN, 5840, o, 0));
    long next = bed.sim.now() + gap();
    if (next < flood.stop()) {
      timer.armAt(next);
    }
  }
}
