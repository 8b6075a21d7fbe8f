package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.listensim.kernel.Ipv4;
import org.listensim.kernel.Jhash;

/** {@code inet_synq_hash} with the 2.6.32 lookup2 jhash: the vectors of the listen-path spec §11. */
class JhashTest {
  @Test
  void jhash2Words_vectorsCompiledFromTheKernelHeader() {
    assertThat(Jhash.jhash2Words(0x0100000a, 0x0000409c, 0)).isEqualTo(0x50dc25d6);
    assertThat(Jhash.jhash2Words(0x0100000a, 0x0000409c, 0x12345678)).isEqualTo(0xb04c4e7a);
    assertThat(Jhash.jhash2Words(0x1401a8c0, 0x000022c8, 0xdeadbeef)).isEqualTo(0x0cd5477d);
    assertThat(Jhash.jhash2Words(0x0100007f, 0x00005000, 1)).isEqualTo(0xb893f49f);
  }

  @Test
  void inetSynqHash_readsAddressAndPortInX86ByteOrder() {
    assertThat(Jhash.inetSynqHash(Ipv4.parse("10.0.0.1"), 40000, 0, 16)).isEqualTo(6);
    assertThat(Jhash.inetSynqHash(Ipv4.parse("10.0.0.1"), 40000, 0, 256)).isEqualTo(214);
    assertThat(Jhash.inetSynqHash(Ipv4.parse("10.0.0.1"), 40000, 0x12345678, 16)).isEqualTo(10);
    assertThat(Jhash.inetSynqHash(Ipv4.parse("192.168.1.20"), 51234, 0xdeadbeef, 256)).isEqualTo(125);
    assertThat(Jhash.inetSynqHash(Ipv4.parse("127.0.0.1"), 80, 1, 256)).isEqualTo(159);
  }

  @Test
  void inetSynqHash_bucketsOfTheWorkedExamples() {
    int[] clients = IntStream.rangeClosed(1, 10)
        .map(i -> Jhash.inetSynqHash(Ipv4.parse("10.0.0." + i), 40000, 0, 16)).toArray();
    assertThat(clients).containsExactly(6, 12, 15, 8, 4, 12, 10, 10, 2, 11);
    int[] attackers = IntStream.rangeClosed(1, 16)
        .map(i -> Jhash.inetSynqHash(Ipv4.parse("198.51.100." + i), 20000, 0, 16)).toArray();
    assertThat(attackers).containsExactly(10, 0, 15, 14, 13, 4, 2, 15, 0, 13, 3, 2, 12, 14, 3, 2);
  }
}
