package org.listensim.scenarios;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.Objects;
import org.listensim.core.trace.TraceFields;
import org.listensim.core.trace.TraceRecord;

/**
 * The first line of a {@code --trace} file: everything {@code listensim replay} needs to run the same
 * simulation again. It is written to the JSON Lines trace only; the digest does not cover it (so the
 * digest of a run does not depend on where the scenario came from or on the listensim version).
 *
 * <pre>
 * {"t":0,"type":"header","format":1,"version":"0.1.0-SNAPSHOT","file":"x.yaml","seed":1,"untilNs":30000000000,"scenario":"...YAML..."}
 * </pre>
 *
 * @param version the listensim version that wrote the trace
 * @param file where the scenario came from (a file name or a bundled scenario's name); used in messages
 * @param seed the seed the run used (after {@code --seed})
 * @param untilNanos the simulated time the run ended at (after {@code --until})
 * @param scenarioText the scenario file's text, byte for byte (UTF-8)
 */
public record TraceHeader(String version, String file, long seed, long untilNanos, String scenarioText)
    implements TraceRecord {
  /** The record's {@code type}. */
  public static final String TYPE = "header";
  /** Bumped when a field changes meaning or disappears. */
  public static final int FORMAT = 1;

  private static final ObjectMapper MAPPER = new ObjectMapper();

  public TraceHeader {
    Objects.requireNonNull(version, "version");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(scenarioText, "scenarioText");
  }

  @Override
  public String type() {
    return TYPE;
  }

  @Override
  public void writeFields(TraceFields out) {
    out.put("format", FORMAT)
        .put("version", version)
        .put("file", file)
        .put("seed", seed)
        .put("untilNs", untilNanos)
        .put("scenario", scenarioText);
  }

  /** Loads the scenario the header carries (with the header's seed and end time applied). */
  public Scenario scenario() throws ScenarioException {
    String stem = file.replaceAll("^.*[/\\\\]", "").replaceAll("\\.ya?ml$", "");
    Scenario s = ScenarioLoader.parse(file, scenarioText, stem.isEmpty() ? "replay" : stem);
    return s.withSeed(seed).withDuration(untilNanos);
  }

  /**
   * Reads a header from the first line of a trace.
   *
   * @throws IllegalArgumentException when the line is not a header this version understands (the message
   *     says what was found)
   */
  public static TraceHeader parse(String line) {
    JsonNode n;
    try {
      n = MAPPER.readTree(line);
    } catch (IOException e) {
      throw new IllegalArgumentException("a JSON object on the first line, found text that is not JSON");
    }
    if (n == null || !n.isObject() || !TYPE.equals(n.path("type").asText(null))) {
      throw new IllegalArgumentException("a first record of type \"header\" (written by listensim run --trace"
          + " since format 1), found " + (n != null && n.has("type") ? "type " + n.get("type") : "no header"));
    }
    int format = n.path("format").asInt(-1);
    if (format != FORMAT) {
      throw new IllegalArgumentException("header format " + FORMAT + ", found format " + n.path("format"));
    }
    for (String f : new String[] {"version", "file", "seed", "untilNs", "scenario"}) {
      if (!n.has(f)) {
        throw new IllegalArgumentException("a header with the field \"" + f + "\", found none");
      }
    }
    return new TraceHeader(n.get("version").asText(), n.get("file").asText(), n.get("seed").asLong(),
        n.get("untilNs").asLong(), n.get("scenario").asText());
  }
}
