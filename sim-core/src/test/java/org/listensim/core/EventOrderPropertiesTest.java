package org.listensim.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.listensim.core.ProgramRun.Check;
import org.listensim.core.ProgramRun.Firing;
import org.listensim.core.ProgramRun.State;

/**
 * Dispatch order and timer semantics over generated event programs (schedule, arm, re-arm, cancel,
 * advance, and the same from inside actions), judged against {@link ProgramRun}'s model.
 *
 * <p>On failure the message ends with the seed and the command that replays it, e.g. {@code mvn -B
 * -pl sim-core test -Dtest='EventOrderPropertiesTest#cancelledTimerNeverFires' -DQT_SEED=123}.
 */
class EventOrderPropertiesTest {
  /** Cases per property: each case interprets one or two whole programs. */
  private static final int PROGRAMS = 400;

  @Test
  void eventsDispatchInNonDecreasingTime(TestInfo test) {
    Theories.check(
        test,
        PROGRAMS,
        EventProgram.programs(),
        p -> {
          List<Firing> log = ProgramRun.straight(p).firings;
          for (int i = 1; i < log.size(); i++) {
            assertThat(log.get(i).time())
                .as("dispatch %d of %s", i, log)
                .isGreaterThanOrEqualTo(log.get(i - 1).time());
          }
        });
  }

  @Test
  void equalTimeEventsRunInTheOrderOfTheirLastArm(TestInfo test) {
    Theories.check(
        test,
        PROGRAMS,
        EventProgram.programs(),
        p -> {
          List<Firing> log = ProgramRun.straight(p).firings;
          for (int i = 1; i < log.size(); i++) {
            Firing a = log.get(i - 1);
            Firing b = log.get(i);
            if (a.time() == b.time() && a.state() == State.ARMED && b.state() == State.ARMED) {
              assertThat(b.armSeq())
                  .as("arm order at dispatches %d, %d of %s", i - 1, i, log)
                  .isGreaterThan(a.armSeq());
            }
          }
        });
  }

  /** The strong form of the two above: each dispatch is the least pending (time, last arm). */
  @Test
  void eachDispatchIsTheEarliestPendingTimer(TestInfo test) {
    Theories.check(
        test,
        PROGRAMS,
        EventProgram.programs(),
        p -> {
          List<Firing> log = ProgramRun.straight(p).firings;
          for (Firing f : log) {
            assertThat(f.timer()).as("dispatched %s in %s", f, log).isEqualTo(f.earliest());
          }
        });
  }

  @Test
  void cancelledTimerNeverFires(TestInfo test) {
    Theories.check(
        test,
        PROGRAMS,
        EventProgram.programs(),
        p -> {
          ProgramRun run = ProgramRun.straight(p);
          assertThat(run.firings).as("dispatches").noneMatch(f -> f.state() == State.CANCELLED);
          assertThat(run.violations(Check.CANCEL_RESULT)).as("cancel() results").isEmpty();
        });
  }

  /**
   * mod_timer: a pending timer that is armed again moves; it fires once, at the time of its last
   * arm.
   */
  @Test
  void rearmedTimerFiresOnceAtItsLastTime(TestInfo test) {
    Theories.check(
        test,
        PROGRAMS,
        EventProgram.programs(),
        p -> {
          ProgramRun run = ProgramRun.straight(p);
          for (Firing f : run.firings) {
            assertThat(f.state())
                .as("model state when %s fired; log %s", f, run.firings)
                .isEqualTo(State.ARMED);
            assertThat(f.time()).as("time of %s", f).isEqualTo(f.armedWhen());
          }
          assertThat(run.outstanding()).as("timers still armed after runUntilIdle()").isEmpty();
          assertThat(run.sim.eventsDispatched()).isEqualTo(run.firings.size());
        });
  }

  /**
   * isPending(), dueAt() and pendingEvents() agree with the model at every step, in actions too.
   */
  @Test
  void pendingStateMatchesTheModel(TestInfo test) {
    Theories.check(
        test,
        PROGRAMS,
        EventProgram.programs(),
        p -> {
          assertThat(ProgramRun.straight(p).violations(Check.PENDING)).isEmpty();
        });
  }

  /**
   * Setup's advance(+d) steps: runUntil sets the clock, leaves only later events, returns the right
   * status.
   */
  @Test
  void runUntilBetweenOperationsMatchesTheModel(TestInfo test) {
    Theories.check(
        test,
        PROGRAMS,
        EventProgram.programs(),
        p -> {
          assertThat(ProgramRun.straight(p).violations(Check.RUN_UNTIL)).isEmpty();
        });
  }

  /** armAt(t < now) and armAfter(negative) throw and leave the timer and the queue as they were. */
  @Test
  void armingInThePastIsRefusedAndChangesNothing(TestInfo test) {
    Theories.check(
        test,
        PROGRAMS,
        EventProgram.programs(),
        p -> {
          ProgramRun run = ProgramRun.straight(p);
          assertThat(run.violations(Check.PAST_ARM)).isEmpty();
          // A refused arm that touched the queue anyway shows as a pending-state or order breach.
          assertThat(run.violations(Check.PENDING)).isEmpty();
          assertThat(run.firings).allMatch(f -> f.timer() == f.earliest());
        });
  }

  /** Guards the generator: the cases the properties speak of do occur, often. */
  @Test
  void generatedProgramsExerciseTheInterestingCases() {
    int[] seen = new int[5];
    org.quicktheories.QuickTheory.qt()
        .withFixedSeed(1)
        .withExamples(300)
        .forAll(EventProgram.programs())
        .checkAssert(
            p -> {
              ProgramRun run = ProgramRun.straight(p);
              List<Firing> log = run.firings;
              seen[0] += run.selfRearms > 0 ? 1 : 0;
              seen[1] += run.pastArmsTried > 0 ? 1 : 0;
              seen[2] += p.setup().stream().anyMatch(op -> op.kind() == Op.Kind.CANCEL) ? 1 : 0;
              boolean tie = false;
              for (int i = 1; i < log.size(); i++) {
                tie |= log.get(i).time() == log.get(i - 1).time();
              }
              seen[3] += tie ? 1 : 0;
              seen[4] += log.size() >= 10 ? 1 : 0;
            });
    assertThat(java.util.Arrays.stream(seen).boxed().toList())
        .as("programs with self re-arms, past arms, cancels, ties, >= 10 dispatches")
        .allMatch(n -> n >= 50);
  }
}
