package org.listensim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.core.trace.TraceRecord;

class SimulatorTest {
  private final Simulator sim = new Simulator(1);
  private final List<String> log = new ArrayList<>();

  private Runnable note(String what) {
    return () -> log.add(what + "@" + sim.now());
  }

  @Test
  void equalTimesRunInSchedulingOrderAndLaterTimesAfter() {
    sim.scheduleAt(20, note("c"));
    sim.scheduleAt(10, note("a"));
    sim.scheduleAt(10, note("b"));
    sim.schedule(0, note("zero"));
    assertThat(sim.runUntilIdle()).isEqualTo(RunStatus.IDLE);
    assertThat(log).containsExactly("zero@0", "a@10", "b@10", "c@20");
  }

  @Test
  void eventScheduledForNowFromAnActionRunsAfterThoseAlreadyDue() {
    sim.scheduleAt(
        5,
        () -> {
          note("first").run();
          sim.schedule(0, note("spawned"));
        });
    sim.scheduleAt(5, note("second"));
    sim.runUntilIdle();
    assertThat(log).containsExactly("first@5", "second@5", "spawned@5");
  }

  @Test
  void runUntilRunsEventsAtTheEndTimeAndSetsTheClock() {
    sim.scheduleAt(10, note("a"));
    sim.scheduleAt(11, note("b"));
    sim.scheduleAt(30, note("c"));
    assertThat(sim.runUntil(10)).isEqualTo(RunStatus.TIME_REACHED);
    assertThat(log).containsExactly("a@10");
    assertThat(sim.now()).isEqualTo(10);
    assertThat(sim.runUntil(10)).as("again: nothing more is due").isEqualTo(RunStatus.TIME_REACHED);
    assertThat(sim.runUntil(25)).isEqualTo(RunStatus.TIME_REACHED);
    assertThat(log).containsExactly("a@10", "b@11");
    assertThat(sim.now())
        .as("the clock goes to the end time though no event is there")
        .isEqualTo(25);
    assertThat(sim.runUntil(100)).isEqualTo(RunStatus.IDLE);
    assertThat(log).containsExactly("a@10", "b@11", "c@30");
    assertThat(sim.now()).as("the clock goes to the end time even when idle").isEqualTo(100);
  }

  @Test
  void runUntilWithNothingScheduledMovesTheClock() {
    assertThat(sim.runUntil(100)).isEqualTo(RunStatus.IDLE);
    assertThat(sim.now()).isEqualTo(100);
  }

  @Test
  void runUntilIdleLeavesTheClockAtTheLastEvent() {
    sim.scheduleAt(7, note("a"));
    assertThat(sim.runUntilIdle()).isEqualTo(RunStatus.IDLE);
    assertThat(sim.now()).isEqualTo(7);
    assertThat(sim.runUntilIdle()).as("nothing left").isEqualTo(RunStatus.IDLE);
    assertThat(sim.now()).isEqualTo(7);
  }

  @Test
  void stopEndsTheRunAfterTheCurrentEventOnly() {
    sim.scheduleAt(
        1,
        () -> {
          note("a").run();
          sim.stop();
        });
    sim.scheduleAt(1, note("b"));
    assertThat(sim.runUntil(50)).isEqualTo(RunStatus.STOPPED);
    assertThat(log).containsExactly("a@1");
    assertThat(sim.now()).as("a stopped runUntil does not jump to its end time").isEqualTo(1);
    assertThat(sim.runUntil(50)).isEqualTo(RunStatus.IDLE);
    assertThat(log).containsExactly("a@1", "b@1");
  }

  @Test
  void stopOutsideARunDoesNotCutTheNextRun() {
    sim.scheduleAt(1, note("a"));
    sim.scheduleAt(2, note("b"));
    sim.stop();
    assertThat(sim.runUntilIdle()).isEqualTo(RunStatus.IDLE);
    assertThat(log).containsExactly("a@1", "b@2");
  }

  @Test
  void eventLimitNamesTheLimitAndTheTimeOfTheEventNotRun() {
    // A model that never goes idle: the timer re-arms itself every 2.5 ms.
    Timer[] self = new Timer[1];
    self[0] = sim.newTimer(() -> self[0].armAfter(SimTime.micros(2_500)));
    self[0].armAt(0);
    sim.setEventLimit(3);
    assertThatThrownBy(sim::runUntilIdle)
        .isInstanceOf(EventLimitExceededException.class)
        .hasMessage(
            "event limit of 3 events reached at simulated time 0.0075s; the run was stopped before"
                + " the next event")
        .satisfies(
            e -> {
              assertThat(((EventLimitExceededException) e).limit()).isEqualTo(3);
              assertThat(((EventLimitExceededException) e).time()).isEqualTo(7_500_000L);
            });
    assertThat(sim.eventsDispatched()).isEqualTo(3);
    assertThat(sim.now()).isEqualTo(5_000_000L);
    assertThat(self[0].isPending()).isTrue();
  }

  @Test
  void eventLimitMustBePositive() {
    assertThatThrownBy(() -> sim.setEventLimit(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("event limit must be positive: 0");
  }

  @Test
  void armingInThePastIsRefused() {
    sim.scheduleAt(10, () -> {});
    sim.runUntilIdle();
    Timer t = sim.newTimer(() -> {});
    assertThatThrownBy(() -> t.armAt(9))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("cannot arm a timer in the past: 0.000000009s < now 0.00000001s");
    assertThatThrownBy(() -> sim.scheduleAt(3, () -> {}))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> sim.schedule(-1, () -> {})).hasMessage("negative delay: -1");
    assertThat(sim.pendingEvents()).isZero();
  }

  @Test
  void armingAtNowIsAllowed() {
    sim.scheduleAt(10, () -> {});
    sim.runUntilIdle();
    sim.scheduleAt(10, note("now"));
    sim.runUntilIdle();
    assertThat(log).containsExactly("now@10");
  }

  @Test
  void armAfterOverflowIsRefused() {
    sim.scheduleAt(10, () -> {});
    sim.runUntilIdle();
    assertThatThrownBy(() -> sim.schedule(Long.MAX_VALUE, () -> {}))
        .isInstanceOf(ArithmeticException.class);
    assertThat(sim.pendingEvents()).isZero();
  }

  @Test
  void nullsAreRefused() {
    assertThatThrownBy(() -> sim.newTimer(null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("action");
    assertThatThrownBy(() -> new Simulator(1, null))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("trace");
  }

  @Test
  void traceStampsRecordsWithTheCurrentTime() {
    List<String> seen = new ArrayList<>();
    Simulator traced = new Simulator(1, (time, record) -> seen.add(record.type() + "@" + time));
    TraceRecord hello =
        new TraceRecord() {
          @Override
          public String type() {
            return "hello";
          }

          @Override
          public void writeFields(org.listensim.core.trace.TraceFields out) {}
        };
    traced.scheduleAt(42, () -> traced.trace(hello));
    traced.runUntilIdle();
    assertThat(seen).containsExactly("hello@42");
    assertThat(traced.isTracing()).isTrue();
    assertThat(sim.isTracing()).isFalse();
  }

  @Test
  void randomStreamsComeFromTheSeed() {
    assertThat(sim.random().seed()).isEqualTo(1);
    assertThat(sim.random().stream("a").nextLong())
        .isEqualTo(org.listensim.core.random.RandomStreams.create(1, "a").nextLong());
  }

  /**
   * An action that throws aborts the run, but must not leave the engine inconsistent: the timer
   * that threw is no longer pending, is not fired again, and the other events still run.
   */
  @Test
  void actionThatThrowsLeavesTheEngineConsistent() {
    Timer bad =
        sim.newTimer(
            () -> {
              throw new IllegalStateException("model bug");
            });
    bad.armAt(1);
    sim.scheduleAt(2, note("after"));
    assertThatThrownBy(sim::runUntilIdle)
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("model bug");
    assertThat(bad.isPending()).isFalse();
    assertThat(bad.cancel()).isFalse();
    assertThat(sim.pendingEvents()).isEqualTo(1);
    assertThat(sim.runUntilIdle()).isEqualTo(RunStatus.IDLE);
    assertThat(log).containsExactly("after@2");
    assertThat(sim.eventsDispatched()).isEqualTo(2);
  }

  /** The same when the throwing action had re-armed its own timer first: the re-arm stands. */
  @Test
  void actionThatRearmsAndThrowsKeepsItsRearm() {
    Timer[] t = new Timer[1];
    t[0] =
        sim.newTimer(
            () -> {
              note("t").run();
              if (sim.now() == 1) {
                t[0].armAt(3);
                throw new IllegalStateException("after re-arm");
              }
            });
    t[0].armAt(1);
    assertThatThrownBy(sim::runUntilIdle).hasMessage("after re-arm");
    assertThat(t[0].isPending()).isTrue();
    assertThat(t[0].dueAt()).isEqualTo(3);
    sim.runUntilIdle();
    assertThat(log).containsExactly("t@1", "t@3");
  }
}
