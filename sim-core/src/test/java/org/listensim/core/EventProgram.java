package org.listensim.core;

import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import org.listensim.core.Op.Kind;
import org.quicktheories.api.Pair;
import org.quicktheories.core.Gen;
import org.quicktheories.generators.Generate;

/**
 * A generated event program: {@code timers} unarmed timers, {@code setup} operations run in order
 * at the start (ADVANCE runs the clock between them), and reactions: whenever timer i fires its
 * action runs {@code reactions.get(i % reactions.size())}. {@link ProgramRun} interprets it.
 */
record EventProgram(int timers, List<Op> setup, List<List<Op>> reactions, boolean tinyQueue) {

  /** Mostly tiny delays, so that many events share a time and the sequence order decides. */
  private static Gen<Long> delays() {
    return Generate.frequency(
        List.of(Pair.of(4, longs().between(0, 3)), Pair.of(1, longs().between(0, 1_000))));
  }

  private static Gen<Op> op(Kind kind, Gen<Long> amounts) {
    return integers().between(0, 15).zip(amounts, (target, amount) -> new Op(kind, target, amount));
  }

  private static Gen<Op> setupOps() {
    return Generate.frequency(
        List.of(
            Pair.of(6, op(Kind.ARM, delays())),
            Pair.of(2, op(Kind.CANCEL, Generate.constant(0L))),
            Pair.of(2, op(Kind.SCHEDULE, delays())),
            Pair.of(1, op(Kind.PAST_ARM, longs().between(1, 5))),
            Pair.of(1, op(Kind.ADVANCE, longs().between(0, 20)))));
  }

  private static Gen<Op> reactionOps() {
    return Generate.frequency(
        List.of(
            Pair.of(2, op(Kind.ARM, delays())),
            Pair.of(3, op(Kind.SELF_ARM, delays())),
            Pair.of(2, op(Kind.CANCEL, Generate.constant(0L))),
            Pair.of(1, op(Kind.SELF_CANCEL, Generate.constant(0L))),
            Pair.of(1, op(Kind.SCHEDULE, delays())),
            Pair.of(1, op(Kind.PAST_ARM, longs().between(1, 5)))));
  }

  static Gen<EventProgram> programs() {
    return integers()
        .between(1, 6)
        .zip(
            lists().of(setupOps()).ofSizeBetween(0, 40),
            lists().of(lists().of(reactionOps()).ofSizeBetween(0, 3)).ofSizeBetween(1, 4),
            booleans().all(),
            EventProgram::new);
  }
}
