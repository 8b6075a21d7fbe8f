package org.listensim.bench;

import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import org.apache.commons.math3.distribution.ExponentialDistribution;
import org.listensim.core.RunStatus;
import org.listensim.core.Simulator;
import org.listensim.core.Timer;
import org.listensim.core.random.RandomStreams;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;

/**
 * The classic hold model: {@code pending} events are always pending; one operation takes the
 * earliest and schedules one new event at its time plus an exponential increment (mean 1 µs). The
 * score is events per second.
 *
 * <p>{@link #simulator} runs it on sim-core the allocation-free way a model would: each of the
 * {@code pending} timers re-arms itself from its own action. {@link #priorityQueue} is the baseline:
 * {@code java.util.PriorityQueue} of (time, sequence) events, poll then offer, reusing the polled
 * object so neither side allocates per event.
 *
 * <p>Both draw increments from the same pre-generated array of exponential samples (ns, rounded),
 * walked in the same order, so the cost measured is the event queue and not the random number
 * generator (an inline exponential draw, a logarithm, would be a sizable share of an event). The state
 * persists across iterations: warm-up also brings the queue to its steady state.
 *
 * <p>Run: {@code java -jar sim-bench/target/benchmarks.jar HoldModel -f 1 -wi 3 -i 5 -w 1s -r 1s}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class HoldModelBenchmark {
  /** Events per benchmark invocation; the score is divided by it, so it reads as events/s. */
  static final int BATCH = 1 << 16;

  /** 65,536 samples (512 KB): enough variety, small enough not to crowd the queue out of cache. */
  private static final int SAMPLES = 1 << 16;

  @Param({"1000", "100000"})
  int pending;

  /**
   * Mean increment in ns. At 1 µs with 100,000 pending, about 100 events share each nanosecond near
   * the front of the queue, so ties (settled by sequence) are common, as they are for jiffy-aligned
   * kernel timers; {@code -p meanNanos=1000000} gives the nearly tie-free classic model.
   */
  @Param({"1000"})
  long meanNanos;

  long[] increments;
  int next;

  Simulator sim;
  int remaining;

  PriorityQueue<Event> queue;
  long seq;

  /** Builds only the side being measured, so the other's objects do not sit in the heap. */
  @Setup(Level.Trial)
  public void setUp(BenchmarkParams params) {
    setUp(params.getBenchmark().endsWith(".simulator"));
  }

  void setUp(boolean simulator) {
    increments = increments(SAMPLES, meanNanos);
    next = 0;
    if (simulator) {
      sim = new Simulator(1);
      for (int i = 0; i < pending; i++) {
        HoldAction a = new HoldAction(this);
        a.timer = sim.newTimer(a);
        a.timer.armAt(increment());
      }
    } else {
      queue = new PriorityQueue<>(pending);
      for (int i = 0; i < pending; i++) {
        queue.add(new Event(increment(), seq++));
      }
    }
  }

  /** Exponential samples (ns), from a named stream so every trial uses the same ones. */
  static long[] increments(int n, double mean) {
    ExponentialDistribution exp =
        new ExponentialDistribution(new RandomStreams(2026).math3("hold-increments"), mean);
    long[] out = new long[n];
    for (int i = 0; i < n; i++) {
      out[i] = Math.round(exp.sample());
    }
    return out;
  }

  long increment() {
    long d = increments[next];
    next = (next + 1) & (SAMPLES - 1);
    return d;
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long simulator() {
    remaining = BATCH;
    if (sim.runUntilIdle() != RunStatus.STOPPED) {
      throw new IllegalStateException("the hold model never goes idle");
    }
    return sim.now();
  }

  @Benchmark
  @OperationsPerInvocation(BATCH)
  public long priorityQueue() {
    PriorityQueue<Event> q = queue;
    long now = 0;
    for (int i = 0; i < BATCH; i++) {
      Event e = q.poll();
      now = e.time;
      e.time = now + increment();
      e.seq = seq++;
      q.offer(e);
    }
    return now;
  }

  /** A timer's action: re-arm at now + increment; after BATCH events, end the invocation. */
  static final class HoldAction implements Runnable {
    private final HoldModelBenchmark bench;
    Timer timer;

    HoldAction(HoldModelBenchmark bench) {
      this.bench = bench;
    }

    @Override
    public void run() {
      HoldModelBenchmark b = bench;
      timer.armAfter(b.increment());
      if (--b.remaining == 0) {
        b.sim.stop();
      }
    }
  }

  /** The baseline's event: ordered by (time, sequence), as sim-core orders its timers. */
  static final class Event implements Comparable<Event> {
    long time;
    long seq;

    Event(long time, long seq) {
      this.time = time;
      this.seq = seq;
    }

    @Override
    public int compareTo(Event o) {
      int c = Long.compare(time, o.time);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
