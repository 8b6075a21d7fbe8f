package org.listensim.scenarios.packetdrill;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.listensim.core.Simulator;
import org.listensim.core.Timer;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.Sysctl;
import org.listensim.kernel.Sysctls;
import org.listensim.kernel.TcpFlags;
import org.listensim.kernel.TcpOptions;
import org.listensim.kernel.TcpSegment;
import org.listensim.kernel.ipv4.Errno;
import org.listensim.kernel.ipv4.Host;
import org.listensim.kernel.ipv4.TcpSock;
import org.listensim.scenarios.EventObserver;
import org.listensim.scenarios.Scenario;
import org.listensim.scenarios.packetdrill.Ast.Event;
import org.listensim.scenarios.packetdrill.Ast.Expr;
import org.listensim.scenarios.packetdrill.Ast.TcpOpt;
import org.listensim.scenarios.packetdrill.Ast.TimeKind;
import org.listensim.scenarios.packetdrill.RunReport.FailureKind;

/**
 * Runs a packetdrill script against a simulated Linux 2.6.32 host, the "kernel under test", at
 * packetdrill's local address 192.168.0.1; the remote peer is 192.0.2.1:40000 unless a packet line names
 * another ({@code < 10.0.0.7:40000 S ...}). Events run in virtual time: inbound packets and system calls
 * at their time after the kernel timers of that instant; every segment the kernel sends is checked, in
 * order, against the expected {@code >} lines — exactly in time unless a tolerance is set.
 *
 * <p>Entry points for a command line: {@link #run(Path, Options)} and {@link RunReport#render()}.
 */
public final class PacketdrillRunner {
  /** packetdrill's default local (kernel under test) address. */
  public static final int LOCAL_ADDRESS = Ipv4.parse("192.168.0.1");
  /** The port {@code bind(fd, ..., ...)} binds, as packetdrill's default sockaddr. */
  public static final int DEFAULT_LOCAL_PORT = 8080;
  /** packetdrill's default remote address. */
  public static final int REMOTE_ADDRESS = Ipv4.parse("192.0.2.1");
  /** The remote port of packets that name none. */
  public static final int DEFAULT_REMOTE_PORT = 40000;
  /** Window of an inbound packet without {@code win}. */
  public static final int DEFAULT_INBOUND_WINDOW = 65535;

  private static final long U32 = 0xFFFF_FFFFL;

  /**
   * How to run.
   *
   * @param toleranceNanos allowed difference between a packet's or call's time and the script's
   *     (0: exact); the script's {@code --tolerance_usecs=N} overrides it
   * @param absolute sequence, acknowledgement and TS numbers as on the wire (no ISN/TS relative mapping)
   * @param record record mode: ignore the script's {@code >} lines and write the kernel's packets in
   * @param recordHorizonNanos record mode: how long after the last event to keep recording
   * @param hz the kernel's HZ (100, 250, 300, 1000)
   * @param seed the simulation seed (the kernel's ISN secret and other random values)
   * @param isn a fixed ISN for every passive open, or null for the model's secure ISNs
   * @param hashRnd the SYN tables' {@code hash_rnd} (0 as in the listen-path spec's examples)
   * @param maxWaitNanos how long to wait for a {@code *} packet or to look for a late one
   * @param sysctls sysctl values set before the script starts (a scenario's {@code sysctl:}); the script's
   *     own {@code sysctl} commands still apply on top
   */
  public record Options(
      long toleranceNanos, boolean absolute, boolean record, long recordHorizonNanos, int hz, long seed,
      Integer isn, int hashRnd, long maxWaitNanos, Map<Sysctl, Integer> sysctls) {
    public Options {
      sysctls = Map.copyOf(sysctls);
    }

    public static Options defaults() {
      return new Options(0, false, false, 300_000_000_000L, 1000, 1, null, 0, 600_000_000_000L, Map.of());
    }

    /**
     * What {@code listensim run FILE} runs a scripted scenario with: the file's HZ, seed and sysctls, its
     * {@code synq-hash-rnd} pin (else 0, as {@code listensim pkt}) and its {@code isn.first} pin.
     */
    public static Options forScenario(Scenario s) {
      Options o = defaults().withHz(s.hz()).withSeed(s.seed()).withSysctls(s.sysctls());
      if (s.pins().synqHashRnd() != null) {
        o = o.withHashRnd((int) (long) s.pins().synqHashRnd());
      }
      if (s.pins().isnFirst() != null) {
        o = o.withIsn((int) (long) s.pins().isnFirst());
      }
      return o;
    }

    public Options withHashRnd(int h) {
      return new Options(toleranceNanos, absolute, record, recordHorizonNanos, hz, seed, isn, h, maxWaitNanos, sysctls);
    }

    public Options withSysctls(Map<Sysctl, Integer> values) {
      return new Options(toleranceNanos, absolute, record, recordHorizonNanos, hz, seed, isn, hashRnd, maxWaitNanos,
          values);
    }

    public Options withTolerance(long nanos) {
      return new Options(nanos, absolute, record, recordHorizonNanos, hz, seed, isn, hashRnd, maxWaitNanos, sysctls);
    }

    public Options withAbsolute(boolean a) {
      return new Options(toleranceNanos, a, record, recordHorizonNanos, hz, seed, isn, hashRnd, maxWaitNanos, sysctls);
    }

    public Options withRecord(boolean r) {
      return new Options(toleranceNanos, absolute, r, recordHorizonNanos, hz, seed, isn, hashRnd, maxWaitNanos, sysctls);
    }

    public Options withRecordHorizon(long nanos) {
      return new Options(toleranceNanos, absolute, record, nanos, hz, seed, isn, hashRnd, maxWaitNanos, sysctls);
    }

    public Options withHz(int h) {
      return new Options(toleranceNanos, absolute, record, recordHorizonNanos, h, seed, isn, hashRnd, maxWaitNanos, sysctls);
    }

    public Options withSeed(long s) {
      return new Options(toleranceNanos, absolute, record, recordHorizonNanos, hz, s, isn, hashRnd, maxWaitNanos, sysctls);
    }

    public Options withIsn(Integer i) {
      return new Options(toleranceNanos, absolute, record, recordHorizonNanos, hz, seed, i, hashRnd, maxWaitNanos, sysctls);
    }
  }

  private PacketdrillRunner() {}

  /** Reads, parses and runs one script file. Never throws for a bad script: the report says what failed. */
  public static RunReport run(Path script, Options options) throws IOException {
    return run(script.getFileName().toString(), Files.readString(script, StandardCharsets.UTF_8), options);
  }

  /** Parses and runs script text; {@code name} is how the report and errors name it. */
  public static RunReport run(String name, String text, Options options) {
    Ast.Script script;
    try {
      script = PacketdrillParser.parse(name, text);
    } catch (ScriptException e) {
      return new RunReport(name, false,
          new RunReport.Failure(e.line(), e.column(), FailureKind.PARSE, messageOf(e), null, null),
          List.of(), List.of(), 0);
    }
    return run(script, options);
  }

  /** Runs a parsed script. */
  public static RunReport run(Ast.Script script, Options options) {
    return run(script, options, EventObserver.NONE);
  }

  /**
   * Parses and runs script text with an observer (for tests that check invariants at every event; the
   * observer does not change the run). It is {@linkplain EventObserver#started started} when the first
   * {@code listen()} of the script succeeds, with the kernel under test and that listening socket, sees
   * every trace record from then on, and is {@linkplain EventObserver#finished finished} with {@code
   * null} (a script has no {@code RunResult}) when the script ran to its end without failing.
   */
  public static RunReport run(String name, String text, Options options, EventObserver observer) {
    try {
      return run(PacketdrillParser.parse(name, text), options, observer);
    } catch (ScriptException e) {
      return run(name, text, options);
    }
  }

  /** Runs a parsed script with an observer; see {@link #run(String, String, Options, EventObserver)}. */
  public static RunReport run(Ast.Script script, Options options, EventObserver observer) {
    return new Execution(script, options, observer).run();
  }

  private static String messageOf(ScriptException e) {
    String m = e.getMessage();
    String prefix = e.source() + ":" + e.line() + ":" + e.column() + ": ";
    return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
  }

  static String secs(long ns) {
    return String.format(Locale.ROOT, "%.6f", ns / 1e9);
  }

  /** One run: the simulated host, the script's state (fds, ISNs per 4-tuple), and the checking. */
  private static final class Execution {
    private final Ast.Script script;
    private final Options o;
    private final EventObserver observer;
    /** Whether the observer has been started (at the first successful listen()). */
    private boolean observing;
    private final Simulator sim;
    private final KernelClock clock;
    private final Sysctls sysctls = new Sysctls();
    private final Host host;
    private final int tsBase;
    private long tolerance;

    private final TreeMap<Integer, TcpSock> fds = new TreeMap<>();
    // Looked up by key only, never iterated.
    private final Map<Tuple, Conn> conns = new HashMap<>();
    private final List<Out> pending = new ArrayList<>();
    private final List<RunReport.Emitted> emitted = new ArrayList<>();
    private final List<Line> lines = new ArrayList<>();

    private int localPort = DEFAULT_LOCAL_PORT;
    private boolean expecting;
    private boolean actionRunning;
    private Event current;
    private RunReport.Failure failure;
    private long lastEventTime;
    private Blocking blocking;

    record Tuple(int raddr, int rport, int lport) {}

    static final class Conn {
      Long localIsn;
      long peerIsn = -1;
      /** An inbound SYN with a new sequence number came: the next SYN the kernel sends sets the ISN. */
      boolean relearn;
    }

    record Out(long t, TcpSegment seg) {}

    /** A record-mode output line: its time and text. */
    static final class Line {
      final long t;
      String text;

      Line(long t, String text) {
        this.t = t;
        this.text = text;
      }
    }

    /** A blocking call waiting: {@code attempt} gives its result once it can return, else null. */
    final class Blocking {
      final Event ev;
      final Ast.Syscall call;
      final java.util.function.Supplier<Result> attempt;
      final long end;
      boolean done;

      Blocking(Event ev, Ast.Syscall call, java.util.function.Supplier<Result> attempt, long end) {
        this.ev = ev;
        this.call = call;
        this.attempt = attempt;
        this.end = end;
      }
    }

    /** Wakes a blocked call when a socket changes (after the kernel work of this instant). */
    private final org.listensim.kernel.ipv4.SockCallbacks wakeUp = new org.listensim.kernel.ipv4.SockCallbacks() {
      @Override
      public void connected(TcpSock sk) {
        wake();
      }

      @Override
      public void error(TcpSock sk, Errno err) {
        wake();
      }

      @Override
      public void readable(TcpSock sk, int bytes) {
        wake();
      }

      @Override
      public void peerClosed(TcpSock sk) {
        wake();
      }
    };

    private void wake() {
      Blocking b = blocking;
      if (b != null && !b.done) {
        sim.newTimer(1, () -> completeBlocking(b)).armAt(sim.now());
      }
    }

    Execution(Ast.Script script, Options o, EventObserver observer) {
      this.script = script;
      this.o = o;
      this.observer = observer;
      this.tolerance = o.toleranceNanos();
      this.sim = observer == EventObserver.NONE ? new Simulator(o.seed()) : new Simulator(o.seed(), (t, r) -> {
        if (observing) {
          observer.record(t, r);
        }
      });
      this.clock = KernelClock.atBoot(sim, o.hz());
      // EnumMap order, so the values are applied in a fixed order.
      if (!o.sysctls().isEmpty()) {
        new EnumMap<>(o.sysctls()).forEach(sysctls::set);
      }
      this.host = new Host("kernel", clock, sysctls, this::onOutput);
      host.pinHashRnd(o.hashRnd());
      if (o.isn() != null) {
        int isn = o.isn();
        host.setIsnSource((s, d, sp, dp) -> isn);
      }
      this.tsBase = clock.tcpTimeStamp();
      host.setDefaultAddress(LOCAL_ADDRESS);
    }

    RunReport run() {
      try {
        for (Ast.ScriptOption opt : script.options()) {
          option(opt);
        }
        List<Event> events = script.events();
        for (Event ev : events) {
          current = ev;
          event(ev);
          if (failure != null) {
            break;
          }
        }
        if (failure == null) {
          finish();
        }
        if (failure == null && observing) {
          observer.finished(null);
        }
      } catch (ScriptException e) {
        failure = new RunReport.Failure(e.line(), e.column(), FailureKind.UNSUPPORTED, messageOf(e), null, null);
      } catch (RuntimeException e) {
        // The model refused what the script asked (e.g. an argument out of its range): report it at the event.
        Event at = current != null ? current : script.events().get(0);
        failure = new RunReport.Failure(at.line(), at.column(), FailureKind.UNSUPPORTED,
            "the kernel model refused this event: " + e, null, null);
      }
      List<String> recorded = new ArrayList<>();
      if (o.record()) {
        for (Ast.ScriptOption opt : script.options()) {
          recorded.add("--" + opt.name() + (opt.value() == null ? "" : "=" + opt.value()));
        }
        long prev = -1;
        for (Line l : lines) {
          String time = prev < 0 ? PacketdrillParser.seconds(l.t) : "+" + PacketdrillParser.seconds(l.t - prev);
          recorded.add(time + " " + l.text);
          prev = l.t;
        }
      }
      return new RunReport(script.name(), failure == null, failure, emitted, recorded, sim.now());
    }

    private ScriptException err(Event ev, String message) {
      return ScriptException.other(script.name(), ev.line(), ev.column(), message);
    }

    private void option(Ast.ScriptOption opt) {
      switch (opt.name()) {
        case "tolerance_usecs" -> {
          try {
            tolerance = Math.multiplyExact(Long.parseLong(Objects.requireNonNull(opt.value())), 1000L);
          } catch (RuntimeException e) {
            throw ScriptException.other(script.name(), opt.line(), opt.column(),
                "expected --tolerance_usecs=N with N a number of microseconds");
          }
        }
        case "ip_version" -> {
          if (!"ipv4".equals(opt.value())) {
            throw ScriptException.other(script.name(), opt.line(), opt.column(),
                "only --ip_version=ipv4 is modelled");
          }
        }
        default -> throw ScriptException.other(script.name(), opt.line(), opt.column(),
            "unsupported option --" + opt.name() + " (supported: --tolerance_usecs, --ip_version=ipv4)");
      }
    }

    // ---- time -----------------------------------------------------------------------------------------

    /** The allowed interval [lo, hi] of an event's time, given the previous event's. */
    private long[] interval(Event ev) {
      Ast.EventTime t = ev.time();
      return switch (t.kind()) {
        case ABSOLUTE -> new long[] {t.start(), t.end()};
        case RELATIVE -> new long[] {lastEventTime + t.start(), lastEventTime + t.end()};
        case ANY -> new long[] {lastEventTime, Long.MAX_VALUE};
        case NONE -> new long[] {lastEventTime, lastEventTime};
      };
    }

    private void event(Event ev) {
      long[] iv = interval(ev);
      if (ev.time().kind() == TimeKind.ABSOLUTE && iv[1] + tolerance < lastEventTime) {
        fail(ev, FailureKind.MISMATCH, "event at " + secs(iv[0]) + " s comes before the previous event ("
            + secs(lastEventTime) + " s)", null, null);
        return;
      }
      if (ev.action() instanceof Ast.Packet pk) {
        for (TcpOpt op : pk.options()) {
          if (op.kind().equals("FO") || op.kind().equals("FOEXP") || op.kind().equals("md5")) {
            throw err(ev, "the TCP option " + op.kind() + " is not modelled: Linux 2.6.32 has no "
                + (op.kind().equals("md5") ? "TCP-MD5 in this model" : "TCP Fast Open"));
          }
        }
      }
      settleBlocking(iv[0], ev);
      if (failure != null) {
        return;
      }
      if (ev.action() instanceof Ast.Packet p && !p.inbound()) {
        if (!o.record()) {
          expectOutbound(ev, p, iv[0], iv[1]);
        }
        return;
      }
      long t = Math.max(iv[0], lastEventTime);
      at(ev, t, () -> act(ev, t));
      lastEventTime = t;
    }

    /** Runs the kernel up to t and then {@code action} at t, after the kernel timers of t. */
    private void at(Event ev, long t, Runnable action) {
      if (!pending.isEmpty()) {
        unexpected(ev, pending.get(0));
        return;
      }
      Timer tm = sim.newTimer(1, () -> {
        actionRunning = true;
        try {
          action.run();
        } finally {
          actionRunning = false;
        }
      });
      tm.armAt(Math.max(t, sim.now()));
      sim.runUntil(Math.max(t, sim.now()));
      tm.cancel();
    }

    private void finish() {
      settleBlocking(Long.MAX_VALUE, null);
      if (failure != null) {
        return;
      }
      if (o.record()) {
        long until = lastEventTime + o.recordHorizonNanos();
        sim.runUntil(Math.max(until, sim.now()));
        return;
      }
      if (!pending.isEmpty()) {
        unexpected(script.events().get(script.events().size() - 1), pending.get(0));
      }
    }

    private void fail(Event ev, FailureKind kind, String message, String expected, String actual) {
      if (failure == null) {
        failure = new RunReport.Failure(ev.line(), ev.column(), kind, message, expected, actual);
      }
      sim.stop();
    }

    private void unexpected(Event ev, Out out) {
      fail(ev, FailureKind.MISMATCH, "unexpected outbound packet at " + secs(out.t) + " s (the script expects "
          + describe(ev) + " next)", null, secs(out.t) + " " + render(out.seg));
    }

    private static String describe(Event ev) {
      return "line " + ev.line() + ": " + ev.text();
    }

    // ---- outbound -------------------------------------------------------------------------------------

    private void onOutput(TcpSegment seg) {
      Tuple key = new Tuple(seg.daddr(), seg.dport(), seg.sport());
      if (seg.has(TcpFlags.SYN)) {
        Conn c = conns.computeIfAbsent(key, k -> new Conn());
        if (c.localIsn == null || c.relearn) {
          c.localIsn = Integer.toUnsignedLong(seg.seq());
          c.relearn = false;
        }
      }
      String line = render(seg);
      TcpOptions op = seg.options();
      emitted.add(new RunReport.Emitted(sim.now(), clock.jiffies(), Ipv4.format(seg.saddr(), seg.sport()),
          Ipv4.format(seg.daddr(), seg.dport()), TcpFlags.letters(seg.flags()), Integer.toUnsignedLong(seg.seq()),
          Integer.toUnsignedLong(seg.ack()), seg.window(), seg.payloadLength(), op.mss(), op.wscale(), op.sackOk(),
          op.timestamp(), Integer.toUnsignedLong(op.tsval()), Integer.toUnsignedLong(op.tsecr()), line));
      if (o.record()) {
        lines.add(new Line(sim.now(), line));
        return;
      }
      Out out = new Out(sim.now(), seg);
      pending.add(out);
      if (expecting) {
        sim.stop();
      } else if (!actionRunning && current != null) {
        unexpected(current, out);
      }
    }

    private void expectOutbound(Event ev, Ast.Packet p, long lo, long hi) {
      String expected = timeText(lo, hi) + " " + ev.text();
      if (pending.isEmpty()) {
        long deadline = hi == Long.MAX_VALUE ? lastEventTime + o.maxWaitNanos() : hi + tolerance;
        waitForOutput(deadline);
        if (failure != null) {
          return;
        }
        if (pending.isEmpty()) {
          waitForOutput(deadline + o.maxWaitNanos());
          if (pending.isEmpty()) {
            fail(ev, FailureKind.MISMATCH, "expected outbound packet did not come (waited until "
                + secs(sim.now()) + " s)", expected, null);
          } else {
            Out late = pending.get(0);
            fail(ev, FailureKind.MISMATCH, "timing error: expected outbound packet at " + timeText(lo, hi)
                + " s but it came at " + secs(late.t) + " s", expected, secs(late.t) + " " + render(late.seg));
          }
          return;
        }
      }
      Out out = pending.remove(0);
      String actual = secs(out.t) + " " + render(out.seg);
      if (out.t < lo - tolerance || out.t > (hi == Long.MAX_VALUE ? hi : hi + tolerance)) {
        fail(ev, FailureKind.MISMATCH, "timing error: expected outbound packet at " + timeText(lo, hi)
            + " s but it came at " + secs(out.t) + " s", expected, actual);
        return;
      }
      String diff = compare(p, out.seg);
      if (diff != null) {
        fail(ev, FailureKind.MISMATCH, diff, expected, actual);
        return;
      }
      lastEventTime = out.t;
    }

    private void waitForOutput(long deadline) {
      expecting = true;
      try {
        sim.runUntil(Math.max(deadline, sim.now()));
      } finally {
        expecting = false;
      }
    }

    private String timeText(long lo, long hi) {
      if (hi == Long.MAX_VALUE) {
        return "* (after " + secs(lo) + ")";
      }
      String s = lo == hi ? secs(lo) : secs(lo) + "~" + secs(hi);
      return tolerance == 0 ? s : s + " (±" + PacketdrillParser.seconds(tolerance) + ")";
    }

    private Conn conn(int raddr, int rport, int lport) {
      return conns.get(new Tuple(raddr, rport, lport));
    }

    private long localIsn(int raddr, int rport, int lport) {
      if (o.absolute()) {
        return 0;
      }
      Conn c = conn(raddr, rport, lport);
      return c == null || c.localIsn == null ? 0 : c.localIsn;
    }

    private long tsValOut(int val) {
      return o.absolute() ? Integer.toUnsignedLong(val) : (Integer.toUnsignedLong(val - tsBase));
    }

    /** The first field in which the segment differs from the expected packet, or null. */
    private String compare(Ast.Packet p, TcpSegment seg) {
      int raddr = p.peer() == null || p.peer().address() == null ? REMOTE_ADDRESS : p.peer().address();
      int rport = p.peer() == null || p.peer().port() == null ? DEFAULT_REMOTE_PORT : p.peer().port();
      int lport = p.localPort() == null ? localPort : p.localPort();
      if (seg.daddr() != raddr || seg.dport() != rport) {
        return "live packet field destination: expected " + Ipv4.format(raddr, rport) + " vs actual "
            + Ipv4.format(seg.daddr(), seg.dport());
      }
      if (seg.sport() != lport) {
        return "live packet field source port: expected " + lport + " vs actual " + seg.sport();
      }
      if (seg.flags() != p.flags()) {
        return "live packet field tcp flags: expected " + flagText(p.flags()) + " vs actual " + flagText(seg.flags());
      }
      long seq = (Integer.toUnsignedLong(seg.seq()) - localIsn(seg.daddr(), seg.dport(), seg.sport())) & U32;
      if (seq != p.seqStart()) {
        return "live packet field tcp seq: expected " + p.seqStart() + " vs actual " + seq;
      }
      if (seg.payloadLength() != p.length()) {
        return "live packet payload length: expected " + p.length() + " vs actual " + seg.payloadLength();
      }
      if (p.ack() != null && Integer.toUnsignedLong(seg.ack()) != p.ack()) {
        return "live packet field tcp ack: expected " + p.ack() + " vs actual " + Integer.toUnsignedLong(seg.ack());
      }
      if (p.window() != null && seg.window() != p.window()) {
        return "live packet field tcp window: expected " + p.window() + " vs actual " + seg.window();
      }
      if (p.options() != TcpOpt.ANY_OPTIONS) {
        String want = String.join(",", p.options().stream().map(TcpOpt::render).toList());
        String got = String.join(",", optionTokens(seg.options()));
        if (!want.equals(got)) {
          return "live packet tcp options: expected <" + want + "> vs actual <" + got + ">";
        }
      }
      return null;
    }

    /** Options in Linux's wire layout (tcp_options_write), as packetdrill prints them. */
    private List<String> optionTokens(TcpOptions op) {
      List<String> t = new ArrayList<>();
      if (op.mss() >= 0) {
        t.add("mss " + op.mss());
      }
      String ts = "TS val " + tsValOut(op.tsval()) + " ecr " + Integer.toUnsignedLong(op.tsecr());
      if (op.timestamp()) {
        if (op.sackOk()) {
          t.add("sackOK");
        } else {
          t.add("nop");
          t.add("nop");
        }
        t.add(ts);
      } else if (op.sackOk()) {
        t.add("nop");
        t.add("nop");
        t.add("sackOK");
      }
      if (op.wscale() >= 0) {
        t.add("nop");
        t.add("wscale " + op.wscale());
      }
      return t;
    }

    static String flagText(int f) {
      StringBuilder b = new StringBuilder();
      if ((f & TcpFlags.SYN) != 0) b.append('S');
      if ((f & TcpFlags.FIN) != 0) b.append('F');
      if ((f & TcpFlags.RST) != 0) b.append('R');
      if ((f & TcpFlags.PSH) != 0) b.append('P');
      if ((f & TcpFlags.URG) != 0) b.append('U');
      if ((f & TcpFlags.ECE) != 0) b.append('E');
      if ((f & TcpFlags.CWR) != 0) b.append('W');
      if ((f & TcpFlags.ACK) != 0) b.append('.');
      return b.length() == 0 ? "-" : b.toString();
    }

    /** The packetdrill line (without time) of an outbound segment. */
    private String render(TcpSegment seg) {
      StringBuilder b = new StringBuilder("> ");
      if (seg.daddr() != REMOTE_ADDRESS || seg.dport() != DEFAULT_REMOTE_PORT) {
        b.append(Ipv4.format(seg.daddr(), seg.dport())).append(' ');
      }
      if (seg.sport() != localPort) {
        b.append(seg.sport()).append('>').append(seg.dport()).append(' ');
      }
      long seq = (Integer.toUnsignedLong(seg.seq()) - localIsn(seg.daddr(), seg.dport(), seg.sport())) & U32;
      b.append(flagText(seg.flags())).append(' ').append(seq).append(':').append((seq + seg.payloadLength()) & U32)
          .append('(').append(seg.payloadLength()).append(')');
      if (seg.has(TcpFlags.ACK)) {
        b.append(" ack ").append(Integer.toUnsignedLong(seg.ack()));
      }
      b.append(" win ").append(seg.window());
      List<String> opts = optionTokens(seg.options());
      if (!opts.isEmpty()) {
        b.append(" <").append(String.join(",", opts)).append('>');
      }
      return b.toString();
    }

    // ---- inbound and calls ----------------------------------------------------------------------------

    private void act(Event ev, long t) {
      Line line = null;
      if (o.record()) {
        line = new Line(t, ev.text());
        lines.add(line);
      }
      Ast.Action a = ev.action();
      if (a instanceof Ast.Packet p) {
        inbound(ev, p);
      } else if (a instanceof Ast.Command c) {
        command(ev, c);
      } else if (a instanceof Ast.Code) {
        throw err(ev, "code blocks (%{ ... }%) are not supported: there is no Python here");
      } else if (a instanceof Ast.Syscall s) {
        String result = syscall(ev, s, t);
        if (line != null && result != null) {
          line.text = s.name() + "(" + s.argsText() + ") = " + result;
        }
      }
    }

    private void inbound(Event ev, Ast.Packet p) {
      int raddr = p.peer() == null || p.peer().address() == null ? REMOTE_ADDRESS : p.peer().address();
      int rport = p.peer() == null || p.peer().port() == null ? DEFAULT_REMOTE_PORT : p.peer().port();
      int lport = p.localPort() == null ? localPort : p.localPort();
      Tuple key = new Tuple(raddr, rport, lport);
      if ((p.flags() & TcpFlags.SYN) != 0) {
        Conn c = conns.computeIfAbsent(key, k -> new Conn());
        if (c.peerIsn != p.seqStart()) {
          c.peerIsn = p.seqStart();
          c.relearn = true;
        }
      }
      long ack = p.ack() == null ? 0 : (p.ack() + localIsn(raddr, rport, lport)) & U32;
      TcpOptions opts = TcpOptions.NONE;
      if (p.options() == TcpOpt.ANY_OPTIONS) {
        throw err(ev, "an inbound packet needs its options written out; <...> is only for expected packets");
      }
      for (TcpOpt op : p.options()) {
        switch (op.kind()) {
          case "mss" -> opts = opts.withMss((int) op.a());
          case "wscale" -> opts = opts.withWscale((int) op.a());
          case "sackOK" -> opts = opts.withSackOk(true);
          case "TS" -> {
            long ecr = op.b() == 0 || o.absolute() ? op.b() : (op.b() + Integer.toUnsignedLong(tsBase)) & U32;
            opts = opts.withTimestamp((int) op.a(), (int) ecr);
          }
          default -> {
            // nop, eol: layout only; sack blocks: the model carries none.
          }
        }
      }
      int win = p.window() == null ? DEFAULT_INBOUND_WINDOW : p.window();
      host.receive(new TcpSegment(raddr, rport, LOCAL_ADDRESS, lport, (int) p.seqStart(), (int) ack, p.flags(), win,
          opts, p.length()));
    }

    private void command(Event ev, Ast.Command c) {
      for (String part : c.text().split("[;\n]")) {
        String cmd = part.trim();
        if (cmd.isEmpty()) {
          continue;
        }
        String[] words = cmd.split("\\s+");
        if (!words[0].equals("sysctl")) {
          throw err(ev, "shell commands are not run; only `sysctl -q name=value` is honoured, found `" + cmd + "`");
        }
        int assignments = 0;
        for (int k = 1; k < words.length; k++) {
          String w = words[k];
          if (w.equals("-q") || w.equals("-w") || w.equals("-qw") || w.equals("-wq")) {
            continue;
          }
          int eq = w.indexOf('=');
          if (eq <= 0) {
            throw err(ev, "only `sysctl -q name=value` is honoured, found `" + cmd + "`");
          }
          String key = w.substring(0, eq).replace('/', '.');
          long value;
          try {
            value = Long.parseLong(w.substring(eq + 1));
          } catch (NumberFormatException e) {
            throw err(ev, "sysctl " + key + " needs an integer value, found `" + w.substring(eq + 1) + "`");
          }
          try {
            sysctls.set(key, value);
          } catch (IllegalArgumentException e) {
            throw err(ev, e.getMessage());
          }
          assignments++;
        }
        if (assignments == 0) {
          throw err(ev, "only `sysctl -q name=value` is honoured, found `" + cmd + "`");
        }
      }
    }

    // ---- system calls ---------------------------------------------------------------------------------

    /** A call's outcome: return value and errno name (null unless −1). */
    record Result(long value, String errno) {
      static Result ok(long v) {
        return new Result(v, null);
      }

      static Result error(String errno) {
        return new Result(-1, errno);
      }

      static Result kernel(int r) {
        if (r >= 0) {
          return ok(r);
        }
        for (Errno e : Errno.values()) {
          if (e.number() == -r) {
            return error(e.name());
          }
        }
        return error("E" + (-r));
      }

      String render() {
        if (errno == null) {
          return Long.toString(value);
        }
        String msg = null;
        for (Errno e : Errno.values()) {
          if (e.name().equals(errno)) {
            msg = e.message();
          }
        }
        if (errno.equals("EBADF")) {
          msg = "Bad file descriptor";
        }
        return "-1 " + errno + (msg == null ? "" : " (" + msg + ")");
      }
    }

    /** Runs a call at t; returns its result as written in record mode, or null when it is still blocked. */
    private String syscall(Event ev, Ast.Syscall s, long t) {
      Result r = switch (s.name()) {
        case "socket" -> socket(ev, s);
        case "setsockopt" -> setsockopt(ev, s);
        case "fcntl" -> fcntl(ev, s);
        case "bind" -> bind(ev, s);
        case "listen" -> listen(ev, s);
        case "accept", "accept4" -> accept(ev, s, t);
        case "close" -> close(ev, s);
        case "connect" -> connect(ev, s, t);
        case "write", "send" -> write(ev, s, t);
        case "read", "recv" -> read(ev, s, t);
        case "sendto", "recvfrom", "writev", "readv", "sendmsg", "recvmsg", "shutdown" -> throw err(ev,
            s.name() + "() is not supported (supported: connect, write/send, read/recv; see docs/packetdrill.md)");
        default -> throw err(ev, "system call " + s.name() + "() is not supported (see docs/packetdrill.md)");
      };
      if (r == null) {
        return null;
      }
      if (!o.record()) {
        checkResult(ev, s, r);
      }
      return r.render();
    }

    private void checkResult(Event ev, Ast.Syscall s, Result r) {
      if (!(s.result() instanceof Ast.Int want)) {
        throw err(ev, "the expected result of " + s.name() + "() must be an integer (e.g. = 0, = -1 EAGAIN)");
      }
      if (want.value() != r.value() || !Objects.equals(s.errno(), r.errno())) {
        String exp = s.errno() == null ? Long.toString(want.value()) : "-1 " + s.errno();
        fail(ev, FailureKind.MISMATCH, s.name() + "() returned " + r.render() + ", expected " + exp,
            s.name() + "(" + s.argsText() + ") = " + exp, s.name() + "(" + s.argsText() + ") = " + r.render());
      }
    }

    private Expr arg(Event ev, Ast.Syscall s, int k) {
      if (s.args().size() <= k) {
        throw err(ev, s.name() + "() needs at least " + (k + 1) + " arguments");
      }
      return s.args().get(k);
    }

    private long intArg(Event ev, Ast.Syscall s, int k) {
      Expr e = arg(ev, s, k);
      if (e instanceof Ast.Array a && a.items().size() == 1) {
        e = a.items().get(0);
      }
      if (e instanceof Ast.Int i) {
        return i.value();
      }
      throw err(ev, "argument " + (k + 1) + " of " + s.name() + "() must be an integer");
    }

    private String wordArg(Event ev, Ast.Syscall s, int k) {
      Expr e = arg(ev, s, k);
      if (e instanceof Ast.Word w) {
        return w.name();
      }
      if (e instanceof Ast.Ellipsis) {
        return "...";
      }
      throw err(ev, "argument " + (k + 1) + " of " + s.name() + "() must be a name such as "
          + (k == 1 ? "SOL_SOCKET" : "SO_REUSEADDR"));
    }

    private TcpSock fd(Event ev, Ast.Syscall s) {
      return fds.get((int) intArg(ev, s, 0));
    }

    private Result socket(Event ev, Ast.Syscall s) {
      if (s.args().size() == 3) {
        Expr type = s.args().get(1);
        if (!(type instanceof Ast.Ellipsis) && !(type instanceof Ast.Word w && w.name().equals("SOCK_STREAM"))) {
          throw err(ev, "only SOCK_STREAM (TCP) sockets are modelled");
        }
        Expr dom = s.args().get(0);
        if (!(dom instanceof Ast.Ellipsis) && !(dom instanceof Ast.Word w && w.name().equals("AF_INET"))) {
          throw err(ev, "only AF_INET sockets are modelled");
        }
      }
      int fd = 3;
      while (fds.containsKey(fd)) {
        fd++;
      }
      TcpSock sk = host.socket();
      sk.setCallbacks(wakeUp);
      fds.put(fd, sk);
      return Result.ok(fd);
    }

    private Result setsockopt(Event ev, Ast.Syscall s) {
      TcpSock sk = fd(ev, s);
      if (sk == null) {
        return Result.error("EBADF");
      }
      String opt = wordArg(ev, s, 2);
      long v = intArg(ev, s, 3);
      switch (opt) {
        case "SO_REUSEADDR", "TCP_NODELAY" -> {
          return Result.ok(0);
        }
        case "TCP_DEFER_ACCEPT" -> {
          host.setDeferAccept(sk, (int) v);
          return Result.ok(0);
        }
        case "TCP_SYNCNT" -> {
          return Result.kernel(host.setSynCount(sk, (int) v));
        }
        case "TCP_MAXSEG" -> {
          host.setMaxSeg(sk, (int) v);
          return Result.ok(0);
        }
        default -> throw err(ev, "setsockopt " + opt + " is not modelled (supported: SO_REUSEADDR, TCP_NODELAY,"
            + " TCP_DEFER_ACCEPT, TCP_SYNCNT, TCP_MAXSEG)");
      }
    }

    private Result fcntl(Event ev, Ast.Syscall s) {
      TcpSock sk = fd(ev, s);
      if (sk == null) {
        return Result.error("EBADF");
      }
      if (!"F_SETFL".equals(wordArg(ev, s, 1))) {
        throw err(ev, "only fcntl(fd, F_SETFL, flags) is supported");
      }
      boolean nb = mentions(arg(ev, s, 2), "O_NONBLOCK");
      sk.setNonBlocking(nb);
      nonBlocking.put(sk.id(), nb);
      return Result.ok(0);
    }

    private static boolean mentions(Expr e, String word) {
      if (e instanceof Ast.Word w) {
        return w.name().equals(word);
      }
      return e instanceof Ast.Or or && (mentions(or.left(), word) || mentions(or.right(), word));
    }

    private Result bind(Event ev, Ast.Syscall s) {
      TcpSock sk = fd(ev, s);
      if (sk == null) {
        return Result.error("EBADF");
      }
      int[] ap = sockaddr(ev, s, LOCAL_ADDRESS, DEFAULT_LOCAL_PORT);
      int addr = ap[0];
      int port = ap[1];
      if (addr != LOCAL_ADDRESS && addr != 0) {
        return Result.error(Errno.EADDRNOTAVAIL.name());
      }
      host.bind(sk, addr, port);
      localPort = port;
      return Result.ok(0);
    }

    /** Address and port of argument 2: {@code ...} gives the defaults. */
    private int[] sockaddr(Event ev, Ast.Syscall s, int addr, int port) {
      Expr sa = arg(ev, s, 1);
      if (sa instanceof Ast.Braces b) {
        for (Expr item : b.items()) {
          if (item instanceof Ast.Assign a && a.name().equals("sin_port")) {
            if (a.value() instanceof Ast.Call c && c.name().equals("htons") && c.args().size() == 1
                && c.args().get(0) instanceof Ast.Int p && p.value() >= 1 && p.value() <= 65535) {
              port = (int) p.value();
            } else {
              throw err(ev, "sin_port must be htons(N) with N in 1..65535");
            }
          } else if (item instanceof Ast.Assign a && a.name().equals("sin_addr")) {
            if (a.value() instanceof Ast.Call c && c.name().equals("inet_addr") && c.args().size() == 1
                && c.args().get(0) instanceof Ast.Str str) {
              try {
                addr = Ipv4.parse(str.value());
              } catch (IllegalArgumentException e) {
                throw err(ev, e.getMessage());
              }
            } else {
              throw err(ev, "sin_addr must be inet_addr(\"a.b.c.d\")");
            }
          }
        }
      } else if (!(sa instanceof Ast.Ellipsis)) {
        throw err(ev, s.name() + "() takes ... or {sa_family=AF_INET, sin_port=htons(N),"
            + " sin_addr=inet_addr(\"a.b.c.d\")}");
      }
      return new int[] {addr, port};
    }

    private Result connect(Event ev, Ast.Syscall s, long t) {
      TcpSock sk = fd(ev, s);
      if (sk == null) {
        return Result.error("EBADF");
      }
      int[] ap = sockaddr(ev, s, REMOTE_ADDRESS, DEFAULT_REMOTE_PORT);
      if (sk.localPort() == 0) {
        host.bind(sk, LOCAL_ADDRESS, localPort);
      }
      int r = host.connect(sk, ap[0], ap[1]);
      if (r < 0) {
        return Result.kernel(r);
      }
      java.util.function.Supplier<Result> attempt = () -> {
        if (sk.state() == org.listensim.kernel.ipv4.TcpState.SYN_SENT) {
          return null;
        }
        Errno e = sk.error();
        return e != null ? Result.error(e.name()) : Result.ok(0);
      };
      return blockOrReturn(ev, s, t, sk, attempt, Result.error(Errno.EINPROGRESS.name()));
    }

    private Result write(Event ev, Ast.Syscall s, long t) {
      TcpSock sk = fd(ev, s);
      if (sk == null) {
        return Result.error("EBADF");
      }
      int n = (int) intArg(ev, s, 2);
      java.util.function.Supplier<Result> attempt = () -> {
        int r = host.send(sk, n);
        return r == -Errno.EAGAIN.number() ? null : Result.kernel(r);
      };
      return blockOrReturn(ev, s, t, sk, attempt, Result.error(Errno.EAGAIN.name()));
    }

    // Bytes each socket's reader has consumed (by socket id; looked up only).
    private final Map<Long, Long> consumed = new HashMap<>();

    private Result read(Event ev, Ast.Syscall s, long t) {
      TcpSock sk = fd(ev, s);
      if (sk == null) {
        return Result.error("EBADF");
      }
      long n = intArg(ev, s, 2);
      java.util.function.Supplier<Result> attempt = () -> {
        long avail = sk.bytesReceived() - consumed.getOrDefault(sk.id(), 0L);
        if (avail > 0) {
          long k = Math.min(avail, n);
          consumed.merge(sk.id(), k, Long::sum);
          return Result.ok(k);
        }
        if (sk.error() != null) {
          return Result.error(sk.error().name());
        }
        switch (sk.state()) {
          case CLOSE_WAIT, LAST_ACK, CLOSING, TIME_WAIT, CLOSE:
            return Result.ok(0);
          default:
            return null;
        }
      };
      return blockOrReturn(ev, s, t, sk, attempt, Result.error(Errno.EAGAIN.name()));
    }

    private Result listen(Event ev, Ast.Syscall s) {
      TcpSock sk = fd(ev, s);
      if (sk == null) {
        return Result.error("EBADF");
      }
      Result r = Result.kernel(host.listen(sk, (int) intArg(ev, s, 1)));
      if (!observing && observer != EventObserver.NONE && sk.state() == org.listensim.kernel.ipv4.TcpState.LISTEN) {
        observer.started(sim, host, sk);
        observing = true;
      }
      return r;
    }

    private Result close(Event ev, Ast.Syscall s) {
      int fd = (int) intArg(ev, s, 0);
      TcpSock sk = fds.get(fd);
      if (sk == null) {
        return Result.error("EBADF");
      }
      try {
        host.close(sk);
      } catch (UnsupportedOperationException e) {
        throw err(ev, "close() of this socket is not supported by the model: " + e.getMessage());
      }
      fds.remove(fd);
      return Result.ok(0);
    }

    private Result accept(Event ev, Ast.Syscall s, long t) {
      TcpSock sk = fd(ev, s);
      if (sk == null) {
        return Result.error("EBADF");
      }
      if (sk.state() != org.listensim.kernel.ipv4.TcpState.LISTEN) {
        return Result.error(Errno.EINVAL.name());
      }
      java.util.function.Supplier<Result> attempt = () -> {
        Host.AcceptResult r = host.accept(sk);
        if (r.child() == null) {
          return null;
        }
        r.child().setCallbacks(wakeUp);
        return Result.ok(install(r.child()));
      };
      sk.onDataReady(this::wake);
      return blockOrReturn(ev, s, t, sk, attempt, Result.error(Errno.EAGAIN.name()));
    }

    /**
     * Runs a call that may block: its result now; or, when it would block, EAGAIN on a non-blocking
     * socket, a wait until {@code start...end} on a blocking one (a located error without an end time).
     */
    private Result blockOrReturn(Event ev, Ast.Syscall s, long t, TcpSock sk, java.util.function.Supplier<Result> attempt,
        Result wouldBlock) {
      Result r = attempt.get();
      long end = blockingEnd(ev);
      if (o.record() && end < 0) {
        end = Long.MAX_VALUE / 2; // record mode: a blocking call may take as long as it takes
      }
      if (r != null) {
        if (end >= 0 && !o.record() && t < end - tolerance) {
          fail(ev, FailureKind.MISMATCH, "timing error: " + s.name() + "() returned at " + secs(t)
              + " s, expected it to block until " + secs(end) + " s", null, null);
        }
        return r;
      }
      if (isNonBlocking(sk)) {
        return wouldBlock;
      }
      if (end < 0) {
        throw err(ev, s.name() + "() on a blocking socket would block at " + secs(t) + " s; write the time it"
            + " should return as start...end (e.g. +0...0.2 " + s.name() + "(" + s.argsText() + ") = ...), or make"
            + " the socket non-blocking");
      }
      blocking = new Blocking(ev, s, attempt, end);
      return null;
    }

    private final Map<Long, Boolean> nonBlocking = new HashMap<>();

    private boolean isNonBlocking(TcpSock sk) {
      return nonBlocking.getOrDefault(sk.id(), false);
    }

    private int install(TcpSock child) {
      int fd = 3;
      while (fds.containsKey(fd)) {
        fd++;
      }
      fds.put(fd, child);
      return fd;
    }

    private long blockingEnd(Event ev) {
      Ast.EventTime et = ev.time();
      if (et.blockingEnd() < 0) {
        return -1;
      }
      return et.kind() == TimeKind.RELATIVE ? lastEventTime + et.blockingEnd() : et.blockingEnd();
    }

    private void completeBlocking(Blocking b) {
      if (b.done || blocking != b) {
        return;
      }
      Result res = b.attempt.get();
      if (res == null) {
        return;
      }
      b.done = true;
      blocking = null;
      long now = sim.now();
      if (o.record()) {
        lines.add(new Line(now, "// " + b.call.name() + "(" + b.call.argsText() + ") = " + res.render()
            + " returned here (line " + b.ev.line() + ")"));
        return;
      }
      if (now < b.end - tolerance || now > b.end + tolerance) {
        fail(b.ev, FailureKind.MISMATCH, "timing error: " + b.call.name() + "() returned at " + secs(now)
            + " s, expected at " + secs(b.end) + " s", null, null);
        return;
      }
      checkResult(b.ev, b.call, res);
    }

    /** Before an event at {@code t}: a blocking call due to return before it must have returned. */
    private void settleBlocking(long t, Event next) {
      Blocking b = blocking;
      if (b == null || b.done || o.record()) {
        return;
      }
      long deadline = b.end + tolerance;
      if (deadline >= t) {
        return;
      }
      if (pending.isEmpty()) {
        Event saved = current;
        current = next == null ? b.ev : next;
        sim.runUntil(Math.max(deadline, sim.now()));
        current = saved;
      }
      if (failure == null && !b.done) {
        fail(b.ev, FailureKind.MISMATCH, "timing error: " + b.call.name() + "() was expected to return at "
            + secs(b.end) + " s but was still blocked at " + secs(sim.now()) + " s", null, null);
      }
    }
  }
}
