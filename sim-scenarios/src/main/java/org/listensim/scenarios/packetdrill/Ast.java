package org.listensim.scenarios.packetdrill;

import java.util.List;

/** The parsed form of a packetdrill script. Times are in nanoseconds; numbers keep their written value. */
public final class Ast {
  private Ast() {}

  /** A whole script: its {@code --name=value} options and its events in order. */
  public record Script(String name, List<ScriptOption> options, List<Event> events) {}

  public record ScriptOption(int line, int column, String name, String value) {}

  /**
   * One line of the script: when, what, and where it was written. {@code text} is the action as written
   * (without its time), white space collapsed.
   */
  public record Event(int line, int column, EventTime time, Action action, String text) {}

  /** How an event's time is written. */
  public enum TimeKind {
    /** {@code 1.5}: seconds since the script's start. */
    ABSOLUTE,
    /** {@code +0.1}: after the previous event. */
    RELATIVE,
    /** {@code *}: whenever it happens. */
    ANY,
    /** An untimed command before the first or after the last event. */
    NONE
  }

  /**
   * The time column: kind, start and end of the allowed interval (equal unless {@code a~b}) and, for a
   * blocking system call written {@code start...end}, the end (same kind as the start); −1 if absent.
   */
  public record EventTime(TimeKind kind, long start, long end, long blockingEnd) {
    public boolean isRange() {
      return start != end;
    }
  }

  /** What an event does. */
  public sealed interface Action permits Packet, Syscall, Command, Code {}

  /** {@code <} (inbound) or {@code >} (expected outbound) TCP segment. */
  public record Packet(
      boolean inbound,
      Endpoint peer,
      Integer localPort,
      int flags,
      long seqStart,
      long seqEnd,
      int length,
      Long ack,
      Integer window,
      List<TcpOpt> options) implements Action {}

  /**
   * The remote peer of a packet line: the extension {@code < 10.0.0.7:40000 S ...} / {@code > 10.0.0.7:40000
   * S. ...}, or the port of {@code < 40001 > 8080 S ...}. Null address or port: the default.
   */
  public record Endpoint(Integer address, Integer port) {}

  /** One TCP option as written; {@code ANY_OPTIONS} stands for {@code <...>}. */
  public record TcpOpt(String kind, long a, long b, List<long[]> sackBlocks) {
    public static final List<TcpOpt> ANY_OPTIONS = List.of(new TcpOpt("...", 0, 0, List.of()));

    public String render() {
      return switch (kind) {
        case "mss", "wscale" -> kind + " " + a;
        case "TS" -> "TS val " + a + " ecr " + b;
        case "sack" -> {
          StringBuilder s = new StringBuilder("sack");
          for (long[] blk : sackBlocks) {
            s.append(' ').append(blk[0]).append(':').append(blk[1]);
          }
          yield s.toString();
        }
        default -> kind;
      };
    }
  }

  /** A system call with its expected result: {@code = value}, or {@code = -1 ERRNO (note)}. */
  public record Syscall(String name, List<Expr> args, String argsText, Expr result, String errno, String note)
      implements Action {}

  /** A back-quoted shell command. */
  public record Command(String text) implements Action {}

  /** A {@code %{ ... }%} code block. */
  public record Code(String text) implements Action {}

  /** Expressions of system-call arguments and results. */
  public sealed interface Expr permits Ellipsis, Int, Word, Str, Or, Assign, Array, Call, Braces {}

  public record Ellipsis() implements Expr {}

  public record Int(long value) implements Expr {}

  public record Word(String name) implements Expr {}

  public record Str(String value) implements Expr {}

  public record Or(Expr left, Expr right) implements Expr {}

  public record Assign(String name, Expr value) implements Expr {}

  public record Array(List<Expr> items) implements Expr {}

  /** {@code htons(8080)}, {@code inet_addr("1.2.3.4")}. */
  public record Call(String name, List<Expr> args) implements Expr {}

  /** {@code {a=1, b=2}} (a sockaddr, a linger, ...). */
  public record Braces(List<Expr> items) implements Expr {}
}
