package org.listensim.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.listensim.scenarios.RunResult;
import org.listensim.scenarios.Units;
import org.listensim.scenarios.packetdrill.PacketdrillRunner;
import org.listensim.scenarios.packetdrill.RunReport;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code listensim pkt FILE.pkt...}: runs packetdrill scripts against the simulated 2.6.32 kernel. */
@Command(name = "pkt", mixinStandardHelpOptions = true,
    description = {"Runs packetdrill scripts against the simulated Linux 2.6.32 kernel, exactly in time.",
        "See docs/packetdrill.md for the supported syntax and the extension for several peers."},
    footer = {"", "Exit codes: 0 every script passed, 3 a script failed (the kernel did something else),",
        "2 bad input (missing file, syntax, something the simulator does not model), 1 internal error."})
final class PktCommand implements Callable<Integer> {
  static final int SCRIPT_FAILED = 3;

  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  @Parameters(arity = "1..*", paramLabel = "FILE.pkt", description = "packetdrill scripts")
  List<Path> scripts;

  @Option(names = "--tolerance", paramLabel = "T",
      description = "allowed timing difference of an expected packet or call (default 0: exact), e.g. 2ms")
  String tolerance;

  @Option(names = "--absolute", description = "sequence numbers absolute instead of relative to the ISN")
  boolean absolute;

  @Option(names = "--record", description = "print packetdrill lines for everything the kernel sent")
  boolean record;

  @Option(names = "--hz", paramLabel = "HZ", defaultValue = "1000", description = "kernel HZ: 100, 250, 300 or 1000")
  int hz;

  @Option(names = "--json", description = "write one JSON document with every script's result and emitted segments")
  boolean json;

  @Override
  public Integer call() throws IOException {
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();
    PacketdrillRunner.Options options = PacketdrillRunner.Options.defaults()
        .withAbsolute(absolute).withRecord(record);
    if (hz != 100 && hz != 250 && hz != 300 && hz != 1000) {
      err.println("listensim pkt: --hz must be 100, 250, 300 or 1000, found " + hz);
      return Main.BAD_INPUT;
    }
    options = options.withHz(hz);
    if (tolerance != null) {
      try {
        options = options.withTolerance(Units.duration(tolerance));
      } catch (IllegalArgumentException e) {
        err.println("listensim pkt: --tolerance: expected a duration such as 2ms, found \"" + tolerance + "\"");
        return Main.BAD_INPUT;
      }
    }
    int rc = Main.OK;
    ObjectMapper mapper = JsonOutput.MAPPER;
    ObjectNode doc = mapper.createObjectNode();
    ArrayNode results = doc.putArray("scripts");
    for (Path p : scripts) {
      RunReport report;
      try {
        if (!Files.isRegularFile(p)) {
          throw new NoSuchFileException(p.toString());
        }
        report = PacketdrillRunner.run(p, options);
      } catch (NoSuchFileException e) {
        err.println(p + ": no such file");
        rc = Math.max(rc, Main.BAD_INPUT);
        continue;
      }
      rc = Math.max(rc, exitCode(report));
      if (json) {
        toJson(report, results.addObject());
      } else {
        (report.passed() ? out : err).println(report.render());
      }
    }
    if (json) {
      out.println(mapper.writeValueAsString(doc));
    }
    out.flush();
    err.flush();
    return rc;
  }

  /** 0 passed, 3 the kernel did something else, 2 the script cannot run as written. */
  static int exitCode(RunReport r) {
    if (r.passed()) {
      return Main.OK;
    }
    return r.failure().kind() == RunReport.FailureKind.MISMATCH ? SCRIPT_FAILED : Main.BAD_INPUT;
  }

  static ObjectNode toJson(RunReport r, ObjectNode o) {
    o.put("script", r.script());
    o.put("passed", r.passed());
    if (r.failure() != null) {
      ObjectNode f = o.putObject("failure");
      f.put("line", r.failure().line());
      f.put("column", r.failure().column());
      f.put("kind", r.failure().kind().name());
      f.put("message", r.failure().message());
      f.put("expected", r.failure().expected());
      f.put("actual", r.failure().actual());
    }
    ArrayNode emitted = o.putArray("emitted");
    for (RunReport.Emitted s : r.emitted()) {
      JsonOutput.segment(emitted.addObject(), new RunResult.EmittedSegment(s.timeNanos(), s.jiffies(), s.src(),
          s.dst(), s.flags(), s.seq(), s.ack(), s.win(), s.len(), s.mss(), s.wscale(), s.sackOk(), s.timestamp(),
          s.tsval(), s.tsecr())).put("line", s.line());
    }
    if (!r.recorded().isEmpty()) {
      ArrayNode rec = o.putArray("recorded");
      r.recorded().forEach(rec::add);
    }
    return o;
  }
}
