package org.listensim.scenarios.packetdrill;

/**
 * A script that cannot be read or run as written: where (1-based line and column), what was expected
 * there and what was found.
 */
public final class ScriptException extends RuntimeException {
  private final String source;
  private final int line;
  private final int column;
  private final String expected;
  private final String found;

  public ScriptException(String source, int line, int column, String expected, String found) {
    super(source + ":" + line + ":" + column + ": expected " + expected + ", found " + found);
    this.source = source;
    this.line = line;
    this.column = column;
    this.expected = expected;
    this.found = found;
  }

  /** An error that is not a mismatch of tokens (e.g. an unsupported feature): the message stands alone. */
  public static ScriptException other(String source, int line, int column, String message) {
    return new ScriptException(source, line, column, message, null, true);
  }

  private ScriptException(String source, int line, int column, String message, String found, boolean plain) {
    super(source + ":" + line + ":" + column + ": " + message);
    this.source = source;
    this.line = line;
    this.column = column;
    this.expected = message;
    this.found = found;
  }

  public String source() {
    return source;
  }

  public int line() {
    return line;
  }

  public int column() {
    return column;
  }

  /** What the reader expected (or, for other errors, the whole message). */
  public String expected() {
    return expected;
  }

  /** What it found instead; null for errors that are not a token mismatch. */
  public String found() {
    return found;
  }
}
