package org.listensim.scenarios.workload;

/** How one connection attempt ended. Every attempt ends in exactly one. */
public enum Outcome {
  /** accept() returned the connection to the server application. */
  ACCEPTED("accepted"),
  /** A RST answered the SYN: connect() failed with ECONNREFUSED. */
  REFUSED("refused"),
  /** Connected, then reset (ECONNRESET) before the application accepted it, or after. */
  RESET("reset"),
  /** connect() or the request timed out (ETIMEDOUT). */
  TIMED_OUT("timed-out"),
  /** Still in progress when the run ended. */
  PENDING("pending");

  private final String label;

  Outcome(String label) {
    this.label = label;
  }

  public String label() {
    return label;
  }
}
