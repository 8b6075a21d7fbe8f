package org.listensim.scenarios;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.listensim.scenarios.YamlTree.Entry;
import org.listensim.scenarios.YamlTree.ListNode;
import org.listensim.scenarios.YamlTree.Loc;
import org.listensim.scenarios.YamlTree.MapNode;
import org.listensim.scenarios.YamlTree.Node;
import org.listensim.scenarios.YamlTree.Scalar;

/**
 * A scenario file with some fields replaced, for sweeps: {@code server.listen.backlog=64},
 * {@code sysctl.net.ipv4.tcp_syncookies=1}, {@code clients[0].rate=200/s}. Each value is YAML (a
 * scalar, or a flow mapping or list) and replaces the field in the file's tree <em>before</em>
 * validation, so a bad value gives the same error a file with it would give, located at the field it
 * replaced (or at the mapping it was added to).
 *
 * <p>Paths: mapping keys joined by dots, {@code [i]} to index a list ({@code clients[0]}); after
 * {@code sysctl.} the rest of the path is one sysctl name. Missing mappings on the way are created;
 * a list index must exist.
 */
public final class ScenarioPatch {
  private static final Pattern SEGMENT = Pattern.compile("([A-Za-z0-9_-]+)((?:\\[\\d+])*)");
  private static final Pattern INDEX = Pattern.compile("\\[(\\d+)]");

  private ScenarioPatch() {}

  /** A scenario's YAML text, the file name errors show, and the name the scenario has if it gives none. */
  public record Source(String file, String text, String defaultName) {
    /** A scenario file. */
    public static Source of(Path path) throws IOException {
      String name = path.getFileName() == null ? path.toString() : path.getFileName().toString();
      int dot = name.lastIndexOf('.');
      return new Source(path.toString(), Files.readString(path, StandardCharsets.UTF_8),
          dot > 0 ? name.substring(0, dot) : name);
    }

    /** A bundled scenario (see {@link BundledScenarios}). */
    public static Source bundled(String name) throws IOException {
      try (InputStream in = ScenarioPatch.class.getResourceAsStream(BundledScenarios.resource(name))) {
        if (in == null) {
          throw new IOException("no bundled scenario " + name);
        }
        return new Source(name + ".yaml", new String(in.readAllBytes(), StandardCharsets.UTF_8), name);
      }
    }
  }

  /** Checks a path's syntax; returns null when it is fine, else what is wrong. */
  public static String checkPath(String path) {
    if (path.startsWith("sysctl.") && path.length() > "sysctl.".length()) {
      return null;
    }
    for (String seg : path.split("\\.", -1)) {
      if (!SEGMENT.matcher(seg).matches()) {
        return "a field path such as server.listen.backlog, sysctl.net.ipv4.tcp_syncookies or clients[0].rate";
      }
    }
    return null;
  }

  /** Loads the source with the fields of {@code params} (path → YAML value, applied in order) replaced. */
  public static Scenario load(Source src, Map<String, String> params) throws ScenarioException {
    Node root;
    try {
      root = YamlTree.parse(src.text().startsWith("\uFEFF") ? src.text().substring(1) : src.text());
    } catch (YamlTree.SyntaxError e) {
      throw new ScenarioException(List.of(new ScenarioError(
          src.file(), e.loc.line(), e.loc.column(), "(syntax)", "valid YAML", e.problem, "")));
    }
    if (root == null) {
      root = new MapNode(new Loc(1, 1), new LinkedHashMap<>());
    }
    for (Map.Entry<String, String> p : params.entrySet()) {
      root = apply(src.file(), root, p.getKey(), p.getValue());
    }
    return ScenarioLoader.fromTree(src.file(), root, src.defaultName());
  }

  private static Node apply(String file, Node root, String path, String value) throws ScenarioException {
    String bad = checkPath(path);
    if (bad != null) {
      throw error(file, root.loc(), path, bad, "\"" + path + "\"");
    }
    Node v;
    try {
      v = YamlTree.parse(value);
    } catch (YamlTree.SyntaxError e) {
      throw error(file, root.loc(), path, "a YAML value", "\"" + value + "\" (" + e.problem + ")");
    }
    if (v == null) {
      throw error(file, root.loc(), path, "a value", "nothing");
    }
    List<Object> steps = new ArrayList<>();
    if (path.startsWith("sysctl.")) {
      steps.add("sysctl");
      steps.add(new SysctlKey(path.substring("sysctl.".length())));
    } else {
      for (String seg : path.split("\\.")) {
        Matcher m = SEGMENT.matcher(seg);
        m.matches();
        steps.add(m.group(1));
        Matcher i = INDEX.matcher(m.group(2));
        while (i.find()) {
          steps.add(Integer.parseInt(i.group(1)));
        }
      }
    }
    return replace(file, path, root, steps, 0, v);
  }

  private record SysctlKey(String key) {}

  private static Node replace(String file, String path, Node node, List<Object> steps, int i, Node value)
      throws ScenarioException {
    if (i == steps.size()) {
      return relocate(value, node == null ? null : node.loc());
    }
    Object step = steps.get(i);
    if (step instanceof Integer idx) {
      if (!(node instanceof ListNode l)) {
        throw error(file, node == null ? new Loc(1, 1) : node.loc(), path, "a list to index with [" + idx + "]",
            node == null ? "no such field" : "not a list");
      }
      if (idx >= l.items().size()) {
        throw error(file, l.loc(), path, "an index below " + l.items().size(), "[" + idx + "]");
      }
      List<Node> items = new ArrayList<>(l.items());
      items.set(idx, replace(file, path, items.get(idx), steps, i + 1, value));
      return new ListNode(l.loc(), items);
    }
    if (node != null && !(node instanceof MapNode)) {
      throw error(file, node.loc(), path, "a mapping on the way to the field", "a scalar or a list");
    }
    MapNode m = node == null ? null : (MapNode) node;
    Loc here = m == null ? value.loc() : m.loc();
    Map<String, Entry> entries = m == null ? new LinkedHashMap<>() : new LinkedHashMap<>(m.entries());
    String key;
    if (step instanceof SysctlKey sk) {
      // The loader flattens nested sysctl mappings; flatten here so the new value replaces the old one.
      Map<String, Entry> flat = new LinkedHashMap<>();
      flatten(entries, "", flat);
      entries = flat;
      key = sk.key();
    } else {
      key = (String) step;
    }
    Entry old = entries.get(key);
    Node replaced = replace(file, path, old == null ? null : old.value(), steps, i + 1, value);
    if (old == null) {
      replaced = relocate(replaced, here);
    }
    entries.put(key, new Entry(old == null ? here : old.keyLoc(), replaced));
    return new MapNode(here, entries);
  }

  private static void flatten(Map<String, Entry> m, String prefix, Map<String, Entry> out) {
    for (Map.Entry<String, Entry> e : m.entrySet()) {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue().value() instanceof MapNode inner) {
        flatten(inner.entries(), key, out);
      } else {
        out.put(key, e.getValue());
      }
    }
  }

  /** The node with every location set to {@code loc} (where the value it replaces was). */
  private static Node relocate(Node n, Loc loc) {
    if (loc == null) {
      return n;
    }
    if (n instanceof Scalar s) {
      return new Scalar(loc, s.text(), s.kind());
    }
    if (n instanceof ListNode l) {
      List<Node> items = new ArrayList<>();
      for (Node x : l.items()) {
        items.add(relocate(x, loc));
      }
      return new ListNode(loc, items);
    }
    MapNode m = (MapNode) n;
    Map<String, Entry> entries = new LinkedHashMap<>();
    for (Map.Entry<String, Entry> e : m.entries().entrySet()) {
      entries.put(e.getKey(), new Entry(loc, relocate(e.getValue().value(), loc)));
    }
    return new MapNode(loc, entries);
  }

  private static ScenarioException error(String file, Loc loc, String path, String expected, String found) {
    return new ScenarioException(List.of(new ScenarioError(file, loc.line(), loc.column(), path, expected, found,
        "given by --param " + path)));
  }
}
