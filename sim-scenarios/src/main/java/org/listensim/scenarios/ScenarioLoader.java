package org.listensim.scenarios;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.Sysctl;
import org.listensim.scenarios.packetdrill.PacketdrillParser;
import org.listensim.scenarios.packetdrill.ScriptException;
import org.listensim.kernel.Sysctls;
import org.listensim.scenarios.YamlTree.Entry;
import org.listensim.scenarios.YamlTree.Kind;
import org.listensim.scenarios.YamlTree.ListNode;
import org.listensim.scenarios.YamlTree.Loc;
import org.listensim.scenarios.YamlTree.MapNode;
import org.listensim.scenarios.YamlTree.Node;
import org.listensim.scenarios.YamlTree.Scalar;
import org.listensim.scenarios.workload.AddressPool;
import org.listensim.scenarios.workload.Arrival;
import org.listensim.scenarios.workload.ClientPopulation;
import org.listensim.scenarios.workload.Distribution;
import org.listensim.scenarios.workload.ServerApp;
import org.listensim.scenarios.workload.SynFlood;

/**
 * Reads a scenario file (YAML, see {@code docs/scenario-format.md}) into a {@link Scenario}. A file
 * with any error never yields a scenario: {@link ScenarioException} carries every error of the file at
 * once, each located ({@code file:line:column}), with its field path, what is allowed and what was found.
 */
public final class ScenarioLoader {
  static final List<String> TOP = List.of(
      "name", "description", "seed", "hz", "duration", "sysctl", "kernel-random", "server", "clients",
      "attackers", "script");
  static final List<String> PINS = List.of("synq-hash-rnd", "syncookie-secret", "isn");
  static final List<String> ISN = List.of("first", "increment");
  static final List<String> SERVER = List.of("address", "port", "listen", "app");
  static final List<String> LISTEN = List.of("backlog", "defer-accept");
  static final List<String> APP = List.of("accept", "rate", "workers", "service", "pauses", "reply-bytes", "closes");
  static final List<String> PAUSE = List.of("at", "for");
  static final List<String> CLIENT = List.of(
      "name", "count", "interval", "rate", "bursts", "closed-loop", "start", "stop", "from", "delay", "loss",
      "loss-to-server", "loss-from-server", "request-bytes", "timestamps");
  static final List<String> BURSTS = List.of("at", "size");
  static final List<String> CLOSED_LOOP = List.of("clients", "think");
  static final List<String> ATTACKER = List.of(
      "kind", "name", "rate", "from", "start", "stop", "arrivals", "ports", "timestamps", "delay");

  private static final long U32_MAX = 0xFFFF_FFFFL;
  private static final String C_INT = "an integer that fits a C int (" + Integer.MIN_VALUE + ".."
      + Integer.MAX_VALUE + ")";

  private final String file;
  /** The file's lines, for locating errors inside a script; null for a patched tree. */
  private String[] lines;
  private final List<ScenarioError> errors = new ArrayList<>();
  /** Address pools of client populations so far, to refuse overlaps: pool, name, where. */
  private final List<Object[]> clientPools = new ArrayList<>();
  private int serverAddress = ScenarioDefaults.SERVER_ADDRESS;

  private ScenarioLoader(String file) {
    this.file = file;
  }

  /** Loads a file; {@code path.toString()} names it in errors. */
  public static Scenario load(Path path) throws ScenarioException {
    String display = path.toString();
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(path);
    } catch (NoSuchFileException e) {
      throw single(display, "(file)", "an existing scenario file", "no such file");
    } catch (IOException e) {
      throw single(display, "(file)", "a readable scenario file", "an unreadable path (" + e.getMessage() + ")");
    }
    return parse(display, bytes, stem(path.getFileName() == null ? display : path.getFileName().toString()));
  }

  /** Loads a bundled scenario by name (see {@link BundledScenarios}). */
  public static Scenario loadBundled(String name) throws ScenarioException {
    String resource = BundledScenarios.resource(name);
    try (InputStream in = ScenarioLoader.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw single(name, "(file)", "a bundled scenario: " + String.join(", ", BundledScenarios.names()),
            "\"" + name + "\"");
      }
      return parse(name + ".yaml", in.readAllBytes(), name);
    } catch (IOException e) {
      throw new IllegalStateException("cannot read bundled " + resource, e);
    }
  }

  /** Parses YAML text; {@code file} names it in errors, {@code defaultName} is the scenario name if absent. */
  public static Scenario parse(String file, String text, String defaultName) throws ScenarioException {
    return parse(file, text.getBytes(StandardCharsets.UTF_8), defaultName);
  }

  static Scenario parse(String file, byte[] bytes, String defaultName) throws ScenarioException {
    String text;
    int nul = indexOf(bytes, (byte) 0);
    if (nul >= 0) {
      throw single(file, "(file)", "a YAML text file", "binary content (a NUL byte at offset " + nul + ")");
    }
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException e) {
      throw single(file, "(file)", "a YAML text file in UTF-8", "bytes that are not UTF-8 (a binary file?)");
    }
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    Node root;
    try {
      root = YamlTree.parse(text);
    } catch (YamlTree.SyntaxError e) {
      throw new ScenarioException(List.of(new ScenarioError(
          file, e.loc.line(), e.loc.column(), "(syntax)", "valid YAML", e.problem, "")));
    }
    return fromTree(file, root, defaultName, text.split("\n", -1));
  }

  /** Validates a parsed tree (possibly patched by {@link ScenarioPatch}) into a scenario. */
  static Scenario fromTree(String file, Node root, String defaultName) throws ScenarioException {
    return fromTree(file, root, defaultName, null);
  }

  private static Scenario fromTree(String file, Node root, String defaultName, String[] lines)
      throws ScenarioException {
    if (root == null) {
      throw single(file, "(file)", "a mapping with at least the field duration", "an empty file");
    }
    ScenarioLoader l = new ScenarioLoader(file);
    l.lines = lines;
    Scenario s = l.scenario(root, defaultName);
    if (!l.errors.isEmpty()) {
      l.errors.sort(java.util.Comparator.comparingInt(ScenarioError::line).thenComparingInt(ScenarioError::column));
      throw new ScenarioException(l.errors);
    }
    return s;
  }

  private static ScenarioException single(String file, String path, String expected, String found) {
    return new ScenarioException(List.of(new ScenarioError(file, 1, 1, path, expected, found, "")));
  }

  private static int indexOf(byte[] b, byte v) {
    for (int i = 0; i < b.length; i++) {
      if (b[i] == v) {
        return i;
      }
    }
    return -1;
  }

  private static String stem(String fileName) {
    int dot = fileName.lastIndexOf('.');
    return dot > 0 ? fileName.substring(0, dot) : fileName;
  }

  // ---- the scenario ---------------------------------------------------------------------------------

  private Scenario scenario(Node root, String defaultName) {
    MapNode m = mapping(root, "(root)", "a mapping of scenario fields (" + String.join(", ", TOP) + ")");
    if (m == null) {
      return null;
    }
    known(m, "", TOP);
    String name = optional(m, "name", "", (n, p) -> text(n, p, "a name: letters, digits, '-', '_', '.'",
        "[A-Za-z0-9][A-Za-z0-9._-]*"), defaultName);
    String description = optional(m, "description", "", (n, p) -> text(n, p, "a string", null), "");
    Long seed = optional(m, "seed", "", (n, p) -> integer(n, p, Long.MIN_VALUE, Long.MAX_VALUE,
        "an integer (64-bit)"), ScenarioDefaults.SEED);
    Long hz = optional(m, "hz", "", (n, p) -> choiceInt(n, p, KernelClock.SUPPORTED_HZ), (long) ScenarioDefaults.HZ);
    boolean scripted = m.entries().containsKey("script");
    Long duration = scripted
        ? optional(m, "duration", "", (n, p) -> duration(n, p, 1), Long.MAX_VALUE)
        : required(m, "duration", "", (n, p) -> duration(n, p, 1));
    Map<Sysctl, Integer> sysctls = optional(m, "sysctl", "", this::sysctls, Map.of());
    KernelPins pins = optional(m, "kernel-random", "", this::pins, KernelPins.NONE);
    ServerConfig[] server = new ServerConfig[1];
    ServerApp app = optional(m, "server", "", (n, p) -> server(n, p, server), ScenarioDefaults.APP);
    if (!m.entries().containsKey("server")) {
      server[0] = new ServerConfig(ScenarioDefaults.SERVER_ADDRESS, ScenarioDefaults.SERVER_PORT,
          ScenarioDefaults.BACKLOG, 0);
    }
    long dur = duration == null ? Long.MAX_VALUE : duration;
    Set<String> names = new LinkedHashSet<>();
    List<ClientPopulation> clients = optional(m, "clients", "",
        (n, p) -> list(n, p, (item, ip) -> client(item, ip, dur, names)), List.of());
    List<SynFlood> floods = optional(m, "attackers", "",
        (n, p) -> list(n, p, (item, ip) -> attacker(item, ip, dur, names)), List.of());
    String scriptText = scripted ? script(m) : null;
    if (!errors.isEmpty() || duration == null) {
      return null;
    }
    try {
      return new Scenario(name, description, seed, hz.intValue(), duration, sysctls, pins, server[0], app,
          clients, floods, scriptText);
    } catch (IllegalArgumentException e) {
      error(m.loc(), "(root)", "a consistent scenario", e.getMessage(), "");
      return null;
    }
  }

  /**
   * {@code script:} a packetdrill script, checked by the packetdrill parser here so that a wrong line is a
   * located error of this file. A scripted scenario makes its own sockets and peers, so server, clients
   * and attackers are errors beside it.
   */
  private String script(MapNode m) {
    for (String other : List.of("server", "clients", "attackers")) {
      Entry e = m.entries().get(other);
      if (e != null) {
        error(e.keyLoc(), other, "no " + other + " beside script (a scripted scenario runs only its script,"
            + " which makes its own sockets and peers)", "a " + other + " field", "");
      }
    }
    Node n = m.entries().get("script").value();
    String text = text(n, "script", "a packetdrill script, e.g. script: | followed by indented lines", null);
    if (text == null) {
      return null;
    }
    try {
      PacketdrillParser.parse(file, text);
    } catch (ScriptException e) {
      YamlTree.Loc at = scriptLoc(n.loc(), e.line(), e.column());
      if (e.found() != null) {
        error(at, "script (line " + e.line() + ")", e.expected(), e.found(), "see docs/packetdrill.md");
      } else {
        error(at, "script (line " + e.line() + ")", "a script line listensim can run", e.expected(),
            "see docs/packetdrill.md");
      }
    }
    return text;
  }

  /**
   * Where line {@code line}, column {@code column} of the script stands in the file. A block scalar
   * ({@code script: |}) starts on the next line, indented as that line is; an inline one on its own line.
   */
  private YamlTree.Loc scriptLoc(YamlTree.Loc value, int line, int column) {
    if (lines != null && value.line() - 1 < lines.length) {
      String at = lines[value.line() - 1].substring(Math.min(value.column() - 1, lines[value.line() - 1].length()));
      if (at.startsWith("|") || at.startsWith(">")) {
        int first = value.line() + 1;
        int indent = 0;
        if (first - 1 < lines.length) {
          String l = lines[first - 1];
          while (indent < l.length() && l.charAt(indent) == ' ') {
            indent++;
          }
        }
        return new YamlTree.Loc(first + line - 1, indent + column);
      }
    }
    return new YamlTree.Loc(value.line() + line - 1, line == 1 ? value.column() + column - 1 : column);
  }

  private Map<Sysctl, Integer> sysctls(Node n, String path) {
    MapNode m = mapping(n, path, "a mapping of /proc/sys names to integers, e.g. { net.core.somaxconn: 128 }");
    if (m == null) {
      return null;
    }
    Map<Sysctl, Integer> out = new EnumMap<>(Sysctl.class);
    Map<String, Entry> flat = new LinkedHashMap<>();
    flatten(m, "", flat);
    List<String> knownKeys = new ArrayList<>();
    for (Sysctl s : Sysctl.values()) {
      knownKeys.add(s.key());
    }
    for (Map.Entry<String, Entry> e : flat.entrySet()) {
      String key = e.getKey();
      String p = path + "." + key;
      Sysctl s = Sysctl.byKey(key);
      if (s == null) {
        error(e.getValue().keyLoc(), p, "a sysctl the model knows: " + String.join(", ", knownKeys),
            "unknown sysctl \"" + key + "\"", didYouMean(key, knownKeys));
        continue;
      }
      Long v = integer(e.getValue().value(), p, Long.MIN_VALUE, Long.MAX_VALUE, C_INT);
      if (v == null) {
        continue;
      }
      try {
        new Sysctls().set(key, v);
      } catch (IllegalArgumentException ex) {
        error(e.getValue().value().loc(), p, C_INT + " (2.6.32 writes it with proc_dointvec)", String.valueOf(v), "");
        continue;
      }
      out.put(s, v.intValue());
    }
    return out;
  }

  private void flatten(MapNode m, String prefix, Map<String, Entry> out) {
    for (Map.Entry<String, Entry> e : m.entries().entrySet()) {
      String key = prefix.isEmpty() ? e.getKey() : prefix + "." + e.getKey();
      if (e.getValue().value() instanceof MapNode inner) {
        flatten(inner, key, out);
      } else {
        out.put(key, e.getValue());
      }
    }
  }

  private KernelPins pins(Node n, String path) {
    MapNode m = mapping(n, path, "a mapping with " + String.join(", ", PINS));
    if (m == null) {
      return null;
    }
    known(m, path, PINS);
    KernelPins pins = KernelPins.NONE;
    Long rnd = optional(m, "synq-hash-rnd", path, (v, p) -> integer(v, p, 0, U32_MAX,
        "a u32 (0..0xffffffff)"), null);
    if (rnd != null) {
      pins = pins.withSynqHashRnd(rnd);
    }
    Entry secret = m.entries().get("syncookie-secret");
    if (secret != null) {
      String p = path + ".syncookie-secret";
      if (secret.value() instanceof ListNode list) {
        List<List<Long>> sets = secretWords(list, p);
        if (sets != null) {
          pins = pins.withSyncookieSecretWords(sets);
        }
      } else {
        Long seed = integer(secret.value(), p, Long.MIN_VALUE, Long.MAX_VALUE,
            "a 64-bit seed, or two lists of 17 u32 words");
        if (seed != null) {
          pins = pins.withSyncookieSecretSeed(seed);
        }
      }
    }
    Entry isn = m.entries().get("isn");
    if (isn != null) {
      String p = path + ".isn";
      if (isn.value() instanceof MapNode im) {
        known(im, p, ISN);
        Long first = required(im, "first", p, (v, q) -> integer(v, q, 0, U32_MAX, "a u32 (0..0xffffffff)"));
        Long inc = optional(im, "increment", p, (v, q) -> integer(v, q, 0, U32_MAX, "a u32 (0..0xffffffff)"), 0L);
        if (first != null && inc != null) {
          pins = pins.withIsn(first, inc);
        }
      } else {
        Long first = integer(isn.value(), p, 0, U32_MAX, "a u32 (0..0xffffffff) or { first, increment }");
        if (first != null) {
          pins = pins.withIsn(first, 0);
        }
      }
    }
    return pins;
  }

  private List<List<Long>> secretWords(ListNode list, String p) {
    String expected = "two lists of " + org.listensim.kernel.syncookies.SyncookieSecret.WORDS + " u32 words";
    if (list.items().size() != 2) {
      error(list.loc(), p, expected, "a list of " + list.items().size() + " item(s)", "");
      return null;
    }
    List<List<Long>> sets = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      Node item = list.items().get(i);
      String ip = p + "[" + i + "]";
      if (!(item instanceof ListNode words)
          || words.items().size() != org.listensim.kernel.syncookies.SyncookieSecret.WORDS) {
        error(item.loc(), ip, expected, describe(item), "");
        return null;
      }
      List<Long> ws = new ArrayList<>();
      for (int j = 0; j < words.items().size(); j++) {
        Long w = integer(words.items().get(j), ip + "[" + j + "]", 0, U32_MAX, "a u32 (0..0xffffffff)");
        ws.add(w == null ? 0L : w);
      }
      sets.add(ws);
    }
    return sets;
  }

  /** Reads server: and returns the application; the socket goes to {@code out[0]}. */
  private ServerApp server(Node n, String path, ServerConfig[] out) {
    MapNode m = mapping(n, path, "a mapping with " + String.join(", ", SERVER));
    if (m == null) {
      return null;
    }
    known(m, path, SERVER);
    Long addr = optional(m, "address", path, (v, p) -> parsed(v, p, Units.ADDRESS_EXPECTED, Units::address)
        .map(Integer::longValue).orElse(null), (long) ScenarioDefaults.SERVER_ADDRESS);
    Long port = optional(m, "port", path, (v, p) -> integer(v, p, 1, 65535, "a port 1..65535"),
        (long) ScenarioDefaults.SERVER_PORT);
    long[] listen = {ScenarioDefaults.BACKLOG, 0};
    boolean listenOk = optional(m, "listen", path, (v, p) -> listen(v, p, listen), true) != null;
    ServerApp app = optional(m, "app", path, this::app, ScenarioDefaults.APP);
    if (addr != null) {
      serverAddress = addr.intValue();
    }
    if (addr != null && port != null && listenOk) {
      out[0] = new ServerConfig(addr.intValue(), port.intValue(), (int) listen[0], (int) listen[1]);
    }
    return app;
  }

  private Boolean listen(Node n, String path, long[] out) {
    MapNode m = mapping(n, path, "a mapping with " + String.join(", ", LISTEN));
    if (m == null) {
      return null;
    }
    known(m, path, LISTEN);
    Long backlog = optional(m, "backlog", path, (v, p) -> integer(v, p, Integer.MIN_VALUE, Integer.MAX_VALUE,
        "a listen() backlog: " + C_INT), (long) ScenarioDefaults.BACKLOG);
    Long defer = optional(m, "defer-accept", path, (v, p) -> {
      Long d = duration(v, p, 0);
      if (d != null && d % 1_000_000_000L != 0) {
        error(v.loc(), p, "whole seconds (TCP_DEFER_ACCEPT takes seconds), e.g. 5s", Units.formatDuration(d), "");
        return null;
      }
      return d == null ? null : d / 1_000_000_000L;
    }, 0L);
    if (backlog == null || defer == null) {
      return null;
    }
    out[0] = backlog;
    out[1] = defer;
    return true;
  }

  private ServerApp app(Node n, String path) {
    MapNode m = mapping(n, path, "a mapping with " + String.join(", ", APP));
    if (m == null) {
      return null;
    }
    known(m, path, APP);
    List<String> modes = new ArrayList<>();
    for (String k : List.of("accept", "rate", "workers")) {
      if (m.entries().containsKey(k)) {
        modes.add(k);
      }
    }
    String how = "exactly one of accept: never, rate: R, workers: N (with service: D)";
    ServerApp.AcceptPolicy policy = null;
    if (modes.size() != 1) {
      error(m.loc(), path, how, modes.isEmpty() ? "none of them" : String.join(" and ", modes), "");
    } else if (modes.get(0).equals("accept")) {
      String v = optional(m, "accept", path, (x, p) -> choice(x, p, List.of("never")), null);
      policy = v == null ? null : new ServerApp.AcceptPolicy.Never();
    } else if (modes.get(0).equals("rate")) {
      Double r = optional(m, "rate", path, this::rate, null);
      policy = r == null ? null : new ServerApp.AcceptPolicy.Rate(r);
    } else {
      Long w = optional(m, "workers", path, (x, p) -> integer(x, p, 1, 1_000_000, "an integer 1..1000000"), null);
      Distribution d = required(m, "service", path, this::distribution);
      policy = w == null || d == null ? null : new ServerApp.AcceptPolicy.Workers(w.intValue(), d);
    }
    if (m.entries().containsKey("service") && !modes.contains("workers")) {
      error(m.entries().get("service").keyLoc(), path + ".service", "service only together with workers",
          "service without workers", "");
    }
    List<ServerApp.Pause> pauses = optional(m, "pauses", path, (x, p) -> list(x, p, this::pause), List.of());
    Long reply = optional(m, "reply-bytes", path, (x, p) -> integer(x, p, 0, Integer.MAX_VALUE,
        "a byte count 0.." + Integer.MAX_VALUE), 0L);
    String closes = optional(m, "closes", path, (x, p) -> choice(x, p, List.of("client", "server")), "client");
    if (policy == null || pauses == null || reply == null || closes == null) {
      return null;
    }
    return new ServerApp(policy, pauses, reply.intValue(), closes.equals("server"));
  }

  private ServerApp.Pause pause(Node n, String path) {
    MapNode m = mapping(n, path, "a mapping { at: D, for: D }");
    if (m == null) {
      return null;
    }
    known(m, path, PAUSE);
    Long at = required(m, "at", path, (v, p) -> duration(v, p, 0));
    Long len = required(m, "for", path, (v, p) -> duration(v, p, 1));
    return at == null || len == null ? null : new ServerApp.Pause(at, len);
  }

  private ClientPopulation client(Node n, String path, long scenarioDuration, Set<String> names) {
    MapNode m = mapping(n, path, "a mapping with " + String.join(", ", CLIENT));
    if (m == null) {
      return null;
    }
    known(m, path, CLIENT);
    String name = populationName(m, path, names, "clients-" + names.size());
    Long start = optional(m, "start", path, (v, p) -> duration(v, p, 0), 0L);
    Long stop = optional(m, "stop", path, (v, p) -> duration(v, p, 1), scenarioDuration);
    List<String> kinds = new ArrayList<>();
    for (String k : List.of("count", "rate", "bursts", "closed-loop")) {
      if (m.entries().containsKey(k)) {
        kinds.add(k);
      }
    }
    Arrival arrival = null;
    if (kinds.size() != 1) {
      error(m.loc(), path, "exactly one arrival process: count (with interval), rate, bursts or closed-loop",
          kinds.isEmpty() ? "none of them" : String.join(" and ", kinds), "");
    } else {
      switch (kinds.get(0)) {
        case "count": {
          Long count = optional(m, "count", path, (v, p) -> integer(v, p, 1, Integer.MAX_VALUE,
              "an integer 1.." + Integer.MAX_VALUE), null);
          Long interval = optional(m, "interval", path, (v, p) -> duration(v, p, 0), 0L);
          if (count != null && interval != null && start != null) {
            arrival = new Arrival.Constant(start, interval, count);
          }
          break;
        }
        case "rate": {
          Double r = optional(m, "rate", path, this::rate, null);
          if (r != null && start != null && stop != null) {
            arrival = new Arrival.Poisson(start, stop, r);
          }
          break;
        }
        case "bursts":
          arrival = optional(m, "bursts", path, this::bursts, null);
          break;
        default:
          arrival = optional(m, "closed-loop", path, (v, p) -> closedLoop(v, p, start, stop), null);
          break;
      }
    }
    if (!kinds.contains("count") && m.entries().containsKey("interval")) {
      error(m.entries().get("interval").keyLoc(), path + ".interval", "interval only together with count",
          "interval without count", "");
    }
    if (start != null && stop != null && start >= stop) {
      error(m.entries().containsKey("stop") ? m.entries().get("stop").value().loc() : m.loc(), path + ".stop",
          "a time after start (" + Units.formatDuration(start) + ")", Units.formatDuration(stop), "");
    }
    AddressPool from = optional(m, "from", path, (v, p) -> parsed(v, p, Units.CIDR_EXPECTED, Units::cidr)
        .orElse(null), Units.cidr("10." + Math.min(255, clientPools.size() + 1) + ".0.0/16"));
    if (from != null) {
      Loc where = m.entries().containsKey("from") ? m.entries().get("from").value().loc() : m.loc();
      if (contains(from, serverAddress)) {
        error(where, path + ".from", "a block without the server's address " + org.listensim.kernel.Ipv4.format(
            serverAddress), cidr(from), "clients and the server are different hosts");
      } else {
        for (Object[] other : clientPools) {
          if (overlap(from, (AddressPool) other[0])) {
            error(where, path + ".from", "a block no other client population uses",
                cidr(from) + ", which overlaps " + other[1] + "'s " + cidr((AddressPool) other[0]), "");
            break;
          }
        }
        clientPools.add(new Object[] {from, name == null ? path : name});
      }
    }
    Distribution delay = optional(m, "delay", path, this::distribution, Distribution.constant(0));
    Double loss = optional(m, "loss", path, this::probability, 0.0);
    Double lossTo = optional(m, "loss-to-server", path, this::probability, loss);
    Double lossFrom = optional(m, "loss-from-server", path, this::probability, loss);
    Long bytes = optional(m, "request-bytes", path, (v, p) -> integer(v, p, 0, Integer.MAX_VALUE,
        "a byte count 0.." + Integer.MAX_VALUE), 0L);
    Boolean ts = optional(m, "timestamps", path, this::bool, true);
    if (arrival == null || from == null || delay == null || lossTo == null || lossFrom == null || bytes == null
        || ts == null || name == null) {
      return null;
    }
    return new ClientPopulation(name, arrival, from, delay, lossTo, lossFrom, bytes.intValue(), ts);
  }

  private Arrival bursts(Node n, String path) {
    MapNode m = mapping(n, path, "a mapping { at: [times], size: N }");
    if (m == null) {
      return null;
    }
    known(m, path, BURSTS);
    List<Long> at = required(m, "at", path, (v, p) -> list(v, p, (x, q) -> duration(x, q, 0)));
    Long size = required(m, "size", path, (v, p) -> integer(v, p, 1, Integer.MAX_VALUE,
        "an integer 1.." + Integer.MAX_VALUE));
    return at == null || size == null ? null : new Arrival.Bursts(at, size);
  }

  private Arrival closedLoop(Node n, String path, Long start, Long stop) {
    MapNode m = mapping(n, path, "a mapping { clients: N, think: D }");
    if (m == null) {
      return null;
    }
    known(m, path, CLOSED_LOOP);
    Long clients = required(m, "clients", path, (v, p) -> integer(v, p, 1, 1_000_000, "an integer 1..1000000"));
    Distribution think = optional(m, "think", path, this::distribution, Distribution.constant(0));
    return clients == null || think == null || start == null || stop == null
        ? null
        : new Arrival.ClosedLoop(start, stop, clients.intValue(), think);
  }

  private SynFlood attacker(Node n, String path, long scenarioDuration, Set<String> names) {
    MapNode m = mapping(n, path, "a mapping with " + String.join(", ", ATTACKER));
    if (m == null) {
      return null;
    }
    known(m, path, ATTACKER);
    String kind = required(m, "kind", path, (v, p) -> choice(v, p, List.of("syn-flood")));
    String name = populationName(m, path, names, "flood-" + names.size());
    Double rate = required(m, "rate", path, this::rate);
    AddressPool from = required(m, "from", path, (v, p) -> parsed(v, p, Units.CIDR_EXPECTED, Units::cidr)
        .orElse(null));
    Long start = optional(m, "start", path, (v, p) -> duration(v, p, 0), 0L);
    Long stop = optional(m, "stop", path, (v, p) -> duration(v, p, 1), scenarioDuration);
    if (start != null && stop != null && start >= stop) {
      error(m.entries().containsKey("stop") ? m.entries().get("stop").value().loc() : m.loc(), path + ".stop",
          "a time after start (" + Units.formatDuration(start) + ")", Units.formatDuration(stop), "");
    }
    if (from != null && contains(from, serverAddress)) {
      error(m.entries().get("from").value().loc(), path + ".from", "a block without the server's address "
          + org.listensim.kernel.Ipv4.format(serverAddress), cidr(from), "");
    }
    String arrivals = optional(m, "arrivals", path, (v, p) -> choice(v, p, List.of("even", "poisson")), "even");
    String ports = optional(m, "ports", path, (v, p) -> choice(v, p, List.of("sequential", "random")), "sequential");
    Boolean ts = optional(m, "timestamps", path, this::bool, false);
    Distribution delay = optional(m, "delay", path, this::distribution, Distribution.constant(0));
    if (kind == null || name == null || rate == null || from == null || start == null || stop == null
        || arrivals == null || ports == null || ts == null || delay == null) {
      return null;
    }
    return new SynFlood(name, rate, arrivals.equals("poisson"), from, start, stop, ports.equals("random"), ts, delay);
  }

  private String populationName(MapNode m, String path, Set<String> names, String dflt) {
    Entry e = m.entries().get("name");
    String name = optional(m, "name", path, (v, p) -> text(v, p, "a name: letters, digits, '-', '_', '.'",
        "[A-Za-z0-9][A-Za-z0-9._-]*"), dflt);
    if (name != null && !names.add(name)) {
      error(e == null ? m.loc() : e.value().loc(), path + ".name",
          "a name no other client population or attacker has", "\"" + name + "\" again", "");
      return null;
    }
    return name;
  }

  static boolean contains(AddressPool pool, int addr) {
    return pool.prefixLength() == 0 || (addr & (int) (0xFFFFFFFFL << (32 - pool.prefixLength()))) == pool.base();
  }

  static boolean overlap(AddressPool a, AddressPool b) {
    return a.prefixLength() <= b.prefixLength() ? contains(a, b.base()) : contains(b, a.base());
  }

  static String cidr(AddressPool p) {
    return org.listensim.kernel.Ipv4.format(p.base()) + "/" + p.prefixLength();
  }

  // ---- typed values ---------------------------------------------------------------------------------

  @FunctionalInterface
  private interface Reader<T> {
    T read(Node n, String path);
  }

  private <T> T optional(MapNode m, String key, String parent, Reader<T> r, T dflt) {
    Entry e = m.entries().get(key);
    if (e == null) {
      return dflt;
    }
    return r.read(e.value(), join(parent, key));
  }

  private <T> T required(MapNode m, String key, String parent, Reader<T> r) {
    Entry e = m.entries().get(key);
    if (e == null) {
      error(m.loc(), join(parent, key), "the required field " + key, "no " + key, "");
      return null;
    }
    return r.read(e.value(), join(parent, key));
  }

  private <T> List<T> list(Node n, String path, Reader<T> item) {
    if (!(n instanceof ListNode l)) {
      error(n.loc(), path, "a list", describe(n), "");
      return null;
    }
    List<T> out = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < l.items().size(); i++) {
      T t = item.read(l.items().get(i), path + "[" + i + "]");
      ok &= t != null;
      out.add(t);
    }
    return ok ? out : null;
  }

  private static String join(String parent, String key) {
    return parent.isEmpty() ? key : parent + "." + key;
  }

  private MapNode mapping(Node n, String path, String expected) {
    if (n instanceof MapNode m) {
      return m;
    }
    error(n.loc(), path, expected, describe(n), "");
    return null;
  }

  private void known(MapNode m, String path, List<String> allowed) {
    for (Map.Entry<String, Entry> e : m.entries().entrySet()) {
      if (!allowed.contains(e.getKey())) {
        error(e.getValue().keyLoc(), join(path, e.getKey()), "one of the fields " + String.join(", ", allowed),
            "unknown field \"" + e.getKey() + "\"", didYouMean(e.getKey(), allowed));
      }
    }
  }

  private Scalar scalar(Node n, String path, String expected) {
    if (n instanceof Scalar s && s.kind() != Kind.NULL) {
      return s;
    }
    error(n.loc(), path, expected, describe(n), "");
    return null;
  }

  private Long integer(Node n, String path, long min, long max, String expected) {
    Scalar s = scalar(n, path, expected);
    if (s == null) {
      return null;
    }
    Long v = s.kind() == Kind.INT || s.kind() == Kind.STRING ? parseInteger(s.text()) : null;
    if (v == null || (s.kind() == Kind.STRING && !s.text().trim().toLowerCase().startsWith("0x"))) {
      error(s.loc(), path, expected, describe(s), "");
      return null;
    }
    if (v < min || v > max) {
      error(s.loc(), path, expected, s.text(), "");
      return null;
    }
    return v;
  }

  /** Decimal or 0x-hex, with optional sign and '_' separators; null when not an integer or out of long. */
  static Long parseInteger(String text) {
    String t = text.trim().replace("_", "");
    boolean neg = false;
    if (t.startsWith("+") || t.startsWith("-")) {
      neg = t.startsWith("-");
      t = t.substring(1);
    }
    try {
      java.math.BigInteger b;
      if (t.toLowerCase().startsWith("0x")) {
        b = new java.math.BigInteger(t.substring(2), 16);
      } else if (t.matches("[0-9]+")) {
        b = new java.math.BigInteger(t);
      } else {
        return null;
      }
      if (neg) {
        b = b.negate();
      }
      return b.bitLength() < 64 ? b.longValue() : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private Long choiceInt(Node n, String path, int[] choices) {
    StringBuilder c = new StringBuilder();
    for (int v : choices) {
      c.append(c.length() == 0 ? "" : ", ").append(v);
    }
    String expected = "one of " + c;
    Long v = integer(n, path, Long.MIN_VALUE, Long.MAX_VALUE, expected);
    if (v == null) {
      return null;
    }
    for (int x : choices) {
      if (x == v) {
        return v;
      }
    }
    error(n.loc(), path, expected, String.valueOf(v), "");
    return null;
  }

  private String choice(Node n, String path, List<String> choices) {
    String expected = "one of " + String.join(", ", choices);
    Scalar s = scalar(n, path, expected);
    if (s == null) {
      return null;
    }
    if (s.kind() != Kind.STRING || !choices.contains(s.text())) {
      error(s.loc(), path, expected, describe(s), s.kind() == Kind.STRING ? didYouMean(s.text(), choices) : "");
      return null;
    }
    return s.text();
  }

  private String text(Node n, String path, String expected, String regex) {
    Scalar s = scalar(n, path, expected);
    if (s == null) {
      return null;
    }
    if (regex != null && !s.text().matches(regex)) {
      error(s.loc(), path, expected, describe(s), "");
      return null;
    }
    return s.text();
  }

  private Boolean bool(Node n, String path) {
    Scalar s = scalar(n, path, "true or false");
    if (s == null) {
      return null;
    }
    if (s.kind() != Kind.BOOL) {
      error(s.loc(), path, "true or false", describe(s), "");
      return null;
    }
    return Boolean.parseBoolean(s.text());
  }

  private Long duration(Node n, String path, long min) {
    String expected = min > 0 ? Units.DURATION_EXPECTED.replace("a duration:", "a duration greater than 0:")
        .replace(", or 0", "") : Units.DURATION_EXPECTED;
    Scalar s = scalar(n, path, expected);
    if (s == null) {
      return null;
    }
    if (s.kind() == Kind.INT && !s.text().trim().equals("0")) {
      error(s.loc(), path, expected, describe(s) + " without a unit", "write e.g. " + s.text() + "s or "
          + s.text() + "ms");
      return null;
    }
    Long v = parsed(s, path, expected, Units::duration).orElse(null);
    if (v != null && v < min) {
      error(s.loc(), path, expected, s.text(), "");
      return null;
    }
    return v;
  }

  private Double rate(Node n, String path) {
    Scalar s = scalar(n, path, Units.RATE_EXPECTED);
    return s == null ? null : parsed(s, path, Units.RATE_EXPECTED, Units::ratePerSecond).orElse(null);
  }

  private Distribution distribution(Node n, String path) {
    Scalar s = scalar(n, path, Units.DISTRIBUTION_EXPECTED);
    if (s == null) {
      return null;
    }
    if (s.kind() == Kind.INT && !s.text().trim().equals("0")) {
      error(s.loc(), path, Units.DISTRIBUTION_EXPECTED, describe(s) + " without a unit", "");
      return null;
    }
    if (s.kind() == Kind.STRING && s.text().contains("(") && !s.text().contains(")")) {
      error(s.loc(), path, Units.DISTRIBUTION_EXPECTED, describe(s),
          "inside { } a comma ends an unquoted value: quote the distribution, e.g. \"uniform(1ms, 3ms)\"");
      return null;
    }
    return parsed(s, path, Units.DISTRIBUTION_EXPECTED, Units::distribution).orElse(null);
  }

  private Double probability(Node n, String path) {
    String expected = "a probability 0..1 (e.g. 0.01)";
    Scalar s = scalar(n, path, expected);
    if (s == null) {
      return null;
    }
    double v;
    try {
      v = s.kind() == Kind.INT || s.kind() == Kind.FLOAT ? Double.parseDouble(s.text()) : Double.NaN;
    } catch (NumberFormatException e) {
      v = Double.NaN;
    }
    if (!(v >= 0 && v <= 1)) {
      error(s.loc(), path, expected, describe(s), "");
      return null;
    }
    return v;
  }

  private <T> java.util.Optional<T> parsed(Node n, String path, String expected, Function<String, T> f) {
    Scalar s = scalar(n, path, expected);
    if (s == null) {
      return java.util.Optional.empty();
    }
    try {
      return java.util.Optional.of(f.apply(s.text()));
    } catch (IllegalArgumentException e) {
      error(s.loc(), path, e.getMessage(), describe(s), "");
      return java.util.Optional.empty();
    }
  }

  // ---- errors ---------------------------------------------------------------------------------------

  private void error(Loc loc, String path, String expected, String found, String hint) {
    errors.add(new ScenarioError(file, loc.line(), loc.column(), path, expected, found, hint));
  }

  static String describe(Node n) {
    if (n instanceof MapNode) {
      return "a mapping";
    }
    if (n instanceof ListNode) {
      return "a list";
    }
    Scalar s = (Scalar) n;
    switch (s.kind()) {
      case NULL:
        return "nothing (null)";
      case STRING:
        return "\"" + s.text() + "\"";
      case BOOL:
        return s.text() + " (a boolean)";
      default:
        return s.text();
    }
  }

  /** "did you mean …?" for the closest allowed word within a small edit distance, else empty. */
  static String didYouMean(String word, List<String> allowed) {
    String best = null;
    int bestD = Integer.MAX_VALUE;
    for (String a : allowed) {
      int d = editDistance(word.toLowerCase(), a.toLowerCase());
      if (d < bestD) {
        bestD = d;
        best = a;
      }
    }
    int limit = Math.max(2, word.length() / 3);
    return best != null && bestD <= limit ? "did you mean \"" + best + "\"?" : "";
  }

  static int editDistance(String a, String b) {
    int[] prev = new int[b.length() + 1];
    int[] cur = new int[b.length() + 1];
    for (int j = 0; j <= b.length(); j++) {
      prev[j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      cur[0] = i;
      for (int j = 1; j <= b.length(); j++) {
        int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
        cur[j] = Math.min(sub, Math.min(prev[j] + 1, cur[j - 1] + 1));
      }
      int[] t = prev;
      prev = cur;
      cur = t;
    }
    return prev[b.length()];
  }
}
