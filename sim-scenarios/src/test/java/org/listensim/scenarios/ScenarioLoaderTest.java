package org.listensim.scenarios;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.Sysctl;
import org.listensim.scenarios.workload.Arrival;
import org.listensim.scenarios.workload.ClientPopulation;
import org.listensim.scenarios.workload.Distribution;
import org.listensim.scenarios.workload.ServerApp;
import org.listensim.scenarios.workload.SynFlood;

class ScenarioLoaderTest {
  static final String FULL = """
      name: everything
      description: every feature once
      seed: 42
      hz: 250
      duration: 30s
      sysctl: { net.core.somaxconn: 64, net.ipv4.tcp_abort_on_overflow: 1 }
      kernel-random:
        synq-hash-rnd: 0x1234abcd
        syncookie-secret: 7
        isn: { first: 1000, increment: 64 }
      server:
        address: 10.0.0.100
        port: 8080
        listen: { backlog: -1, defer-accept: 5s }
        app:
          workers: 8
          service: exponential(20ms)
          pauses: [ { at: 5s, for: 2s } ]
          reply-bytes: 512
          closes: server
      clients:
        - { name: web, count: 10, interval: 100ms, start: 1ms, from: 10.1.0.0/24, delay: 1ms, loss: 0.01, request-bytes: 100 }
        - { name: poisson, rate: 50/s, start: 1s, stop: 20s, from: 10.2.0.0/16, delay: "uniform(1ms, 3ms)", timestamps: false }
        - { name: burst, bursts: { at: [1s, 2s], size: 20 }, loss-to-server: 0.1, loss-from-server: 0 }
        - { name: loop, closed-loop: { clients: 4, think: exponential(100ms) } }
      attackers:
        - { kind: syn-flood, rate: 10000/s, from: 192.168.0.0/16, start: 1s, stop: 11s, arrivals: poisson, ports: random, timestamps: true, delay: 2ms }
      """;

  @Test
  void everyFeatureLoadsIntoTheModel() throws ScenarioException {
    Scenario s = ScenarioLoader.parse("full.yaml", FULL, "x");
    assertThat(s.name()).isEqualTo("everything");
    assertThat(s.seed()).isEqualTo(42);
    assertThat(s.hz()).isEqualTo(250);
    assertThat(s.durationNanos()).isEqualTo(30_000_000_000L);
    assertThat(s.sysctls()).containsExactly(
        java.util.Map.entry(Sysctl.SOMAXCONN, 64), java.util.Map.entry(Sysctl.TCP_ABORT_ON_OVERFLOW, 1));
    assertThat(s.kernelSysctls().get(Sysctl.TCP_SYNACK_RETRIES)).isEqualTo(5);
    assertThat(s.pins()).isEqualTo(new KernelPins(0x1234abcdL, 7L, null, 1000L, 64));
    assertThat(s.server()).isEqualTo(new ServerConfig(Ipv4.parse("10.0.0.100"), 8080, -1, 5));
    assertThat(s.app()).isEqualTo(new ServerApp(
        new ServerApp.AcceptPolicy.Workers(8, new Distribution("exponential", List.of(20e6))),
        List.of(new ServerApp.Pause(5_000_000_000L, 2_000_000_000L)), 512, true));
    assertThat(s.clients()).hasSize(4);
    assertThat(s.clients().get(2).from()).as("default pool of the third population").isEqualTo(Units.cidr("10.3.0.0/16"));
    ClientPopulation web = s.clients().get(0);
    assertThat(web).isEqualTo(new ClientPopulation("web", new Arrival.Constant(1_000_000, 100_000_000, 10),
        Units.cidr("10.1.0.0/24"), Distribution.constant(1e6), 0.01, 0.01, 100, true));
    assertThat(s.clients().get(1).arrival()).isEqualTo(new Arrival.Poisson(1_000_000_000L, 20_000_000_000L, 50));
    assertThat(s.clients().get(1).timestamps()).isFalse();
    assertThat(s.clients().get(2).arrival())
        .isEqualTo(new Arrival.Bursts(List.of(1_000_000_000L, 2_000_000_000L), 20));
    assertThat(s.clients().get(2).lossToServer()).isEqualTo(0.1);
    assertThat(s.clients().get(2).lossFromServer()).isEqualTo(0.0);
    assertThat(s.clients().get(3).arrival()).isEqualTo(new Arrival.ClosedLoop(0, 30_000_000_000L, 4,
        new Distribution("exponential", List.of(100e6))));
    assertThat(s.floods()).containsExactly(new SynFlood("flood-4", 10000, true, Units.cidr("192.168.0.0/16"),
        1_000_000_000L, 11_000_000_000L, true, true, Distribution.constant(2e6)));
  }

  @Test
  void theJavaBuilderBuildsTheSameScenario() throws ScenarioException {
    String yaml = """
        name: built
        seed: 9
        duration: 2s
        sysctl: { net.ipv4.tcp_syncookies: 1 }
        server: { address: 10.0.0.1, port: 80, listen: { backlog: 5 }, app: { rate: 100/s } }
        clients:
          - { name: web, count: 3, interval: 10ms, from: 10.1.0.0/24 }
        """;
    Scenario built = Scenario.builder("built")
        .seed(9)
        .duration(2_000_000_000L)
        .sysctl("net.ipv4.tcp_syncookies", 1)
        .server(new ServerConfig(Ipv4.parse("10.0.0.1"), 80, 5, 0))
        .app(new ServerApp(new ServerApp.AcceptPolicy.Rate(100), List.of(), 0, false))
        .client(new ClientPopulation("web", new Arrival.Constant(0, 10_000_000, 3), Units.cidr("10.1.0.0/24"),
            Distribution.constant(0), 0, 0, 0, true))
        .build();
    assertThat(ScenarioLoader.parse("b.yaml", yaml, "b")).isEqualTo(built);
  }

  @Test
  void defaultsFillWhatIsLeftOut() throws ScenarioException {
    Scenario s = ScenarioLoader.parse("min.yaml", "duration: 1s\n", "min");
    assertThat(s.name()).isEqualTo("min");
    assertThat(s.seed()).isEqualTo(1);
    assertThat(s.hz()).isEqualTo(1000);
    assertThat(s.server()).isEqualTo(new ServerConfig(Ipv4.parse("10.0.0.1"), 80, 128, 0));
    assertThat(s.app().accept()).isInstanceOf(ServerApp.AcceptPolicy.Never.class);
    assertThat(s.clients()).isEmpty();
    assertThat(s.pins()).isEqualTo(KernelPins.NONE);
  }

  @Test
  void nestedSysctlMappingsAreFlattened() throws ScenarioException {
    Scenario s = ScenarioLoader.parse("n.yaml",
        "duration: 1s\nsysctl:\n  net:\n    core: { somaxconn: 16 }\n    ipv4: { tcp_syncookies: 1 }\n", "n");
    assertThat(s.sysctls()).containsEntry(Sysctl.SOMAXCONN, 16).containsEntry(Sysctl.TCP_SYNCOOKIES, 1);
  }

  @Test
  void syncookieSecretWordsArePinnedExactly() throws ScenarioException {
    String words = "[" + String.join(", ", java.util.Collections.nCopies(17, "0xffffffff")) + "]";
    Scenario s = ScenarioLoader.parse("s.yaml",
        "duration: 1s\nkernel-random: { syncookie-secret: [" + words + ", " + words + "] }\n", "s");
    assertThat(s.pins().syncookieSecretWords()).hasSize(2);
    assertThat(s.pins().syncookieSecretWords().get(1)).hasSize(17).containsOnly(0xffffffffL);
  }

  @Test
  void allErrorsOfAFileComeAtOnceInFileOrder() {
    String yaml = "duration: 5\nhz: 7\nserver: { port: 0 }\nclientz: []\n";
    assertThatThrownBy(() -> ScenarioLoader.parse("m.yaml", yaml, "m"))
        .isInstanceOfSatisfying(ScenarioException.class, e -> assertThat(e.errors())
            .extracting(er -> er.line() + ":" + er.column() + " " + er.path())
            .containsExactly("1:11 duration", "2:5 hz", "3:17 server.port", "4:1 clientz"));
  }

  @Test
  void anUnquotedCommaInAFlowMappingGetsAHint() {
    String yaml = "duration: 1s\nclients:\n  - { count: 1, delay: uniform(1ms, 3ms) }\n";
    assertThatThrownBy(() -> ScenarioLoader.parse("q.yaml", yaml, "q"))
        .hasMessageContaining("q.yaml:3:24: clients[0].delay:")
        .hasMessageContaining("found \"uniform(1ms\"; inside { } a comma ends an unquoted value: quote the distribution");
  }

  @Test
  void didYouMeanNeedsACloseWord() {
    assertThat(ScenarioLoader.didYouMean("clientz", ScenarioLoader.TOP)).isEqualTo("did you mean \"clients\"?");
    assertThat(ScenarioLoader.didYouMean("xyzzy", ScenarioLoader.TOP)).isEmpty();
    assertThat(ScenarioLoader.editDistance("kitten", "sitting")).isEqualTo(3);
  }

  @Test
  void everyBundledScenarioIsValidAndNamedAfterItsFile() throws ScenarioException {
    for (String name : BundledScenarios.names()) {
      Scenario s = ScenarioLoader.loadBundled(name);
      assertThat(s.name()).isEqualTo(name);
      assertThat(s.description()).as(name).isNotBlank();
    }
  }

  @Test
  void anUnknownBundledNameIsALocatedError() {
    assertThatThrownBy(() -> ScenarioLoader.loadBundled("nope"))
        .isInstanceOf(ScenarioException.class)
        .hasMessageContaining("nope:1:1: (file): expected a bundled scenario: backlog-plus-one");
  }
}
