package org.listensim.scenarios;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A YAML document as a tree whose every node knows its line and column. Jackson's streaming YAML
 * parser supplies the tokens and their locations (a {@code JsonNode} tree would lose them).
 */
final class YamlTree {
  private YamlTree() {}

  record Loc(int line, int column) {}

  sealed interface Node {
    Loc loc();
  }

  record Entry(Loc keyLoc, Node value) {}

  record MapNode(Loc loc, Map<String, Entry> entries) implements Node {}

  record ListNode(Loc loc, List<Node> items) implements Node {}

  enum Kind {
    STRING,
    INT,
    FLOAT,
    BOOL,
    NULL
  }

  record Scalar(Loc loc, String text, Kind kind) implements Node {}

  /** A syntax error, or a key given twice. */
  static final class SyntaxError extends Exception {
    final Loc loc;
    final String problem;

    SyntaxError(Loc loc, String problem) {
      super(problem);
      this.loc = loc;
      this.problem = problem;
    }
  }

  private static final YAMLFactory FACTORY = new YAMLFactory();

  /** The document's root, or null for an empty document. */
  static Node parse(String text) throws SyntaxError {
    try (JsonParser p = FACTORY.createParser(new StringReader(text))) {
      JsonToken t;
      try {
        t = p.nextToken();
      } catch (JsonProcessingException e) {
        throw syntax(e);
      }
      if (t == null) {
        return null;
      }
      Node root = read(p, t);
      JsonToken extra = p.nextToken();
      if (extra != null) {
        throw new SyntaxError(loc(p.currentTokenLocation()), "a second YAML document (one document per file)");
      }
      return root;
    } catch (JsonProcessingException e) {
      throw syntax(e);
    } catch (IOException e) {
      throw new SyntaxError(new Loc(1, 1), "unreadable YAML: " + e.getMessage());
    }
  }

  private static final java.util.regex.Pattern MARK =
      java.util.regex.Pattern.compile("\\s*in '[^']*', line (\\d+), column (\\d+):?");

  private static SyntaxError syntax(JsonProcessingException e) {
    JsonLocation l = e.getLocation();
    String msg = e.getOriginalMessage() == null ? "" : e.getOriginalMessage();
    // SnakeYAML's messages alternate text lines with "in 'reader', line L, column C:" marks, an echo of
    // the source line and a caret. Keep the text lines; the last mark is where the problem is.
    List<String> words = new ArrayList<>();
    Loc mark = null;
    for (String line : msg.split("\\R")) {
      java.util.regex.Matcher m = MARK.matcher(line);
      if (m.matches()) {
        mark = new Loc(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
      } else if (!line.isBlank() && !Character.isWhitespace(line.charAt(0))) {
        words.add(line.strip());
      }
    }
    String problem = words.isEmpty() ? "a YAML syntax error" : String.join(": ", words);
    Loc where = mark != null ? mark : l == null ? new Loc(1, 1) : loc(l);
    return new SyntaxError(where, problem);
  }

  private static Loc loc(JsonLocation l) {
    return new Loc(Math.max(1, l.getLineNr()), Math.max(1, l.getColumnNr()));
  }

  private static Node read(JsonParser p, JsonToken t) throws IOException, SyntaxError {
    Loc here = loc(p.currentTokenLocation());
    switch (t) {
      case START_OBJECT: {
        Map<String, Entry> entries = new LinkedHashMap<>();
        JsonToken k;
        while ((k = p.nextToken()) != JsonToken.END_OBJECT) {
          String key = p.currentName();
          Loc keyLoc = loc(p.currentTokenLocation());
          Node value = read(p, p.nextToken());
          if (entries.containsKey(key)) {
            throw new SyntaxError(keyLoc, "the key \"" + key + "\" a second time in one mapping");
          }
          entries.put(key, new Entry(keyLoc, value));
        }
        return new MapNode(here, entries);
      }
      case START_ARRAY: {
        List<Node> items = new ArrayList<>();
        JsonToken i;
        while ((i = p.nextToken()) != JsonToken.END_ARRAY) {
          items.add(read(p, i));
        }
        return new ListNode(here, items);
      }
      case VALUE_STRING:
        return new Scalar(here, p.getText(), Kind.STRING);
      case VALUE_NUMBER_INT:
        return new Scalar(here, p.getText(), Kind.INT);
      case VALUE_NUMBER_FLOAT:
        return new Scalar(here, p.getText(), Kind.FLOAT);
      case VALUE_TRUE:
      case VALUE_FALSE:
        return new Scalar(here, p.getText(), Kind.BOOL);
      case VALUE_NULL:
        return new Scalar(here, "null", Kind.NULL);
      default:
        throw new SyntaxError(here, "unsupported YAML content (" + t + ")");
    }
  }
}
