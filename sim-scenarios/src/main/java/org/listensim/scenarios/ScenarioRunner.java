package org.listensim.scenarios;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.listensim.core.Simulator;
import org.listensim.core.trace.DigestTraceSink;
import org.listensim.core.trace.JsonLinesTraceSink;
import org.listensim.core.trace.TraceSink;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.KernelTrace;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;
import org.listensim.kernel.ipv4.Host;
import org.listensim.kernel.ipv4.ListenSock;
import org.listensim.kernel.ipv4.TcpSock;
import org.listensim.kernel.syncookies.SyncookieSecret;
import org.listensim.scenarios.workload.Outcome;

/**
 * Runs a {@link Scenario}: one simulator (seeded, tracing to a SHA-256 digest and optionally to JSON
 * Lines), one 2.6.32 server host with the scenario's sysctls and pins, its listening socket, and the
 * workload (see {@link WorkloadWiring}); returns a {@link RunResult}. A run is a pure function of the
 * scenario and the seed: no wall clock, no threads.
 */
public final class ScenarioRunner {
  /** The server host's name; it prefixes its random streams ({@code server/hash_rnd}, ...). */
  public static final String SERVER_HOST = "server";

  /** Progress is reported at most this many times per run. */
  private static final int PROGRESS_STEPS = 200;

  private ScenarioRunner() {}

  public static RunResult run(Scenario scenario) {
    return run(scenario, RunOptions.DEFAULT);
  }

  public static RunResult run(Scenario scenario, RunOptions options) {
    return run(scenario, options, EventObserver.NONE);
  }

  /**
   * Runs with an event observer that sees every trace record and the server's state (for tests that check
   * invariants at every event); the observer does not change the run.
   */
  public static RunResult run(Scenario scenario, RunOptions options, EventObserver events) {
    Scenario s = options.seed() == null ? scenario : scenario.withSeed(options.seed());
    long end = options.untilNanos() == null ? s.durationNanos() : options.untilNanos();
    DigestTraceSink digest = new DigestTraceSink();
    JsonLinesTraceSink lines = options.trace() == null ? null : new JsonLinesTraceSink(options.trace());
    if (lines != null && options.header() != null) {
      TraceHeader h = options.header();
      lines.accept(0, new TraceHeader(h.version(), h.file(), s.seed(), end, h.scenarioText()));
    }
    TraceSink sink = lines == null ? digest : TraceSink.tee(digest, lines);
    boolean[] observing = {false};
    if (events != EventObserver.NONE) {
      sink = TraceSink.tee(sink, (time, record) -> {
        if (observing[0]) {
          events.record(time, record);
        }
      });
    }
    RunObserver observer = options.observer();
    if (observer != null) {
      sink = TraceSink.tee(sink, segmentTap(observer));
    }
    Simulator sim = new Simulator(s.seed(), sink);
    KernelClock clock = KernelClock.atBoot(sim, s.hz());

    List<RunResult.EmittedSegment> emitted = new ArrayList<>();
    WorkloadWiring.Forward toNetwork = new WorkloadWiring.Forward();
    Host server = new Host(SERVER_HOST, clock, s.kernelSysctls(), seg -> {
      emitted.add(emitted(sim.now(), clock.jiffies(), seg));
      toNetwork.transmit(seg);
    });
    pin(server, s.pins());
    TcpSock listener = server.socket();
    server.bind(listener, s.server().address(), s.server().port());
    int rc = server.listen(listener, s.server().backlog());
    if (rc != 0) {
      throw new ScenarioRunException("listen(fd, " + s.server().backlog() + ") failed: "
          + errnoName(-rc) + " (a SYN table of more than 2^24 entries is refused)");
    }
    if (s.server().deferAcceptSeconds() > 0) {
      server.setDeferAccept(listener, s.server().deferAcceptSeconds());
    }
    events.started(sim, server, listener);
    observing[0] = true;
    List<String> notes = new ArrayList<>();
    WorkloadWiring.Attached workload = WorkloadWiring.attach(sim, server, listener, s, toNetwork, notes);

    RunProbe probe = observer == null ? null : probe(server, listener, workload);
    long interval = observer == null ? 0 : observer.sampleIntervalNanos();
    if (options.progress() == null && interval <= 0) {
      sim.runUntil(end);
    } else {
      // Run in chunks: to each progress step and each sample instant. Chunks change nothing the run
      // decides (runUntil only stops between events).
      long step = options.progress() == null ? Long.MAX_VALUE : Math.max(1, end / PROGRESS_STEPS);
      long nextStep = options.progress() == null ? Long.MAX_VALUE : Math.min(end, step);
      long nextSample = interval > 0 ? 0 : Long.MAX_VALUE;
      while (true) {
        long t = Math.min(end, Math.min(nextStep, nextSample));
        sim.runUntil(t);
        if (t == nextSample) {
          observer.sample(t, probe);
          nextSample = t + interval > end ? Long.MAX_VALUE : t + interval;
        }
        if (t == nextStep) {
          options.progress().at(t, end);
          nextStep = t == end ? Long.MAX_VALUE : Math.min(end, t + step);
        }
        if (t == end) {
          if (interval > 0 && (end % interval) != 0) {
            observer.sample(end, probe);
          }
          break;
        }
      }
    }
    WorkloadWiring.Outcomes outcomes = workload.finish();
    try {
      sink.close();
    } catch (Exception e) {
      throw new IllegalStateException("closing the trace failed: " + e.getMessage(), e);
    }

    Map<MibCounter, Long> counters = new EnumMap<>(MibCounter.class);
    for (MibCounter c : MibCounter.values()) {
      counters.put(c, server.mib().get(c));
    }
    Map<SimCounter, Long> simCounters = new EnumMap<>(SimCounter.class);
    for (SimCounter c : SimCounter.values()) {
      simCounters.put(c, server.mib().get(c));
    }
    RunResult result = new RunResult(s.name(), s.seed(), s.hz(), sim.now(), clock.jiffies(), digest.hex(),
        digest.records(), counters, simCounters, view(listener), outcomes.accepted(), outcomes.populations(),
        outcomes.connectLatency(), outcomes.timeToAccept(), emitted, notes);
    if (observer != null) {
      observer.finished(result, probe);
    }
    events.finished(result);
    return result;
  }

  /** Hands the server's seg-in and seg-out trace records to the observer. */
  private static TraceSink segmentTap(RunObserver observer) {
    return (time, record) -> {
      if (record instanceof KernelTrace.Segment seg && SERVER_HOST.equals(seg.host())) {
        observer.segment(time, "seg-in".equals(seg.type()), seg.seg());
      }
    };
  }

  private static RunProbe probe(Host server, TcpSock listener, WorkloadWiring.Attached workload) {
    return new RunProbe() {
      @Override
      public RunResult.ListenerView listener() {
        return view(listener);
      }

      @Override
      public long counter(MibCounter c) {
        return server.mib().get(c);
      }

      @Override
      public long simCounter(SimCounter c) {
        return server.mib().get(c);
      }

      @Override
      public long attempts() {
        org.listensim.scenarios.workload.Outcomes o = workload.live();
        long n = 0;
        for (String p : o.populations()) {
          n += o.attempts(p);
        }
        return n;
      }

      @Override
      public long outcome(Outcome o) {
        if (o == Outcome.PENDING) {
          long decided = 0;
          for (Outcome x : Outcome.values()) {
            if (x != Outcome.PENDING) {
              decided += workload.live().count(x);
            }
          }
          return attempts() - decided;
        }
        return workload.live().count(o);
      }

      @Override
      public org.HdrHistogram.Histogram connectLatencyNanos() {
        return workload.live().connectLatencyNanos().copy();
      }
    };
  }

  private static void pin(Host server, KernelPins pins) {
    if (pins.synqHashRnd() != null) {
      server.pinHashRnd((int) (long) pins.synqHashRnd());
    }
    if (pins.syncookieSecretWords() != null) {
      server.syncookies().pinSecret(new SyncookieSecret(words(pins.syncookieSecretWords().get(0)),
          words(pins.syncookieSecretWords().get(1))));
    } else if (pins.syncookieSecretSeed() != null) {
      server.syncookies().pinSecret(SyncookieSecret.fromSeed(pins.syncookieSecretSeed()));
    }
    if (pins.isnFirst() != null) {
      long first = pins.isnFirst();
      long inc = pins.isnIncrement();
      long[] k = {0};
      server.setIsnSource((saddr, daddr, sport, dport) -> (int) (first + inc * k[0]++));
    }
  }

  private static int[] words(List<Long> ws) {
    int[] out = new int[ws.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = (int) (long) ws.get(i);
    }
    return out;
  }

  private static String errnoName(int errno) {
    for (org.listensim.kernel.ipv4.Errno e : org.listensim.kernel.ipv4.Errno.values()) {
      if (e.number() == errno) {
        return e.name() + " (" + e.message() + ")";
      }
    }
    return "errno " + errno;
  }

  static RunResult.ListenerView view(TcpSock l) {
    ListenSock lopt = l.listenOpt();
    return new RunResult.ListenerView(
        Ipv4.format(l.localAddress(), l.localPort()),
        l.state().name(),
        l.ackBacklog(),
        l.maxAckBacklog(),
        lopt == null ? 0 : lopt.qlen(),
        lopt == null ? 0 : lopt.qlenYoung(),
        lopt == null ? 0 : lopt.nrTableEntries(),
        lopt == null ? 0 : lopt.maxQlenLog());
  }

  static RunResult.EmittedSegment emitted(long now, long jiffies, TcpSegment seg) {
    TcpOptions o = seg.options();
    return new RunResult.EmittedSegment(now, jiffies, Ipv4.format(seg.saddr(), seg.sport()),
        Ipv4.format(seg.daddr(), seg.dport()), TcpFlags.letters(seg.flags()),
        Integer.toUnsignedLong(seg.seq()), Integer.toUnsignedLong(seg.ack()), seg.window(), seg.payloadLength(),
        o.mss(), o.wscale(), o.sackOk(), o.timestamp(),
        Integer.toUnsignedLong(o.tsval()), Integer.toUnsignedLong(o.tsecr()));
  }

  /** Percentiles of an HdrHistogram of nanoseconds. */
  public static RunResult.Percentiles percentiles(org.HdrHistogram.Histogram h) {
    if (h == null || h.getTotalCount() == 0) {
      return RunResult.Percentiles.EMPTY;
    }
    return new RunResult.Percentiles(h.getTotalCount(), h.getMinValue(), h.getValueAtPercentile(50),
        h.getValueAtPercentile(90), h.getValueAtPercentile(99), h.getValueAtPercentile(99.9), h.getMaxValue());
  }
}
