package org.listensim.scenarios.packetdrill;

import java.util.List;
import java.util.Locale;

/**
 * What running one script gave: pass or fail, the first failure (script line and column, what went
 * wrong, the expected and the actual packet or result in packetdrill syntax), every segment the kernel
 * under test sent, and in record mode the script lines for what it sent.
 *
 * @param script the script's name (its file name)
 * @param passed true when every event happened as written
 * @param failure the first failure, or null
 * @param emitted every segment the kernel under test sent up to the end of the run, in order
 * @param recorded record mode: the script with the kernel's packets written in; otherwise empty
 * @param endTimeNanos virtual time at which the run stopped
 */
public record RunReport(
    String script, boolean passed, Failure failure, List<Emitted> emitted, List<String> recorded, long endTimeNanos) {

  public RunReport {
    emitted = List.copyOf(emitted);
    recorded = List.copyOf(recorded);
  }

  /** Why a script failed. */
  public enum FailureKind {
    /** The script cannot be read (syntax). */
    PARSE,
    /** The script asks for something this simulator does not model or cannot run. */
    UNSUPPORTED,
    /** The kernel did something else than the script says (packet, time or system-call result). */
    MISMATCH
  }

  /**
   * The first failure: where in the script, what kind, a message, and for mismatches the expected and
   * the actual packet/result as packetdrill lines (null where not applicable).
   */
  public record Failure(int line, int column, FailureKind kind, String message, String expected, String actual) {}

  /**
   * A segment the kernel under test sent: when (ns and jiffies), from and to whom, its header fields as
   * on the wire (absolute numbers), and {@code line}, the packetdrill line for it (relative numbers
   * unless the run was absolute).
   */
  public record Emitted(
      long timeNanos, long jiffies, String src, String dst, String flags, long seq, long ack, int win, int len,
      int mss, int wscale, boolean sackOk, boolean timestamp, long tsval, long tsecr, String line) {}

  /** Human-readable result: {@code NAME: PASS}, or {@code NAME: FAIL} with the failure's location and packets. */
  public String render() {
    StringBuilder b = new StringBuilder();
    if (passed) {
      b.append(script).append(": PASS");
      b.append(String.format(Locale.ROOT, " (%d segments, %.6f s)", emitted.size(), endTimeNanos / 1e9));
    } else {
      b.append(script).append(": FAIL\n");
      b.append(script).append(':').append(failure.line()).append(':').append(failure.column()).append(": ")
          .append(failure.message());
      if (failure.expected() != null) {
        b.append("\n  expected: ").append(failure.expected());
      }
      if (failure.actual() != null) {
        b.append("\n  actual:   ").append(failure.actual());
      }
    }
    if (!recorded.isEmpty()) {
      b.append('\n');
      for (String l : recorded) {
        b.append(l).append('\n');
      }
    }
    return b.toString();
  }
}
