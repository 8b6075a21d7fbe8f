package org.listensim.kernel;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Names the Linux 2.6.32 function a Java method (or type) implements, so a reader can hold the two side
 * by side. The table in sim-kernel-model/README.md lists every one; a test keeps it complete.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE})
@Repeatable(KernelSource.List.class)
public @interface KernelSource {
  /** Path in the kernel tree, e.g. {@code net/ipv4/tcp_ipv4.c}. */
  String file();

  /** The C function or macro, e.g. {@code tcp_v4_conn_request}. */
  String function();

  /** Container for repeated annotations. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.METHOD, ElementType.CONSTRUCTOR, ElementType.TYPE})
  @interface List {
    KernelSource[] value();
  }
}
