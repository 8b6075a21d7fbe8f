package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.listensim.kernel.Sysctl;

/** {@code reqsk_queue_alloc} and {@code sys_listen}: the table of the listen-path spec §2.5. */
class ReqskQueueAllocTest {

  @ParameterizedTest(name = "backlog {0}, tcp_max_syn_backlog {1} -> {2} entries, max_qlen_log {3}, accept capacity {4}")
  @CsvSource({
    // backlog, max_syn_backlog, nr_table_entries, max_qlen_log, sk_max_ack_backlog + 1
    "0, 1024, 16, 4, 1",
    "1, 1024, 16, 4, 2",
    "5, 1024, 16, 4, 6",
    "7, 1024, 16, 4, 8",
    "8, 1024, 16, 4, 9",
    "15, 1024, 16, 4, 16",
    "16, 1024, 32, 5, 17",
    "100, 1024, 128, 7, 101",
    "128, 1024, 256, 8, 129",
    "511, 1024, 512, 9, 512",
    "1024, 1024, 2048, 11, 1025",
    "0, 128, 16, 4, 1",
    "15, 128, 16, 4, 16",
    "16, 128, 32, 5, 17",
    "100, 128, 128, 7, 101",
    "128, 128, 256, 8, 129",
    "511, 128, 256, 8, 512",
    "1024, 128, 256, 8, 1025",
  })
  void reqskQueueAlloc_sizesTheSynTable(int backlog, int maxSynBacklog, int entries, int maxQlenLog, int capacity) {
    ListenHarness h = new ListenHarness();
    h.sysctls.set(Sysctl.SOMAXCONN, 65535);
    h.sysctls.set(Sysctl.TCP_MAX_SYN_BACKLOG, maxSynBacklog);
    assertThat(h.listen(backlog)).isZero();
    assertThat(h.lopt().nrTableEntries()).isEqualTo(entries);
    assertThat(h.lopt().maxQlenLog()).isEqualTo(maxQlenLog);
    assertThat(h.listener.maxAckBacklog() + 1).isEqualTo(capacity);
  }

  @ParameterizedTest(name = "listen({0}) with default somaxconn 128 -> Send-Q {1}, {2} entries")
  @CsvSource({"511, 128, 256", "1024, 128, 256", "-1, 128, 256", "-2147483648, 128, 256", "128, 128, 256", "5, 5, 16"})
  void sysListen_clampsToSomaxconnUnsigned(int backlog, int sendQ, int entries) {
    ListenHarness h = new ListenHarness();
    assertThat(h.listen(backlog)).isZero();
    assertThat(h.listener.maxAckBacklog()).isEqualTo(sendQ);
    assertThat(h.lopt().nrTableEntries()).isEqualTo(entries);
  }

  @org.junit.jupiter.api.Test
  void sysListen_negativeSomaxconnDisablesTheClamp_andTheBacklogIsAnUnsignedShort() {
    ListenHarness h = new ListenHarness();
    h.sysctls.set(Sysctl.SOMAXCONN, -1);
    assertThat(h.listen(100_000)).isZero();
    // 100000 mod 65536: sk_max_ack_backlog is 16 bits wide.
    assertThat(h.listener.maxAckBacklog()).isEqualTo(34_464);
    // The table is capped by tcp_max_syn_backlog (1024): roundup_pow_of_two(1025).
    assertThat(h.lopt().nrTableEntries()).isEqualTo(2048);
  }

  @org.junit.jupiter.api.Test
  void inetListen_relistenChangesOnlyTheBacklog() {
    ListenHarness h = new ListenHarness();
    h.sysctls.set(Sysctl.SOMAXCONN, 1024);
    assertThat(h.listen(5)).isZero();
    ListenSock table = h.lopt();
    assertThat(h.listen(1000)).isZero();
    assertThat(h.lopt()).isSameAs(table);
    assertThat(h.lopt().nrTableEntries()).isEqualTo(16);
    assertThat(h.listener.maxAckBacklog()).isEqualTo(1000);
  }

  @org.junit.jupiter.api.Test
  void inetCskListenStart_portTakenByAnotherListenerIsEaddrinuse() {
    ListenHarness h = new ListenHarness();
    assertThat(h.listen(5)).isZero();
    TcpSock other = h.host.socket();
    h.host.bind(other, 0, ListenHarness.PORT);
    assertThat(h.host.listen(other, 5)).isEqualTo(-Errno.EADDRINUSE.number());
    assertThat(other.state()).isEqualTo(TcpState.CLOSE);
  }

  @org.junit.jupiter.api.Test
  void reqskQueueAlloc_hugeTableIsEnomem() {
    ListenHarness h = new ListenHarness();
    h.sysctls.set(Sysctl.SOMAXCONN, -1);
    h.sysctls.set(Sysctl.TCP_MAX_SYN_BACKLOG, -1);
    assertThat(h.listen(-1)).isEqualTo(-Errno.ENOMEM.number());
    assertThat(h.listener.state()).isEqualTo(TcpState.CLOSE);
  }
}
