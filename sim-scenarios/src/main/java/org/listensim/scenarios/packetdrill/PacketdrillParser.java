package org.listensim.scenarios.packetdrill;

import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.TcpFlags;
import org.listensim.scenarios.packetdrill.Ast.Action;
import org.listensim.scenarios.packetdrill.Ast.Event;
import org.listensim.scenarios.packetdrill.Ast.EventTime;
import org.listensim.scenarios.packetdrill.Ast.Expr;
import org.listensim.scenarios.packetdrill.Ast.TcpOpt;
import org.listensim.scenarios.packetdrill.Ast.TimeKind;
import org.listensim.scenarios.packetdrill.Token.Kind;

/**
 * A hand-written recursive-descent reader of packetdrill scripts (the grammar of packetdrill's
 * {@code syntax.md}: options, an optional init command, timed events, an optional cleanup command),
 * restricted to what a TCP/IPv4 listen path needs, plus this project's peer extension on packet lines.
 * Every error is a {@link ScriptException} naming line, column, what was expected and what was found.
 */
public final class PacketdrillParser {
  private static final long U32_MAX = 0xFFFF_FFFFL;

  private final String name;
  private final String src;
  private final List<Token> toks;
  private int i;

  private PacketdrillParser(String name, String src) {
    this.name = name;
    this.src = src;
    this.toks = new Lexer(name, src).tokens();
  }

  /** Parses the script text; {@code name} is how errors name it (e.g. its file name). */
  public static Ast.Script parse(String name, String text) {
    return new PacketdrillParser(name, text).script();
  }

  public static Ast.Script parse(Path file) throws IOException {
    return parse(file.getFileName().toString(), Files.readString(file, StandardCharsets.UTF_8));
  }

  // ---- token helpers --------------------------------------------------------------------------------

  private Token peek() {
    return toks.get(i);
  }

  private Token peek(int k) {
    return toks.get(Math.min(i + k, toks.size() - 1));
  }

  private Token take() {
    Token t = toks.get(i);
    if (t.kind() != Kind.EOF) {
      i++;
    }
    return t;
  }

  private Token last() {
    return toks.get(Math.max(0, i - 1));
  }

  private ScriptException error(Token at, String expected) {
    return new ScriptException(name, at.line(), at.column(), expected, at.describe());
  }

  private ScriptException unsupported(Token at, String what) {
    return ScriptException.other(name, at.line(), at.column(), what);
  }

  private Token expect(char c, String what) {
    if (!peek().is(c)) {
      throw error(peek(), what);
    }
    return take();
  }

  private long integer(String what, long min, long max) {
    Token t = peek();
    if (t.kind() != Kind.INTEGER && t.kind() != Kind.HEX_INTEGER) {
      throw error(t, what);
    }
    take();
    long v;
    try {
      v = t.kind() == Kind.HEX_INTEGER ? Long.parseUnsignedLong(t.text().substring(2), 16) : Long.parseLong(t.text());
    } catch (NumberFormatException e) {
      throw error(t, what + " (" + min + " to " + max + ")");
    }
    if (v < min || v > max) {
      throw error(t, what + " (" + min + " to " + max + ")");
    }
    return v;
  }

  // ---- script ---------------------------------------------------------------------------------------

  private Ast.Script script() {
    List<Ast.ScriptOption> options = new ArrayList<>();
    while (peek().kind() == Kind.OPTION) {
      Token o = take();
      String value = null;
      String optName = o.text();
      int eq = optName.indexOf('=');
      if (eq >= 0) {
        value = optName.substring(eq + 1);
        optName = optName.substring(0, eq);
        if (value.isEmpty()) {
          throw ScriptException.other(name, o.line(), o.column() + eq + 1,
              "expected a value for option " + optName + " (--name=value)");
        }
      }
      options.add(new Ast.ScriptOption(o.line(), o.column(), optName.substring(2), value));
    }
    List<Event> events = new ArrayList<>();
    while (peek().kind() != Kind.EOF) {
      Token t = peek();
      if (t.kind() == Kind.BACK_QUOTED && (events.isEmpty() || peek(1).kind() == Kind.EOF)) {
        take();
        events.add(new Event(t.line(), t.column(), new EventTime(TimeKind.NONE, 0, 0, -1),
            new Ast.Command(t.text()), "`" + t.text() + "`"));
        continue;
      }
      events.add(event());
    }
    if (events.isEmpty()) {
      throw error(peek(), "at least one event (a time followed by a packet, a system call or a command)");
    }
    return new Ast.Script(name, List.copyOf(options), List.copyOf(events));
  }

  private Event event() {
    Token first = peek();
    EventTime time = eventTime();
    Token actionStart = peek();
    Action action = action(time, first);
    int end = last().end();
    String text = src.substring(actionStart.start(), end).replaceAll("\\s+", " ").trim();
    return new Event(first.line(), first.column(), time, action, text);
  }

  private EventTime eventTime() {
    Token t = peek();
    long blockingEnd = -1;
    EventTime et;
    if (t.is('*')) {
      take();
      et = new EventTime(TimeKind.ANY, 0, 0, -1);
    } else if (t.is('+')) {
      take();
      long a = time();
      long b = a;
      if (peek().is('~')) {
        take();
        expect('+', "'+' before the end of a relative time range (+a~+b)");
        b = time();
        checkRange(t, a, b);
      }
      et = new EventTime(TimeKind.RELATIVE, a, b, -1);
    } else if (t.kind() == Kind.INTEGER || t.kind() == Kind.FLOAT) {
      long a = time();
      long b = a;
      if (peek().is('~')) {
        take();
        b = time();
        checkRange(t, a, b);
      }
      et = new EventTime(TimeKind.ABSOLUTE, a, b, -1);
    } else {
      throw error(t, "a time (seconds, +seconds, a~b or *)");
    }
    if (peek().kind() == Kind.ELLIPSIS) {
      Token e = take();
      if (et.kind() == TimeKind.ANY || et.isRange()) {
        throw unsupported(e, "a blocking call's end time (start...end) needs a single start time, not "
            + (et.kind() == TimeKind.ANY ? "*" : "a range"));
      }
      blockingEnd = time();
      if (blockingEnd < et.start()) {
        throw error(last(), "an end time not before the start time " + seconds(et.start()));
      }
      et = new EventTime(et.kind(), et.start(), et.end(), blockingEnd);
    }
    return et;
  }

  private void checkRange(Token at, long a, long b) {
    if (b < a) {
      throw error(last(), "a range end not before its start " + seconds(a) + " (a~b with a <= b)");
    }
  }

  static String seconds(long ns) {
    return BigDecimal.valueOf(ns, 9).stripTrailingZeros().toPlainString();
  }

  /** A non-negative time in seconds, to the nanosecond. */
  private long time() {
    Token t = peek();
    if (t.kind() != Kind.INTEGER && t.kind() != Kind.FLOAT) {
      throw error(t, "a time in seconds");
    }
    take();
    BigDecimal d = new BigDecimal(t.text().startsWith(".") || t.text().startsWith("-.")
        ? t.text().replace(".", "0.") : t.text());
    if (d.signum() < 0) {
      throw error(t, "a non-negative time");
    }
    BigDecimal ns = d.movePointRight(9);
    if (ns.stripTrailingZeros().scale() > 0) {
      throw error(t, "a time with at most 9 decimals (nanoseconds)");
    }
    if (ns.compareTo(BigDecimal.valueOf(Long.MAX_VALUE / 4)) > 0) {
      throw error(t, "a time below " + Long.MAX_VALUE / 4 / 1_000_000_000L + " s");
    }
    return ns.longValueExact();
  }

  private Action action(EventTime time, Token first) {
    Token t = peek();
    if (t.is('<') || t.is('>')) {
      if (time.blockingEnd() >= 0) {
        throw unsupported(first, "only a system call can have an end time (start...end)");
      }
      return packet();
    }
    if (t.kind() == Kind.BACK_QUOTED) {
      take();
      return new Ast.Command(t.text());
    }
    if (t.kind() == Kind.CODE) {
      take();
      return new Ast.Code(t.text());
    }
    if (t.kind() == Kind.WORD && peek(1).is('(')) {
      return syscall();
    }
    throw error(t, "a packet ('<' or '>'), a system call (name(...)) or a `command`");
  }

  // ---- packets --------------------------------------------------------------------------------------

  private Ast.Packet packet() {
    boolean inbound = take().is('<');
    Ast.Endpoint peer = null;
    Integer localPort = null;
    Token t = peek();
    if (t.kind() == Kind.IPV4_ADDR) {
      take();
      int addr;
      try {
        addr = Ipv4.parse(t.text());
      } catch (IllegalArgumentException e) {
        throw error(t, "an IPv4 address (octets 0 to 255)");
      }
      Integer port = null;
      if (peek().is(':')) {
        take();
        port = (int) integer("a port number after ':'", 1, 65535);
      }
      peer = new Ast.Endpoint(addr, port);
      t = peek();
    }
    if (t.kind() == Kind.WORD && List.of("ipv4", "ipv6", "gre", "GREv0", "mpls").contains(t.text())) {
      throw unsupported(t, "encapsulation prefixes (" + t.text() + " ...:) are not supported; "
          + "give the remote peer as '" + (inbound ? "<" : ">") + " a.b.c.d:port' (docs/packetdrill.md)");
    }
    if (t.is('(') || t.is('[')) {
      throw unsupported(t, "IP header fields (ECN, TOS, TTL, flow label) are not modelled");
    }
    if (t.kind() == Kind.INTEGER && peek(1).is('>')) {
      int a = (int) integer("a source port", 1, 65535);
      take();
      int b = (int) integer("a destination port after '>'", 1, 65535);
      int remote = inbound ? a : b;
      localPort = inbound ? b : a;
      if (peer != null && peer.port() != null && peer.port() != remote) {
        throw error(last(), "the same remote port as the peer prefix (" + peer.port() + ")");
      }
      peer = new Ast.Endpoint(peer == null ? null : peer.address(), remote);
      t = peek();
    }
    int flags = flags();
    long start = integer("the start sequence number (start:end(length))", 0, U32_MAX);
    expect(':', "':' in start:end(length)");
    long end = integer("the end sequence number (start:end(length))", 0, U32_MAX);
    expect('(', "'(' in start:end(length)");
    Token lenTok = peek();
    long len = integer("the payload length in start:end(length)", 0, 65535);
    expect(')', "')' closing start:end(length)");
    if (((start + len) & U32_MAX) != end) {
      throw error(lenTok, "a length equal to end - start (" + ((end - start) & U32_MAX) + ")");
    }
    Long ack = null;
    Integer window = null;
    if (peek().isWord("ack")) {
      Token a = take();
      ack = integer("an acknowledgement number after 'ack'", 0, U32_MAX);
      if ((flags & TcpFlags.ACK) == 0) {
        throw error(a, "the ACK flag '.' for a packet with an 'ack' number");
      }
    }
    if (peek().isWord("win")) {
      take();
      window = (int) integer("a window after 'win'", 0, 65535);
    }
    if (peek().isWord("urg")) {
      throw unsupported(peek(), "urgent pointers are not modelled");
    }
    List<TcpOpt> options = List.of();
    if (peek().is('<')) {
      options = optionList();
    }
    return new Ast.Packet(inbound, peer, localPort, flags, start, end, (int) len, ack, window, options);
  }

  private int flags() {
    Token t = peek();
    int f = 0;
    if (t.is('-')) {
      take();
      return 0;
    }
    if (t.kind() == Kind.WORD) {
      if (t.text().equals("udp") || t.text().equals("icmp")) {
        throw unsupported(t, t.text() + " packets are not modelled; only TCP");
      }
      take();
      for (int k = 0; k < t.text().length(); k++) {
        char c = t.text().charAt(k);
        int bit = switch (c) {
          case 'S' -> TcpFlags.SYN;
          case 'F' -> TcpFlags.FIN;
          case 'R' -> TcpFlags.RST;
          case 'P' -> TcpFlags.PSH;
          case 'U' -> TcpFlags.URG;
          case 'E' -> TcpFlags.ECE;
          case 'W' -> TcpFlags.CWR;
          default -> -1;
        };
        if (bit < 0) {
          throw ScriptException.other(name, t.line(), t.column() + k,
              "expected TCP flags (S F R P U E W, '.' for ACK, '-' for none), found '" + c + "' in '" + t.text() + "'");
        }
        f |= bit;
      }
      if (peek().is('.')) {
        take();
        f |= TcpFlags.ACK;
      }
      return f;
    }
    if (t.is('.')) {
      take();
      return TcpFlags.ACK;
    }
    throw error(t, "TCP flags (e.g. S, S., ., F., R, P., '-' for none)");
  }

  private List<TcpOpt> optionList() {
    expect('<', "'<'");
    if (peek().kind() == Kind.ELLIPSIS) {
      take();
      expect('>', "'>' closing <...>");
      return TcpOpt.ANY_OPTIONS;
    }
    List<TcpOpt> out = new ArrayList<>();
    while (true) {
      out.add(option());
      if (peek().is(',')) {
        take();
        continue;
      }
      expect('>', "',' or '>' in the option list");
      return List.copyOf(out);
    }
  }

  private TcpOpt option() {
    Token t = peek();
    if (t.kind() != Kind.WORD) {
      throw error(t, "a TCP option (nop, eol, mss N, wscale N, sackOK, sack a:b, TS val X ecr Y)");
    }
    take();
    switch (t.text()) {
      case "nop":
      case "eol":
      case "sackOK":
        return new TcpOpt(t.text(), 0, 0, List.of());
      case "mss":
        return new TcpOpt("mss", integer("an MSS value after 'mss'", 0, 65535), 0, List.of());
      case "wscale":
        return new TcpOpt("wscale", integer("a shift count after 'wscale'", 0, 255), 0, List.of());
      case "TS": {
        if (!peek().isWord("val")) {
          throw error(peek(), "'val' after 'TS'");
        }
        take();
        long val = integer("a TS value after 'val'", 0, U32_MAX);
        if (!peek().isWord("ecr")) {
          throw error(peek(), "'ecr' after the TS value");
        }
        take();
        long ecr = integer("a TS echo reply after 'ecr'", 0, U32_MAX);
        return new TcpOpt("TS", val, ecr, List.of());
      }
      case "sack": {
        List<long[]> blocks = new ArrayList<>();
        do {
          long a = integer("a SACK block start:end", 0, U32_MAX);
          expect(':', "':' in a SACK block");
          long b = integer("a SACK block end", 0, U32_MAX);
          blocks.add(new long[] {a, b});
        } while (peek().kind() == Kind.INTEGER);
        return new TcpOpt("sack", 0, 0, List.copyOf(blocks));
      }
      case "md5":
      case "FO":
      case "FOEXP": {
        // Parsed (packetdrill's suite uses them); a run rejects them: 2.6.32 has no Fast Open or TCP-MD5.
        long blob = 0;
        if (peek().kind() == Kind.WORD || peek().kind() == Kind.INTEGER || peek().kind() == Kind.HEX_INTEGER) {
          take();
          blob = 1;
        }
        return new TcpOpt(t.text(), blob, 0, List.of());
      }
      case "ECN":
        throw unsupported(t, "the TCP option " + t.text() + " is not modelled (2.6.32 listen path)");
      default:
        throw error(t, "a TCP option (nop, eol, mss N, wscale N, sackOK, sack a:b, TS val X ecr Y)");
    }
  }

  // ---- system calls ---------------------------------------------------------------------------------

  private Ast.Syscall syscall() {
    String fn = take().text();
    Token open = expect('(', "'('");
    List<Expr> args = new ArrayList<>();
    if (!peek().is(')')) {
      args.add(expression());
      while (peek().is(',')) {
        take();
        args.add(expression());
      }
    }
    Token close = expect(')', "',' or ')' in the argument list");
    String argsText = src.substring(open.end(), close.start()).replaceAll("\\s+", " ").trim();
    expect('=', "'=' and the expected result of " + fn + "()");
    Expr result = expression();
    String errno = null;
    String note = null;
    if (peek().kind() == Kind.WORD) {
      Token e = take();
      if (!e.text().matches("E[A-Z0-9]+")) {
        throw error(e, "an errno name (e.g. EAGAIN)");
      }
      errno = e.text();
    }
    if (peek().is('(')) {
      Token o = take();
      int depth = 1;
      while (depth > 0) {
        Token w = take();
        if (w.kind() == Kind.EOF) {
          throw error(w, "')' closing the note opened at line " + o.line() + " column " + o.column());
        }
        if (w.is('(')) {
          depth++;
        } else if (w.is(')')) {
          depth--;
        }
      }
      note = src.substring(o.end(), last().start()).replaceAll("\\s+", " ").trim();
    }
    if (errno != null && !(result instanceof Ast.Int r && r.value() == -1)) {
      throw ScriptException.other(name, open.line(), open.column(),
          "an errno (" + errno + ") goes with the result -1");
    }
    return new Ast.Syscall(fn, List.copyOf(args), argsText, result, errno, note);
  }

  private Expr expression() {
    Expr e = primary();
    while (peek().is('|')) {
      take();
      e = new Ast.Or(e, primary());
    }
    return e;
  }

  private Expr primary() {
    Token t = peek();
    switch (t.kind()) {
      case ELLIPSIS:
        take();
        return new Ast.Ellipsis();
      case INTEGER:
      case HEX_INTEGER:
        return new Ast.Int(integer("an integer", Long.MIN_VALUE, Long.MAX_VALUE));
      case STRING:
        take();
        if (peek().kind() == Kind.ELLIPSIS) {
          take();
        }
        return new Ast.Str(t.text());
      case WORD: {
        take();
        if (peek().is('(')) {
          take();
          List<Expr> args = new ArrayList<>();
          if (!peek().is(')')) {
            args.add(expression());
            while (peek().is(',')) {
              take();
              args.add(expression());
            }
          }
          expect(')', "',' or ')'");
          if (peek().is('=')) {
            // msg_name(...)=... of a msghdr
            take();
            return new Ast.Assign(t.text() + "(...)", expression());
          }
          return new Ast.Call(t.text(), List.copyOf(args));
        }
        if (peek().is('=')) {
          take();
          return new Ast.Assign(t.text(), expression());
        }
        return new Ast.Word(t.text());
      }
      default:
        break;
    }
    if (t.is('[') || t.is('{')) {
      take();
      char close = t.is('[') ? ']' : '}';
      List<Expr> items = new ArrayList<>();
      if (!peek().is(close)) {
        items.add(expression());
        while (peek().is(',')) {
          take();
          items.add(expression());
        }
      }
      expect(close, "',' or '" + close + "'");
      return t.is('[') ? new Ast.Array(List.copyOf(items)) : new Ast.Braces(List.copyOf(items));
    }
    throw error(t, "an expression (number, name, \"string\", [array], {struct} or ...)");
  }
}
