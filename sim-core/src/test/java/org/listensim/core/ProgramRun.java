package org.listensim.core;

import java.util.ArrayList;
import java.util.List;
import org.listensim.core.trace.TraceSink;

/**
 * Interprets an {@link EventProgram} on a {@link Simulator} while keeping its own model of what
 * must be pending: per timer, the time and order of its last arm, or that it was cancelled. The
 * model never asks the engine; each dispatch is recorded with what the model believed at that
 * moment, and every disagreement between engine and model is recorded as a {@link Violation}.
 * Properties then judge the record.
 */
final class ProgramRun {
  enum State {
    IDLE,
    ARMED,
    CANCELLED
  }

  /** What the test believes about one timer. */
  static final class Model {
    State state = State.IDLE;
    long when;
    long seq;
  }

  /**
   * One dispatch, seen from inside the action. {@code state}, {@code armedWhen} and {@code armSeq}
   * are the model's view of the timer just before it fired; {@code earliest} is the timer the model
   * says should have fired (the least pending (time, arm order)), or -1 if it says nothing is
   * pending.
   */
  record Firing(int timer, long time, State state, long armedWhen, long armSeq, int earliest) {}

  enum Check {
    PENDING,
    CANCEL_RESULT,
    PAST_ARM,
    RUN_UNTIL
  }

  record Violation(Check check, String message) {}

  /** Arms made by actions are capped so every program terminates. */
  private static final int REACTION_ARM_BUDGET = 100;

  /**
   * Far above what a program can dispatch on a correct engine (setup ops plus the budget), so that
   * a broken engine that loops fails fast instead of hanging the build.
   */
  static final long EVENT_LIMIT = 10_000;

  final EventProgram program;
  final Simulator sim;
  final List<Timer> timers = new ArrayList<>();
  final List<Model> model = new ArrayList<>();
  final List<Firing> firings = new ArrayList<>();
  final List<Violation> violations = new ArrayList<>();
  int selfRearms;
  int pastArmsTried;
  private long armSeq;
  private int budget = REACTION_ARM_BUDGET;
  private int stopAfterFiring = -1;

  private ProgramRun(EventProgram program) {
    this.program = program;
    EventQueue queue = program.tinyQueue() ? new EventQueue(64, 1, 1) : new EventQueue();
    this.sim = new Simulator(0, TraceSink.NONE, queue);
  }

  /** Creates the timers and runs the setup operations; no final run yet. */
  static ProgramRun setUp(EventProgram program) {
    ProgramRun run = new ProgramRun(program);
    run.sim.setEventLimit(EVENT_LIMIT);
    for (int i = 0; i < program.timers(); i++) {
      int id = i;
      run.timers.add(run.sim.newTimer(() -> run.onFire(id)));
      run.model.add(new Model());
    }
    for (Op op : program.setup()) {
      run.exec(op, -1);
    }
    return run;
  }

  /** Setup, then {@code runUntilIdle()}: the reference run other runs are compared with. */
  static ProgramRun straight(EventProgram program) {
    ProgramRun run = setUp(program);
    RunStatus status = run.sim.runUntilIdle();
    if (status != RunStatus.IDLE) {
      throw new AssertionError("runUntilIdle() returned " + status + " without stop()");
    }
    return run;
  }

  /** Makes the action of the {@code n}-th dispatch (1-based, counted from now on) call stop(). */
  void stopAfterFiring(int n) {
    stopAfterFiring = firings.size() + n;
  }

  /** Ids of the timers the model says are pending. */
  List<Integer> outstanding() {
    List<Integer> ids = new ArrayList<>();
    for (int i = 0; i < model.size(); i++) {
      if (model.get(i).state == State.ARMED) {
        ids.add(i);
      }
    }
    return ids;
  }

  /** The pending timer with the least (time, arm order), by linear scan; -1 if none. */
  int earliestOutstanding() {
    int best = -1;
    for (int i : outstanding()) {
      Model m = model.get(i);
      Model b = best < 0 ? null : model.get(best);
      if (b == null || m.when < b.when || (m.when == b.when && m.seq < b.seq)) {
        best = i;
      }
    }
    return best;
  }

  private void onFire(int id) {
    Model m = model.get(id);
    firings.add(new Firing(id, sim.now(), m.state, m.when, m.seq, earliestOutstanding()));
    m.state = State.IDLE;
    checkPending("in the action of t" + id);
    for (Op op : program.reactions().get(id % program.reactions().size())) {
      exec(op, id);
    }
    if (firings.size() == stopAfterFiring) {
      sim.stop();
    }
  }

  /** Runs one operation; {@code self} is the timer whose action runs it, or -1 during setup. */
  private void exec(Op op, int self) {
    long now = sim.now();
    switch (op.kind()) {
      case ARM -> {
        if (spend(self)) {
          arm(pick(op.target()), now + op.amount(), self);
        }
      }
      case SELF_ARM -> {
        if (self >= 0 && spend(self)) {
          arm(self, now + op.amount(), self);
        }
      }
      case CANCEL -> cancel(pick(op.target()));
      case SELF_CANCEL -> {
        if (self >= 0) {
          cancel(self);
        }
      }
      case SCHEDULE -> {
        if (spend(self)) {
          schedule(op);
        }
      }
      case PAST_ARM -> pastArm(pick(op.target()), op.amount());
      case ADVANCE -> {
        if (self < 0) {
          advance(now + op.amount());
        }
      }
    }
    checkPending("after " + op + (self < 0 ? " in setup" : " in the action of t" + self));
  }

  private int pick(int target) {
    return target % timers.size();
  }

  private boolean spend(int self) {
    if (self < 0) {
      return true;
    }
    if (budget == 0) {
      return false;
    }
    budget--;
    return true;
  }

  private void arm(int id, long when, int self) {
    timers.get(id).armAt(when);
    Model m = model.get(id);
    m.state = State.ARMED;
    m.when = when;
    m.seq = armSeq++;
    if (id == self) {
      selfRearms++;
    }
  }

  private void cancel(int id) {
    Model m = model.get(id);
    boolean expected = m.state == State.ARMED;
    boolean got = timers.get(id).cancel();
    if (got != expected) {
      violate(
          Check.CANCEL_RESULT,
          "t" + id + ".cancel() returned " + got + " but model says " + m.state);
    }
    if (expected) {
      m.state = State.CANCELLED;
    }
  }

  private void schedule(Op op) {
    int id = timers.size();
    Runnable action = () -> onFire(id);
    long when = sim.now() + op.amount();
    Timer t =
        op.target() % 2 == 0 ? sim.schedule(op.amount(), action) : sim.scheduleAt(when, action);
    timers.add(t);
    Model m = new Model();
    m.state = State.ARMED;
    m.when = when;
    m.seq = armSeq++;
    model.add(m);
  }

  private void pastArm(int id, long back) {
    pastArmsTried++;
    Timer t = timers.get(id);
    long now = sim.now();
    long when = now - back;
    expectRefused(
        () -> t.armAt(when),
        "cannot arm a timer in the past: " + SimTime.format(when) + " < now " + SimTime.format(now),
        "t" + id + ".armAt(" + when + ") at now " + now);
    expectRefused(
        () -> t.armAfter(-back), "negative delay: " + -back, "t" + id + ".armAfter(" + -back + ")");
  }

  private void expectRefused(Runnable call, String message, String what) {
    try {
      call.run();
      violate(Check.PAST_ARM, what + " was accepted");
    } catch (IllegalArgumentException e) {
      if (!message.equals(e.getMessage())) {
        violate(
            Check.PAST_ARM,
            what + " refused with \"" + e.getMessage() + "\", want \"" + message + "\"");
      }
    }
  }

  private void advance(long end) {
    RunStatus status = sim.runUntil(end);
    if (sim.now() != end) {
      violate(Check.RUN_UNTIL, "runUntil(" + end + ") left the clock at " + sim.now());
    }
    int next = earliestOutstanding();
    if (next >= 0 && model.get(next).when <= end) {
      violate(
          Check.RUN_UNTIL, "runUntil(" + end + ") left t" + next + " at " + model.get(next).when);
    }
    RunStatus want = next < 0 ? RunStatus.IDLE : RunStatus.TIME_REACHED;
    if (status != want) {
      violate(Check.RUN_UNTIL, "runUntil(" + end + ") returned " + status + ", want " + want);
    }
  }

  /** Compares isPending(), dueAt() and pendingEvents() with the model. */
  private void checkPending(String where) {
    int armed = 0;
    for (int i = 0; i < timers.size(); i++) {
      Model m = model.get(i);
      Timer t = timers.get(i);
      boolean want = m.state == State.ARMED;
      if (want) {
        armed++;
      }
      if (t.isPending() != want) {
        violate(
            Check.PENDING,
            where + ": t" + i + ".isPending() is " + t.isPending() + ", model says " + m.state);
      } else if (want && t.dueAt() != m.when) {
        violate(
            Check.PENDING,
            where + ": t" + i + ".dueAt() is " + t.dueAt() + ", model says " + m.when);
      }
    }
    if (sim.pendingEvents() != armed) {
      violate(
          Check.PENDING,
          where + ": pendingEvents() is " + sim.pendingEvents() + ", model counts " + armed);
    }
  }

  private void violate(Check check, String message) {
    violations.add(new Violation(check, message));
  }

  List<Violation> violations(Check check) {
    return violations.stream().filter(v -> v.check() == check).toList();
  }
}
