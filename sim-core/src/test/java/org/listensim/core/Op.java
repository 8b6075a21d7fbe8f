package org.listensim.core;

/**
 * One operation of a generated {@link EventProgram}. {@code target} picks a timer (modulo the
 * number of timers that exist when the operation runs); {@code amount} is a delay, a step back or a
 * time span.
 */
record Op(Kind kind, int target, long amount) {
  enum Kind {
    /** {@code armAt(now + amount)} on the target timer. */
    ARM,
    /** {@code armAt(now + amount)} on the timer whose action is running (reactions only). */
    SELF_ARM,
    /** {@code cancel()} on the target timer. */
    CANCEL,
    /** {@code cancel()} on the timer whose action is running (reactions only). */
    SELF_CANCEL,
    /** A new one-shot timer, via {@code schedule(amount)} or {@code scheduleAt(now + amount)}. */
    SCHEDULE,
    /**
     * {@code armAt(now - amount)} and {@code armAfter(-amount)} on the target; both must be
     * refused.
     */
    PAST_ARM,
    /** {@code runUntil(now + amount)} (setup only). */
    ADVANCE
  }

  @Override
  public String toString() {
    return switch (kind) {
      case ARM -> "arm(t" + target + ",+" + amount + ")";
      case SELF_ARM -> "selfArm(+" + amount + ")";
      case CANCEL -> "cancel(t" + target + ")";
      case SELF_CANCEL -> "selfCancel";
      case SCHEDULE -> (target % 2 == 0 ? "schedule(+" : "scheduleAt(+") + amount + ")";
      case PAST_ARM -> "pastArm(t" + target + ",-" + amount + ")";
      case ADVANCE -> "advance(+" + amount + ")";
    };
  }
}
