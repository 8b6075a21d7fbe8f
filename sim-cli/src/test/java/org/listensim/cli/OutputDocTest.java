package org.listensim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** docs/output-format.md documents every field the --json document has. */
class OutputDocTest {
  @Test
  void everyJsonFieldIsDocumented() throws IOException {
    String doc = Files.readString(Path.of("..", "docs", "output-format.md"));
    JsonNode j = CliTest.json(CliTest.run("run", "accept-queue-overflow-abort", "--json").out());
    check(doc, j, "");
    check(doc, j.get("listener"), "listener.");
    check(doc, j.get("latency"), "latency.");
    check(doc, j.get("latency").get("connectMs"), "latency.connectMs.");
    for (JsonNode e : j.get("emitted")) {
      check(doc, e, "emitted[].");
    }
    j.get("counters").fieldNames().forEachRemaining(n -> assertThat(doc).as(n).contains("`" + n + "`"));
  }

  private static void check(String doc, JsonNode node, String prefix) {
    node.fieldNames().forEachRemaining(n -> assertThat(doc).as(prefix + n).contains("`" + n + "`"));
  }
}
