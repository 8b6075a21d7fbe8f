package org.listensim.core;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Timer semantics after the kernel's mod_timer / del_timer, on small hand-made cases. */
class TimerTest {
  private final Simulator sim = new Simulator(1);
  private final List<Long> fired = new ArrayList<>();
  private final Timer timer = sim.newTimer(() -> fired.add(sim.now()));

  @Test
  void newTimerIsIdle() {
    assertThat(timer.isPending()).isFalse();
    assertThat(timer.cancel()).as("del_timer on an inactive timer returns 0").isFalse();
    assertThat(sim.runUntilIdle()).isEqualTo(RunStatus.IDLE);
    assertThat(fired).isEmpty();
  }

  @Test
  void rearmingAPendingTimerMovesItEarlierOrLater() {
    timer.armAt(50);
    timer.armAt(10);
    timer.armAt(30);
    assertThat(timer.isPending()).isTrue();
    assertThat(timer.dueAt()).isEqualTo(30);
    assertThat(sim.pendingEvents()).isEqualTo(1);
    sim.runUntilIdle();
    assertThat(fired).containsExactly(30L);
  }

  @Test
  void rearmingToTheSameTimeGoesBehindOthersArmedMeanwhile() {
    List<String> order = new ArrayList<>();
    Timer a = sim.newTimer(() -> order.add("a"));
    Timer b = sim.newTimer(() -> order.add("b"));
    a.armAt(5);
    b.armAt(5);
    a.armAt(5);
    sim.runUntilIdle();
    assertThat(order).containsExactly("b", "a");
  }

  @Test
  void cancelReportsWhetherItWasPendingAndPreventsTheFiring() {
    timer.armAt(10);
    assertThat(timer.cancel()).isTrue();
    assertThat(timer.cancel()).isFalse();
    assertThat(timer.isPending()).isFalse();
    assertThat(sim.pendingEvents()).isZero();
    sim.runUntilIdle();
    assertThat(fired).isEmpty();
  }

  @Test
  void cancelledTimerCanBeArmedAgain() {
    timer.armAt(10);
    timer.cancel();
    timer.armAfter(20);
    sim.runUntilIdle();
    assertThat(fired).containsExactly(20L);
  }

  @Test
  void timerRearmedFromItsOwnActionFiresAgain() {
    Timer[] t = new Timer[1];
    List<Boolean> pendingInAction = new ArrayList<>();
    t[0] =
        sim.newTimer(
            () -> {
              fired.add(sim.now());
              pendingInAction.add(t[0].isPending());
              if (fired.size() < 3) {
                t[0].armAfter(7);
              }
            });
    t[0].armAt(1);
    sim.runUntilIdle();
    assertThat(fired).containsExactly(1L, 8L, 15L);
    assertThat(pendingInAction)
        .as("a timer is not pending while its action runs")
        .containsOnly(false);
    assertThat(t[0].isPending()).isFalse();
    assertThat(sim.pendingEvents()).isZero();
  }

  @Test
  void timerRearmedToNowFromItsOwnActionRunsAfterEventsAlreadyDue() {
    List<String> order = new ArrayList<>();
    Timer[] t = new Timer[1];
    t[0] =
        sim.newTimer(
            () -> {
              order.add("t@" + sim.now());
              if (order.size() == 1) {
                t[0].armAfter(0);
              }
            });
    t[0].armAt(4);
    sim.scheduleAt(4, () -> order.add("other@" + sim.now()));
    sim.runUntilIdle();
    assertThat(order).containsExactly("t@4", "other@4", "t@4");
  }

  @Test
  void timerCancelledFromItsOwnActionAfterRearmDoesNotFireAgain() {
    Timer[] t = new Timer[1];
    List<Boolean> cancelResults = new ArrayList<>();
    t[0] =
        sim.newTimer(
            () -> {
              fired.add(sim.now());
              cancelResults.add(t[0].cancel());
              t[0].armAfter(5);
              cancelResults.add(t[0].cancel());
            });
    t[0].armAt(2);
    sim.runUntilIdle();
    assertThat(fired).containsExactly(2L);
    assertThat(cancelResults)
        .as("not pending while firing; pending after the re-arm")
        .containsExactly(false, true);
    assertThat(sim.pendingEvents()).isZero();
  }

  @Test
  void actionMayCancelAnEventDueAtTheSameTime() {
    List<String> order = new ArrayList<>();
    Timer victim = sim.newTimer(() -> order.add("victim"));
    sim.scheduleAt(3, () -> order.add("killer:" + victim.cancel()));
    victim.armAt(3);
    sim.runUntilIdle();
    assertThat(order).containsExactly("killer:true");
  }

  @Test
  void pendingEventsInAnActionDoesNotCountTheFiringTimer() {
    List<Integer> seen = new ArrayList<>();
    sim.scheduleAt(1, () -> seen.add(sim.pendingEvents()));
    sim.scheduleAt(2, () -> {});
    sim.runUntilIdle();
    assertThat(seen).containsExactly(1);
  }
}
