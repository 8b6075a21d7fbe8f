package org.listensim.scenarios;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.listensim.kernel.Sysctl;

/** docs/scenario-format.md stays true: its examples load and it documents every field the loader knows. */
class DocsTest {
  static String doc() throws IOException {
    return Files.readString(Path.of("..", "docs", "scenario-format.md"));
  }

  @Test
  void everyYamlExampleLoads() throws IOException {
    Matcher m = Pattern.compile("```yaml\\n(.*?)```", Pattern.DOTALL).matcher(doc());
    List<String> blocks = new ArrayList<>();
    while (m.find()) {
      blocks.add(m.group(1));
    }
    assertThat(blocks).hasSizeGreaterThanOrEqualTo(7);
    for (int i = 0; i < blocks.size(); i++) {
      String yaml = blocks.get(i);
      try {
        ScenarioLoader.parse("example-" + i + ".yaml", yaml, "example");
      } catch (ScenarioException e) {
        throw new AssertionError("example " + i + " of docs/scenario-format.md:\n" + yaml + "\n" + e.getMessage());
      }
    }
  }

  @Test
  void everyFieldAndSysctlIsDocumented() throws IOException {
    String doc = doc();
    List<String> fields = Stream.of(ScenarioLoader.TOP, ScenarioLoader.PINS, ScenarioLoader.ISN,
            ScenarioLoader.SERVER, ScenarioLoader.LISTEN, ScenarioLoader.APP, ScenarioLoader.PAUSE,
            ScenarioLoader.CLIENT, ScenarioLoader.BURSTS, ScenarioLoader.CLOSED_LOOP, ScenarioLoader.ATTACKER)
        .flatMap(List::stream).distinct().toList();
    for (String f : fields) {
      assertThat(doc).as("field " + f).contains("`" + f + "`");
    }
    for (Sysctl s : Sysctl.values()) {
      assertThat(doc).as(s.key()).contains("| `" + s.key() + "` | " + s.defaultValue() + " |");
    }
  }
}
