package org.listensim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * The queue against a reference, a sorted map from (time, sequence) to timer: after every insert,
 * re-key, removal or pop, both agree on the size and on the next timer. Times mix the tiny (ties),
 * the middling (within the default outer wheel's 8.4 ms), the huge and the very end of time, so that
 * the near heap, the wheel, the outer wheel, the far heap, re-anchoring and re-bucketing all take
 * part; the tiny queue shape adapts at every bucket move.
 *
 * <p>On failure the message ends with the seed and the replay command, e.g. {@code mvn -B -pl
 * sim-core test -Dtest='EventQueuePropertiesTest#queueAgreesWithASortedMap' -DQT_SEED=123}.
 */
class EventQueuePropertiesTest {

  enum Kind {
    INSERT,
    REKEY,
    REMOVE,
    POP
  }

  record QOp(Kind kind, int timer, long time) {
    @Override
    public String toString() {
      return kind + "(t" + timer + (kind == Kind.INSERT || kind == Kind.REKEY ? "," + time : "") + ")";
    }
  }

  enum Shape {
    DEFAULT,
    TINY
  }

  record Case(Shape shape, List<QOp> ops) {}

  record Key(long when, long seq) implements Comparable<Key> {
    @Override
    public int compareTo(Key o) {
      int c = Long.compare(when, o.when);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }

  static Gen<Long> times() {
    return Generate.frequency(
        List.of(
            Pair.of(4, longs().between(0, 16)),
            Pair.of(3, longs().between(0, 5_000)),
            Pair.of(2, longs().between(0, 10_000_000)),
            Pair.of(2, longs().between(0, 1L << 40)),
            Pair.of(1, longs().between(Long.MAX_VALUE - 5_000, Long.MAX_VALUE))));
  }

  static Gen<QOp> ops() {
    Gen<Integer> timers = integers().between(0, 40);
    return Generate.frequency(
        List.of(
            Pair.of(5, timers.zip(times(), (t, w) -> new QOp(Kind.INSERT, t, w))),
            Pair.of(3, timers.zip(times(), (t, w) -> new QOp(Kind.REKEY, t, w))),
            Pair.of(2, timers.map(t -> new QOp(Kind.REMOVE, t, 0))),
            Pair.of(4, timers.map(t -> new QOp(Kind.POP, t, 0)))));
  }

  static EventQueue queue(Shape shape) {
    return shape == Shape.TINY ? new EventQueue(64, 1, 1) : new EventQueue();
  }

  @Test
  void queueAgreesWithASortedMap(TestInfo test) {
    Gen<Case> cases = Generate.enumValues(Shape.class).zip(lists().of(ops()).ofSizeBetween(0, 300), Case::new);
    Theories.check(test, 500, cases, c -> {
      Simulator owner = new Simulator(0);
      List<Timer> timers = new ArrayList<>();
      for (int i = 0; i <= 40; i++) {
        timers.add(owner.newTimer(() -> {}));
      }
      EventQueue q = queue(c.shape());
      TreeMap<Key, Integer> ref = new TreeMap<>();
      Key[] keyOf = new Key[timers.size()];
      long seq = 0;
      int step = 0;
      for (QOp op : c.ops()) {
        Timer t = timers.get(op.timer());
        Key old = keyOf[op.timer()];
        switch (op.kind()) {
          case INSERT, REKEY -> {
            Key k = new Key(op.time(), seq++);
            if (old == null) {
              q.insert(t, k.when(), k.seq());
            } else {
              q.update(t, k.when(), k.seq());
              ref.remove(old);
            }
            ref.put(k, op.timer());
            keyOf[op.timer()] = k;
          }
          case REMOVE -> {
            if (old != null) {
              q.remove(t);
              ref.remove(old);
              keyOf[op.timer()] = null;
            }
          }
          case POP -> {
            if (!ref.isEmpty()) {
              Map.Entry<Key, Integer> first = ref.pollFirstEntry();
              assertThat(q.peek()).as("step %d: next timer", step).isSameAs(timers.get(first.getValue()));
              q.remove(q.peek());
              keyOf[first.getValue()] = null;
            }
          }
        }
        step++;
        assertThat(q.size()).as("step %d (%s): size", step, op).isEqualTo(ref.size());
        if (ref.isEmpty()) {
          assertThat((q.size() == 0)).isTrue();
        } else {
          assertThat(q.peekWhen()).as("step %d (%s): next time", step, op).isEqualTo(ref.firstKey().when());
          assertThat(q.peek()).as("step %d (%s): next timer", step, op).isSameAs(timers.get(ref.firstEntry().getValue()));
        }
        for (int i = 0; i < timers.size(); i++) {
          assertThat(timers.get(i).index >= 0).as("step %d: t%d queued", step, i).isEqualTo(keyOf[i] != null);
        }
      }
      // Drain: everything comes out in order.
      while (!ref.isEmpty()) {
        Map.Entry<Key, Integer> first = ref.pollFirstEntry();
        assertThat(q.peekWhen()).isEqualTo(first.getKey().when());
        assertThat(q.peek()).isSameAs(timers.get(first.getValue()));
        q.remove(q.peek());
      }
      assertThat((q.size() == 0)).isTrue();
    });
  }

  /** Many timers in a hold pattern: the wheel adapts (width and buckets) and order stays exact. */
  @Test
  void holdPatternStaysInOrderWhileTheWheelAdapts(TestInfo test) {
    Gen<Long> means = Generate.pick(List.of(1L, 100L, 10_000L, 1_000_000_000L));
    Theories.check(test, 20, means.zip(integers().between(1, 5_000), longs().all(), Hold::new), h -> {
      for (Shape shape : Shape.values()) {
        Simulator owner = new Simulator(0);
        EventQueue q = queue(shape);
        java.util.SplittableRandom rng = new java.util.SplittableRandom(h.seed());
        TreeMap<Key, Timer> ref = new TreeMap<>();
        long seq = 0;
        for (int i = 0; i < h.pending(); i++) {
          Timer t = owner.newTimer(() -> {});
          Key k = new Key(rng.nextLong(h.mean() * 4 + 1), seq++);
          q.insert(t, k.when(), k.seq());
          ref.put(k, t);
        }
        for (int i = 0; i < 20_000; i++) {
          Map.Entry<Key, Timer> first = ref.pollFirstEntry();
          assertThat(q.peekWhen()).as("event %d", i).isEqualTo(first.getKey().when());
          assertThat(q.peek()).as("event %d", i).isSameAs(first.getValue());
          Key k = new Key(first.getKey().when() + (long) (-Math.log(1 - rng.nextDouble()) * h.mean()), seq++);
          q.update(first.getValue(), k.when(), k.seq());
          ref.put(k, first.getValue());
        }
        assertThat(q.size()).isEqualTo(h.pending());
      }
    });
  }

  record Hold(long mean, int pending, long seed) {}
}
