package org.listensim.kernel;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the kernel-function table of sim-kernel-model/README.md complete and current: every
 * {@link KernelSource} annotation has its row, and every row names an annotation that exists. The
 * table as it should be is written to target/kernel-functions.md on every run.
 */
class KernelSourceTableTest {

  @Test
  void readmeTableListsEveryAnnotatedKernelFunction() throws Exception {
    TreeSet<String> expected = new TreeSet<>();
    for (Class<?> c : modelClasses()) {
      add(expected, c, c.getSimpleName());
      for (Method m : c.getDeclaredMethods()) {
        add(expected, m, c.getSimpleName() + "." + m.getName());
      }
      for (Constructor<?> k : c.getDeclaredConstructors()) {
        add(expected, k, c.getSimpleName() + "(new)");
      }
    }
    String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
    TreeSet<String> actual = new TreeSet<>();
    for (String line : readme.split("\n")) {
      if (line.startsWith("| `") && line.split("\\|").length == 4) {
        actual.add(line.strip());
      }
    }
    String table = String.join("\n", expected);
    // Written out so a maintainer can paste it into the README after adding a kernel function.
    Files.writeString(Path.of("target", "kernel-functions.md"), table + "\n", StandardCharsets.UTF_8);
    assertThat(actual).as("README.md table; it should read:\n%s\n", table).isEqualTo(expected);
  }

  private static void add(TreeSet<String> rows, AnnotatedElement e, String java) {
    for (KernelSource k : e.getAnnotationsByType(KernelSource.class)) {
      rows.add("| `" + k.file() + "` | `" + k.function() + "` | `" + java + "` |");
    }
  }

  private static List<Class<?>> modelClasses() throws IOException, ClassNotFoundException {
    Path root = Path.of("target", "classes");
    List<Class<?>> out = new ArrayList<>();
    try (Stream<Path> files = Files.walk(root)) {
      for (Path p : files.filter(f -> f.toString().endsWith(".class")).sorted().toList()) {
        String name = root.relativize(p).toString().replace('/', '.').replace('\\', '.');
        out.add(Class.forName(name.substring(0, name.length() - ".class".length())));
      }
    }
    return out;
  }
}
