package org.listensim.cli;

import java.io.PrintWriter;
import java.util.Locale;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.scenarios.RunResult;
import org.listensim.scenarios.workload.Outcome;

/**
 * The human summary of a run, in the words an operator reads on a 2.6.32 machine: {@code ss -lnt},
 * {@code netstat -s}; then the clients' view, the simulator's own drop reasons (labelled as such) and
 * the trace digest. It formats a {@link RunResult} and decides nothing.
 */
final class TextSummary {
  private TextSummary() {}

  static void write(RunResult r, PrintWriter out) {
    out.printf(Locale.ROOT, "Scenario %s  seed %d  HZ %d  simulated %s s  (jiffies at end %d)%n",
        r.scenario(), r.seed(), r.hz(), seconds(r.endNanos()), r.endJiffies());
    for (String n : r.notes()) {
      out.println("NOTE: " + n);
    }
    out.println();

    RunResult.ListenerView l = r.listener();
    out.println("$ ss -lnt");
    out.printf(Locale.ROOT, "%-10s %-6s %-6s %25s %25s%n", "State", "Recv-Q", "Send-Q", "Local Address:Port",
        "Peer Address:Port");
    out.printf(Locale.ROOT, "%-10s %-6d %-6d %25s %25s%n", l.state(), l.recvQ(), l.sendQ(), l.local(), "*:*");
    out.printf(Locale.ROOT, "SYN queue: %d request(s), %d young, in a table of %d entries (max_qlen_log %d)%n",
        l.synQueue(), l.synQueueYoung(), l.nrTableEntries(), l.maxQlenLog());
    out.println();

    out.println("$ netstat -s   (server, Linux 2.6.32; TcpExt lines that are 0 are omitted, as net-tools does)");
    out.println("Tcp:");
    for (MibCounter c : MibCounter.values()) {
      if (c.line().equals("Tcp")) {
        out.println("    " + c.netstatLine(r.counter(c)));
      }
    }
    out.println("TcpExt:");
    for (MibCounter c : MibCounter.values()) {
      if (c.line().equals("TcpExt") && r.counter(c) != 0) {
        out.println("    " + c.netstatLine(r.counter(c)));
      }
    }
    out.println();

    out.println("Client outcomes");
    if (r.outcomes().isEmpty()) {
      out.println("    (no client populations)");
    } else {
      StringBuilder h = new StringBuilder(String.format(Locale.ROOT, "    %-16s %9s", "population", "attempts"));
      for (Outcome o : Outcome.values()) {
        h.append(String.format(Locale.ROOT, " %9s", o.label()));
      }
      out.println(h);
      for (RunResult.PopulationOutcomes p : r.outcomes()) {
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "    %-16s %9d", p.population(), p.attempts()));
        for (Outcome o : Outcome.values()) {
          b.append(String.format(Locale.ROOT, " %9d", p.count(o)));
        }
        out.println(b);
      }
    }
    out.println("    accepted by the application: " + r.accepted().size());
    out.println();

    out.println("Latency (ms)          count       min       p50       p90       p99     p99.9       max");
    percentiles(out, "connect()", r.connectLatency());
    percentiles(out, "time to accept()", r.timeToAccept());
    out.println();

    out.println("Simulator drop reasons and events  (observed by the simulator: NOT kernel counters)");
    boolean any = false;
    for (SimCounter c : SimCounter.values()) {
      long v = r.simCounter(c);
      if (v != 0) {
        out.printf(Locale.ROOT, "    %-28s %9d  %s%n", c.printedName(), v, c.description());
        any = true;
      }
    }
    if (!any) {
      out.println("    (none)");
    }
    out.println();
    out.printf(Locale.ROOT, "Segments sent by the server: %d%n", r.emitted().size());
    out.printf(Locale.ROOT, "Trace digest: sha256:%s  (%d records)%n", r.digest(), r.traceRecords());
  }

  private static void percentiles(PrintWriter out, String label, RunResult.Percentiles p) {
    out.printf(Locale.ROOT, "%-18s %9d %9s %9s %9s %9s %9s %9s%n", label, p.count(), ms(p.min()), ms(p.p50()),
        ms(p.p90()), ms(p.p99()), ms(p.p999()), ms(p.max()));
  }

  static String ms(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e6);
  }

  static String seconds(long nanos) {
    return String.format(Locale.ROOT, "%.3f", nanos / 1e9);
  }
}
