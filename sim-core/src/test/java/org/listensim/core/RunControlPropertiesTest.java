package org.listensim.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;
import static org.quicktheories.generators.SourceDSL.longs;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.listensim.core.ProgramRun.Firing;
import org.listensim.core.ProgramRun.State;

/**
 * runUntil, runUntilIdle, stop() and the event limit: each way of cutting a run into pieces must
 * dispatch exactly what one {@code runUntilIdle()} dispatches, and say correctly why it returned.
 *
 * <p>On failure the message ends with the seed and the command that replays it, e.g. {@code mvn -B
 * -pl sim-core test -Dtest='RunControlPropertiesTest#stopReturnsRightAfterTheStoppingEvent'
 * -DQT_SEED=123}.
 */
class RunControlPropertiesTest {
  /** Cases per property: each case interprets one or two whole programs. */
  private static final int PROGRAMS = 400;

  @Test
  void runUntilInStepsDispatchesWhatOneRunDoes(TestInfo test) {
    Theories.check(
        test,
        PROGRAMS,
        EventProgram.programs()
            .zip(lists().of(longs().between(0, 30)).ofSizeBetween(1, 8), Case::new),
        c -> {
          List<Firing> reference = ProgramRun.straight(c.program()).firings;
          ProgramRun run = ProgramRun.setUp(c.program());
          for (long step : c.steps()) {
            long end = run.sim.now() + step;
            RunStatus status = run.sim.runUntil(end);
            assertThat(run.sim.now()).as("clock after runUntil(%d)", end).isEqualTo(end);
            assertThat(run.firings)
                .as("dispatched by runUntil(%d)", end)
                .allMatch(f -> f.time() <= end);
            int next = run.earliestOutstanding();
            if (next < 0) {
              assertThat(status)
                  .as("runUntil(%d) with nothing left", end)
                  .isEqualTo(RunStatus.IDLE);
            } else {
              assertThat(run.model.get(next).when)
                  .as("next pending after runUntil(%d)", end)
                  .isGreaterThan(end);
              assertThat(status)
                  .as("runUntil(%d) with t%d left", end, next)
                  .isEqualTo(RunStatus.TIME_REACHED);
            }
          }
          long before = run.sim.now();
          assertThat(run.sim.runUntilIdle()).isEqualTo(RunStatus.IDLE);
          // runUntilIdle leaves the clock at the last event: never back, never an invented time.
          long last =
              run.firings.isEmpty()
                  ? before
                  : Math.max(before, run.firings.get(run.firings.size() - 1).time());
          assertThat(run.sim.now()).isEqualTo(last);
          assertThat(run.firings).isEqualTo(reference);
        });
  }

  @Test
  void runUntilBeforeNowIsRefused(TestInfo test) {
    Theories.check(
        test,
        PROGRAMS,
        EventProgram.programs().zip(longs().between(1, 1_000), Step::new),
        c -> {
          ProgramRun run = ProgramRun.setUp(c.program());
          long now = run.sim.now();
          long dispatched = run.sim.eventsDispatched();
          IllegalArgumentException e =
              catchThrowableOfType(
                  IllegalArgumentException.class, () -> run.sim.runUntil(now - c.step()));
          assertThat(e).as("runUntil(now - %d)", c.step()).isNotNull();
          assertThat(e.getMessage())
              .isEqualTo(
                  "end time "
                      + SimTime.format(now - c.step())
                      + " is before now "
                      + SimTime.format(now));
          assertThat(run.sim.now()).isEqualTo(now);
          assertThat(run.sim.eventsDispatched()).isEqualTo(dispatched);
        });
  }

  @Test
  void stopReturnsRightAfterTheStoppingEvent(TestInfo test) {
    Theories.check(
        test,
        PROGRAMS,
        EventProgram.programs().zip(integers().between(1, 40), Stop::new),
        c -> {
          List<Firing> reference = ProgramRun.straight(c.program()).firings;
          ProgramRun run = ProgramRun.setUp(c.program());
          int before = run.firings.size();
          run.stopAfterFiring(c.after());
          RunStatus status = run.sim.runUntilIdle();
          if (before + c.after() <= reference.size()) {
            assertThat(status).isEqualTo(RunStatus.STOPPED);
            assertThat(run.firings).as("dispatches until stop()").hasSize(before + c.after());
            assertThat(run.sim.now())
                .as("clock after stop()")
                .isEqualTo(run.firings.get(run.firings.size() - 1).time());
            // stop() is a request to one run; the next run goes on from where it left.
            assertThat(run.sim.runUntilIdle()).isEqualTo(RunStatus.IDLE);
          } else {
            assertThat(status).isEqualTo(RunStatus.IDLE);
          }
          assertThat(run.firings).isEqualTo(reference);
        });
  }

  @Test
  void eventLimitStopsBeforeTheEventThatWouldExceedIt(TestInfo test) {
    Theories.check(
        test,
        PROGRAMS,
        EventProgram.programs().zip(integers().between(1, 40), Stop::new),
        c -> {
          List<Firing> reference = ProgramRun.straight(c.program()).firings;
          ProgramRun run = ProgramRun.setUp(c.program());
          long limit = run.sim.eventsDispatched() + c.after();
          run.sim.setEventLimit(limit);
          if (limit >= reference.size()) {
            assertThat(run.sim.runUntilIdle()).isEqualTo(RunStatus.IDLE);
          } else {
            long now = run.sim.now();
            EventLimitExceededException e =
                catchThrowableOfType(
                    EventLimitExceededException.class, () -> run.sim.runUntilIdle());
            int next = run.earliestOutstanding();
            assertThat(e)
                .as("exception after %d events of %d", limit, reference.size())
                .isNotNull();
            assertThat(run.sim.eventsDispatched()).isEqualTo(limit);
            assertThat(run.firings).hasSize((int) limit);
            long nextTime = reference.get((int) limit).time();
            assertThat(run.model.get(next).when).as("model's next event").isEqualTo(nextTime);
            assertThat(e.limit()).isEqualTo(limit);
            assertThat(e.time()).as("time of the event not dispatched").isEqualTo(nextTime);
            assertThat(e.getMessage())
                .isEqualTo(
                    "event limit of "
                        + limit
                        + " events reached at simulated time "
                        + SimTime.format(nextTime)
                        + "; the run was stopped before the next event");
            long last =
                run.firings.isEmpty() ? now : run.firings.get(run.firings.size() - 1).time();
            assertThat(run.sim.now())
                .as("clock stays at the last dispatched event")
                .isEqualTo(Math.max(now, last));
            // Nothing was lost: with a higher limit the run goes on as if never interrupted.
            run.sim.setEventLimit(ProgramRun.EVENT_LIMIT);
            assertThat(run.sim.runUntilIdle()).isEqualTo(RunStatus.IDLE);
          }
          assertThat(run.firings).isEqualTo(reference);
          assertThat(run.firings).allMatch(f -> f.state() == State.ARMED);
        });
  }

  record Case(EventProgram program, List<Long> steps) {}

  record Step(EventProgram program, long step) {}

  record Stop(EventProgram program, int after) {}
}
