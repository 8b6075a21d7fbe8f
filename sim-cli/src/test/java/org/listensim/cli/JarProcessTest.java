package org.listensim.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The built jar ({@code target/listensim.jar}) as a separate process, as a user runs it. Surefire runs
 * this class in the {@code package} phase, after the shade plugin has built the jar (see the pom).
 */
class JarProcessTest {
  @TempDir Path dir;

  record Proc(int rc, String out, String err) {}

  static Proc java(String... args) throws IOException, InterruptedException {
    Path jar = Path.of("target", "listensim.jar");
    assertThat(jar).as("the shaded jar; this test runs after package").exists();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-jar");
    cmd.add(jar.toString());
    cmd.addAll(List.of(args));
    Process p = new ProcessBuilder(cmd).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
        .start();
    byte[] out = p.getInputStream().readAllBytes();
    byte[] err = p.getErrorStream().readAllBytes();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    return new Proc(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
  }

  @Test
  void runsABundledScenarioByName() throws Exception {
    Proc p = java("run", "backlog-plus-one");
    assertThat(p.rc()).as(p.err()).isZero();
    assertThat(p.out()).contains("$ ss -lnt", "$ netstat -s", "Trace digest: sha256:");
    assertThat(p.err()).as("no progress bar when stderr is not a terminal").isEmpty();
  }

  @Test
  void jsonOnStdoutIsOneDocument() throws Exception {
    Proc p = java("run", "last-quarter", "--json");
    assertThat(p.rc()).as(p.err()).isZero();
    JsonNode j = new ObjectMapper().readTree(p.out());
    assertThat(j.get("scenario").asText()).isEqualTo("last-quarter");
    assertThat(j.get("listener").get("nrTableEntries").asInt()).isEqualTo(256);
  }

  @Test
  void badInputExits2WithALocatedMessage() throws Exception {
    Path f = dir.resolve("bad.yaml");
    Files.writeString(f, "duration: 1s\nserver: { port: 0 }\n");
    Proc p = java("validate", f.toString());
    assertThat(p.rc()).isEqualTo(2);
    assertThat(p.err()).startsWith(f + ":2:17: server.port: expected a port 1..65535, found 0");
    assertThat(p.err()).doesNotContain("Exception");
    Proc missing = java("run", dir.resolve("missing.yaml").toString());
    assertThat(missing.rc()).isEqualTo(2);
    assertThat(missing.err()).contains("missing.yaml:1:1: (file): expected an existing scenario file");
  }

  @Test
  void versionNamesTheRelease() throws Exception {
    Proc p = java("--version");
    assertThat(p.rc()).isZero();
    assertThat(p.out()).startsWith("listensim 0.1.0-SNAPSHOT");
  }
}
