package org.listensim.core;

/** Why a call to {@code Simulator.run*} returned. */
public enum RunStatus {
  /** No event is left. */
  IDLE,
  /** The next event lies after the requested end time; the clock stands at that end time. */
  TIME_REACHED,
  /** An event asked the simulator to stop. */
  STOPPED
}
