package org.listensim.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Whether progress may be drawn: only when standard error is a terminal. */
final class Terminal {
  private Terminal() {}

  /**
   * True when stderr is a terminal. Java has no isatty for one stream; on Linux the file descriptor's
   * link names the device, elsewhere the console (stdin and stdout both terminals) stands in for it.
   */
  static boolean stderrIsTerminal() {
    Path fd2 = Path.of("/proc/self/fd/2");
    if (Files.exists(fd2, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
      try {
        String target = Files.readSymbolicLink(fd2).toString();
        return target.startsWith("/dev/pts/") || target.startsWith("/dev/tty");
      } catch (IOException | UnsupportedOperationException e) {
        return System.console() != null;
      }
    }
    return System.console() != null;
  }
}
