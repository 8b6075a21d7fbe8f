package org.listensim.kernel.syncookies;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/** The raw values are those of the spec's §11 jhash table (columns raddr_raw, rport_raw). */
class X86ByteOrderTest {
  @Test
  void be32Raw_specExamples() {
    assertThat(X86ByteOrder.be32Raw(X86ByteOrder.ipv4(10, 0, 0, 1))).isEqualTo(0x0100000a);
    assertThat(X86ByteOrder.be32Raw(X86ByteOrder.ipv4(192, 168, 1, 20))).isEqualTo(0x1401a8c0);
    assertThat(X86ByteOrder.be32Raw(X86ByteOrder.ipv4(127, 0, 0, 1))).isEqualTo(0x0100007f);
  }

  @Test
  void be16Raw_specExamples() {
    assertThat(X86ByteOrder.be16Raw(40000)).isEqualTo(0x409c);
    assertThat(X86ByteOrder.be16Raw(51234)).isEqualTo(0x22c8);
    assertThat(X86ByteOrder.be16Raw(80)).isEqualTo(0x5000);
    assertThat(X86ByteOrder.be16Raw(0)).isZero();
    assertThat(X86ByteOrder.be16Raw(65535)).isEqualTo(0xffff);
  }

  @Test
  void ipv4_naturalValueAndText() {
    assertThat(X86ByteOrder.ipv4(10, 0, 0, 1)).isEqualTo(0x0A000001);
    assertThat(X86ByteOrder.ipv4(255, 255, 255, 255)).isEqualTo(-1);
    assertThat(X86ByteOrder.ipv4ToString(0xC0A80114)).isEqualTo("192.168.1.20");
    assertThat(X86ByteOrder.ipv4ToString(-1)).isEqualTo("255.255.255.255");
  }

  @Test
  void outOfRange_isRejected() {
    assertThatThrownBy(() -> X86ByteOrder.ipv4(256, 0, 0, 1))
        .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("256.0.0.1");
    assertThatThrownBy(() -> X86ByteOrder.be16Raw(65536))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("port must be 0..65535, got 65536");
    assertThatThrownBy(() -> X86ByteOrder.be16Raw(-1)).isInstanceOf(IllegalArgumentException.class);
  }
}
