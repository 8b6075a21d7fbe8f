package org.listensim.kernel;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * The names the model shares with the kernel and its tools: sysctl keys as under /proc/sys (written as
 * sysctl -w would, any C int), MIB counters as /proc/net/snmp and /proc/net/netstat print them with
 * net-tools 1.60's netstat -s lines, and the simulator's own counters under their sim. prefix.
 */
class KernelNamesTest {

  @Test
  void sysctlByKey_procSysNames() {
    assertThat(Sysctl.byKey("net.core.somaxconn")).isEqualTo(Sysctl.SOMAXCONN);
    assertThat(Sysctl.byKey("net.ipv4.tcp_syncookies")).isEqualTo(Sysctl.TCP_SYNCOOKIES);
    assertThat(Sysctl.byKey("net.ipv4.tcp_retries2")).isEqualTo(Sysctl.TCP_RETRIES2);
    assertThat(Sysctl.byKey("net.ipv4.tcp_fin_timeout")).isNull();
    assertThat(Sysctl.TCP_MAX_SYN_BACKLOG.key()).isEqualTo("net.ipv4.tcp_max_syn_backlog");
    assertThat(Arrays.stream(Sysctl.values()).map(Sysctl::description)).allMatch(d -> d.length() > 10);
  }

  /** sysctl -w accepts any C int, including the extremes; a wider value or an unknown name is refused. */
  @Test
  void sysctlsSetByKey_anyCIntLikeProcDointvec() {
    Sysctls s = new Sysctls();
    assertThat(s.set("net.ipv4.tcp_syncookies", 1).get(Sysctl.TCP_SYNCOOKIES)).isEqualTo(1);
    assertThat(s.set("net.core.somaxconn", Integer.MIN_VALUE).get(Sysctl.SOMAXCONN)).isEqualTo(Integer.MIN_VALUE);
    assertThat(s.set("net.core.somaxconn", Integer.MAX_VALUE).get(Sysctl.SOMAXCONN)).isEqualTo(Integer.MAX_VALUE);
    assertThatThrownBy(() -> s.set("net.core.somaxconn", Integer.MAX_VALUE + 1L))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("net.core.somaxconn = 2147483648 cannot be written: 2.6.32 stores it in a C int"
            + " (-2147483648 to 2147483647)");
    assertThatThrownBy(() -> s.set("net.core.somaxconn", Integer.MIN_VALUE - 1L))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> s.set("net.ipv4.tcp_fin_timeout", 30))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith("unknown sysctl net.ipv4.tcp_fin_timeout; the model knows net.core.somaxconn, "
            + "net.ipv4.tcp_max_syn_backlog,");
    assertThat(s.get(Sysctl.SOMAXCONN)).isEqualTo(Integer.MAX_VALUE);
  }

  /** A copy starts with the same values and then lives its own life; set() chains. */
  @Test
  void sysctlsCopy_isIndependent() {
    Sysctls a = new Sysctls().set(Sysctl.TCP_SYNCOOKIES, 1).set(Sysctl.SOMAXCONN, 4096);
    Sysctls b = a.copy();
    assertThat(b.get(Sysctl.TCP_SYNCOOKIES)).isEqualTo(1);
    assertThat(b.get(Sysctl.SOMAXCONN)).isEqualTo(4096);
    b.set(Sysctl.SOMAXCONN, 5);
    assertThat(a.get(Sysctl.SOMAXCONN)).isEqualTo(4096);
    assertThat(new Sysctls().get(Sysctl.TCP_SYNACK_RETRIES)).isEqualTo(5);
  }

  @Test
  void mibCounter_kernelNamesAndNetstatLines() {
    assertThat(MibCounter.LISTEN_OVERFLOWS.line()).isEqualTo("TcpExt");
    assertThat(MibCounter.LISTEN_OVERFLOWS.kernelName()).isEqualTo("ListenOverflows");
    assertThat(MibCounter.LISTEN_OVERFLOWS.netstatLine(3)).isEqualTo("3 times the listen queue of a socket overflowed");
    assertThat(MibCounter.ACTIVE_OPENS.line()).isEqualTo("Tcp");
    assertThat(MibCounter.RETRANS_SEGS.netstatLine(12)).isEqualTo("12 segments retransmited");
    assertThat(MibCounter.byKernelName("PAWSActive")).isEqualTo(MibCounter.PAWS_ACTIVE_REJECTED);
    assertThat(MibCounter.byKernelName("TW")).isEqualTo(MibCounter.TIME_WAITED);
    assertThat(MibCounter.byKernelName("TCPAbortOnTimeout")).isNull();
  }

  @Test
  void simCounter_printedWithTheSimPrefix() {
    assertThat(SimCounter.SYN_DROP_SYN_QUEUE_FULL.printedName()).isEqualTo("sim.SynDropSynQueueFull");
    assertThat(Arrays.stream(SimCounter.values()).map(SimCounter::printedName))
        .allMatch(n -> n.startsWith("sim.") && n.length() > 4).doesNotHaveDuplicates();
    assertThat(Arrays.stream(SimCounter.values()).map(SimCounter::description)).allMatch(d -> d.length() > 10);
  }
}
