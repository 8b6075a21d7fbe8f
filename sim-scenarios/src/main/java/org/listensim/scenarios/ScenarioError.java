package org.listensim.scenarios;

/**
 * One thing wrong with a scenario file, located: {@code file:line:column: path: expected …, found …}.
 *
 * @param file the file as the user named it (or {@code <name>} for a bundled scenario or a string)
 * @param line 1-based line
 * @param column 1-based column
 * @param path the field path, e.g. {@code clients[0].rate}; {@code (file)} for the file as a whole
 * @param expected what is allowed there: a type, a range, the choices
 * @param found what the file holds there
 * @param hint a suggestion ("did you mean …?"), or empty
 */
public record ScenarioError(
    String file, int line, int column, String path, String expected, String found, String hint) {

  /** The one-line message, e.g. {@code s.yaml:7:12: server.port: expected an integer 1..65535, found 70000}. */
  public String message() {
    StringBuilder b = new StringBuilder();
    b.append(file).append(':').append(line).append(':').append(column).append(": ").append(path).append(": ");
    b.append("expected ").append(expected).append(", found ").append(found);
    if (!hint.isEmpty()) {
      b.append("; ").append(hint);
    }
    return b.toString();
  }

  @Override
  public String toString() {
    return message();
  }
}
