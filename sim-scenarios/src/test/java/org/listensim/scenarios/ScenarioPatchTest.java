package org.listensim.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.listensim.kernel.Sysctl;

/** Fields replaced by path before validation, with the file's located errors. */
class ScenarioPatchTest {
  static final ScenarioPatch.Source SRC = new ScenarioPatch.Source("s.yaml", """
      duration: 1s
      sysctl:
        net:
          ipv4: { tcp_syncookies: 0 }
      server: { address: 10.0.0.100 }
      clients:
        - { name: a, count: 3, interval: 10ms, from: 10.1.0.1/32 }
      """, "s");

  static Scenario load(String... kv) throws ScenarioException {
    Map<String, String> m = new LinkedHashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return ScenarioPatch.load(SRC, m);
  }

  @Test
  void replacesAndAddsFields() throws Exception {
    Scenario s = load("sysctl.net.ipv4.tcp_syncookies", "1", "sysctl.net.core.somaxconn", "64",
        "server.listen.backlog", "32", "clients[0].count", "7", "seed", "9");
    assertThat(s.sysctls()).containsEntry(Sysctl.byKey("net.ipv4.tcp_syncookies"), 1)
        .containsEntry(Sysctl.byKey("net.core.somaxconn"), 64);
    assertThat(s.server().backlog()).isEqualTo(32);
    assertThat(s.server().address()).isEqualTo(org.listensim.kernel.Ipv4.parse("10.0.0.100"));
    assertThat(s.seed()).isEqualTo(9);
    assertThat(load().sysctls()).containsEntry(Sysctl.byKey("net.ipv4.tcp_syncookies"), 0);
  }

  @Test
  void aBadValueIsTheErrorTheFileWouldGive() throws Exception {
    ScenarioException viaPatch = catchIt(() -> load("server.listen.backlog", "many"));
    ScenarioException viaFile = catchIt(() -> ScenarioLoader.parse("s.yaml",
        SRC.text().replace("server: { address: 10.0.0.100 }", "server: { address: 10.0.0.100, listen: { backlog: many } }"),
        "s"));
    assertThat(viaPatch.errors().get(0).path()).isEqualTo(viaFile.errors().get(0).path());
    assertThat(viaPatch.errors().get(0).expected()).isEqualTo(viaFile.errors().get(0).expected());
    assertThat(viaPatch.errors().get(0).found()).isEqualTo(viaFile.errors().get(0).found());
    assertThat(viaPatch.errors().get(0).line()).isEqualTo(5);
  }

  @Test
  void pathsThatLeadNowhereAreLocatedErrors() {
    assertThatThrownBy(() -> load("clients[3].count", "1")).isInstanceOf(ScenarioException.class)
        .hasMessageContaining("clients[3].count: expected an index below 1");
    assertThatThrownBy(() -> load("duration.x", "1")).isInstanceOf(ScenarioException.class)
        .hasMessageContaining("expected a mapping on the way to the field");
    assertThatThrownBy(() -> load("server.bogus", "1")).isInstanceOf(ScenarioException.class)
        .hasMessageContaining("server.bogus");
    assertThat(ScenarioPatch.checkPath("a..b")).isNotNull();
    assertThat(ScenarioPatch.checkPath("clients[0].rate")).isNull();
  }

  private static ScenarioException catchIt(ThrowingLoad l) {
    try {
      l.load();
    } catch (ScenarioException e) {
      return e;
    }
    throw new AssertionError("no error");
  }

  interface ThrowingLoad {
    Scenario load() throws ScenarioException;
  }
}
