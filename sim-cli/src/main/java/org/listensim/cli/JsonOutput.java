package org.listensim.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigDecimal;
import org.listensim.kernel.MibCounter;
import org.listensim.kernel.SimCounter;
import org.listensim.scenarios.RunResult;
import org.listensim.scenarios.workload.Outcome;

/**
 * The {@code --json} document: a public interface, documented in {@code docs/output-format.md}. Keys
 * are written in a fixed order; times in milliseconds are exact decimals of the nanosecond values.
 */
final class JsonOutput {
  /** Bumped when a field changes meaning or disappears; adding fields does not bump it. */
  static final int FORMAT_VERSION = 1;

  /** The one mapper of the CLI's JSON documents (indented output). */
  static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private JsonOutput() {}

  static String write(RunResult r) {
    try {
      return MAPPER.writeValueAsString(tree(r));
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  static ObjectNode tree(RunResult r) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("formatVersion", FORMAT_VERSION);
    root.put("scenario", r.scenario());
    root.put("seed", r.seed());
    root.put("hz", r.hz());
    root.put("endMs", ms(r.endNanos()));
    root.put("endJiffies", r.endJiffies());
    root.put("digest", r.digest());
    root.put("traceRecords", r.traceRecords());
    ArrayNode notes = root.putArray("notes");
    r.notes().forEach(notes::add);

    ObjectNode counters = root.putObject("counters");
    for (MibCounter c : MibCounter.values()) {
      counters.put(c.kernelName(), r.counter(c));
    }

    RunResult.ListenerView l = r.listener();
    ObjectNode listener = root.putObject("listener");
    listener.put("local", l.local());
    listener.put("state", l.state());
    listener.put("recvQ", l.recvQ());
    listener.put("sendQ", l.sendQ());
    listener.put("synQueue", l.synQueue());
    listener.put("synQueueYoung", l.synQueueYoung());
    listener.put("nrTableEntries", l.nrTableEntries());
    listener.put("maxQlenLog", l.maxQlenLog());

    ArrayNode accepted = root.putArray("accepted");
    r.accepted().forEach(accepted::add);

    ObjectNode outcomes = root.putObject("outcomes");
    ObjectNode total = MAPPER.createObjectNode();
    long totalAttempts = 0;
    for (RunResult.PopulationOutcomes p : r.outcomes()) {
      ObjectNode o = outcomes.putObject(p.population());
      o.put("attempts", p.attempts());
      totalAttempts += p.attempts();
      for (Outcome x : Outcome.values()) {
        o.put(x.label(), p.count(x));
      }
    }
    total.put("attempts", totalAttempts);
    for (Outcome x : Outcome.values()) {
      total.put(x.label(), r.outcome(x));
    }
    root.set("outcomesTotal", total);

    ObjectNode latency = root.putObject("latency");
    percentiles(latency.putObject("connectMs"), r.connectLatency());
    percentiles(latency.putObject("timeToAcceptMs"), r.timeToAccept());

    ObjectNode drops = root.putObject("dropReasons");
    for (SimCounter c : SimCounter.values()) {
      drops.put(c.printedName(), r.simCounter(c));
    }

    ArrayNode emitted = root.putArray("emitted");
    for (RunResult.EmittedSegment s : r.emitted()) {
      segment(emitted.addObject(), s);
    }
    return root;
  }

  /** One emitted segment as docs/output-format.md describes it (also used by {@code listensim pkt}). */
  static ObjectNode segment(ObjectNode e, RunResult.EmittedSegment s) {
    e.put("timeMs", ms(s.timeNanos()));
    e.put("jiffies", s.jiffies());
    e.put("src", s.src());
    e.put("dst", s.dst());
    e.put("flags", s.flags());
    e.put("seq", s.seq());
    e.put("ack", s.ack());
    e.put("win", s.win());
    e.put("len", s.len());
    if (s.mss() >= 0) {
      e.put("mss", s.mss());
    }
    if (s.wscale() >= 0) {
      e.put("wscale", s.wscale());
    }
    if (s.sackOk()) {
      e.put("sackOK", true);
    }
    if (s.timestamp()) {
      e.put("tsval", s.tsval());
      e.put("tsecr", s.tsecr());
    }
    return e;
  }

  private static void percentiles(ObjectNode o, RunResult.Percentiles p) {
    o.put("count", p.count());
    o.put("min", ms(p.min()));
    o.put("p50", ms(p.p50()));
    o.put("p90", ms(p.p90()));
    o.put("p99", ms(p.p99()));
    o.put("p999", ms(p.p999()));
    o.put("max", ms(p.max()));
  }

  /** Nanoseconds as an exact decimal number of milliseconds (e.g. 661.000001). */
  static BigDecimal ms(long nanos) {
    BigDecimal bd = BigDecimal.valueOf(nanos, 6).stripTrailingZeros();
    return bd.scale() < 0 ? bd.setScale(0) : bd;
  }
}
