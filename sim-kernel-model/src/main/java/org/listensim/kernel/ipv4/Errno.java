package org.listensim.kernel.ipv4;

/** The errno values system calls of the model return, with Linux x86 numbers and glibc messages. */
public enum Errno {
  EPIPE(32, "Broken pipe"),
  EAGAIN(11, "Resource temporarily unavailable"),
  ENOMEM(12, "Cannot allocate memory"),
  EINVAL(22, "Invalid argument"),
  EADDRINUSE(98, "Address already in use"),
  EADDRNOTAVAIL(99, "Cannot assign requested address"),
  ECONNRESET(104, "Connection reset by peer"),
  EISCONN(106, "Transport endpoint is already connected"),
  ETIMEDOUT(110, "Connection timed out"),
  ECONNREFUSED(111, "Connection refused"),
  EALREADY(114, "Operation already in progress"),
  EINPROGRESS(115, "Operation now in progress");

  private final int number;
  private final String message;

  Errno(int number, String message) {
    this.number = number;
    this.message = message;
  }

  public int number() {
    return number;
  }

  public String message() {
    return message;
  }
}
