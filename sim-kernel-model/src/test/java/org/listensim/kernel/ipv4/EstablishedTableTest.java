package org.listensim.kernel.ipv4;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.lists;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.listensim.core.Simulator;
import org.listensim.kernel.KernelClock;
import org.listensim.kernel.Sysctls;
import org.quicktheories.core.Gen;

/**
 * The established table against a list of the sockets it should hold: lookups by exact 4-tuple,
 * removal of one socket among two with the same 4-tuple, growth, and the gap closing of linear probing
 * (4-tuples from a small space, so probe runs are long and wrap around the end of the table).
 *
 * <p>On failure QuickTheories prints {@code Seed was N}; replay with {@code mvn -B -pl sim-kernel-model
 * -am verify -Dtest=EstablishedTableTest -Dsurefire.failIfNoSpecifiedTests=false -DQT_SEED=N}.
 */
class EstablishedTableTest {
  /** One step: put a new socket with 4-tuple {@code tuple}, or remove the held socket at {@code tuple}. */
  record Op(boolean put, int tuple) {}

  private static final Host HOST =
      new Host("h", KernelClock.atBoot(new Simulator(1), 1000), new Sysctls(), seg -> { });

  private static TcpSock sock(long id, int tuple) {
    TcpSock sk = new TcpSock(HOST, id);
    sk.laddr = 0x0A000001 + (tuple & 3);
    sk.lport = 1024 + (tuple >> 2 & 7);
    sk.raddr = 0x0A000064;
    sk.rport = tuple >> 5 == 0 ? 80 : 443;
    return sk;
  }

  private static Gen<List<Op>> programs() {
    return lists().of(integers().between(0, 2).zip(integers().between(0, 63), (k, t) -> new Op(k != 0, t)))
        .ofSizeBetween(1, 400);
  }

  @Test
  void tableAgreesWithTheListOfHeldSockets() {
    qt().withExamples(400).forAll(programs()).checkAssert(EstablishedTableTest::run);
  }

  private static void run(List<Op> ops) {
    EstablishedTable table = new EstablishedTable();
    List<TcpSock> held = new ArrayList<>();
    long id = 0;
    for (Op op : ops) {
      if (op.put()) {
        TcpSock sk = sock(id++, op.tuple());
        table.put(sk);
        held.add(sk);
      } else {
        TcpSock victim = held.stream().filter(s -> sameTuple(s, sock(-1, op.tuple()))).findFirst().orElse(null);
        if (victim == null) {
          TcpSock stranger = sock(id++, op.tuple());
          table.remove(stranger);
        } else {
          table.remove(victim);
          held.remove(victim);
          assertThat(victim.hashed).isFalse();
        }
      }
      assertThat(table.size()).isEqualTo(held.size());
      for (int t = 0; t < 64; t++) {
        TcpSock probe = sock(-1, t);
        TcpSock got = table.get(probe.laddr, probe.lport, probe.raddr, probe.rport);
        boolean expected = held.stream().anyMatch(s -> sameTuple(s, probe));
        if (expected) {
          assertThat(got).as("lookup of tuple %d", t).isNotNull().matches(held::contains);
          assertThat(sameTuple(got, probe)).isTrue();
        } else {
          assertThat(got).as("lookup of tuple %d", t).isNull();
        }
      }
    }
  }

  private static boolean sameTuple(TcpSock a, TcpSock b) {
    return a.laddr == b.laddr && a.lport == b.lport && a.raddr == b.raddr && a.rport == b.rport;
  }

  @Test
  void removeTakesOutThisSocketNotAnotherWithTheSameTuple() {
    EstablishedTable table = new EstablishedTable();
    TcpSock timeWait = sock(1, 5);
    TcpSock takeOver = sock(2, 5);
    table.put(timeWait);
    table.put(takeOver);
    table.remove(timeWait);
    assertThat(table.size()).isEqualTo(1);
    assertThat(table.get(takeOver.laddr, takeOver.lport, takeOver.raddr, takeOver.rport)).isSameAs(takeOver);
    assertThat(timeWait.hashed).isFalse();
    assertThat(takeOver.hashed).isTrue();
  }

  @Test
  void aMillionConnectionsStayFindable() {
    EstablishedTable table = new EstablishedTable();
    TcpSock[] all = new TcpSock[1 << 20];
    for (int i = 0; i < all.length; i++) {
      TcpSock sk = new TcpSock(HOST, i);
      sk.laddr = 0x0A080000 + (i >>> 4);
      sk.lport = 32768 + (i & 15);
      sk.raddr = 0x0A000064;
      sk.rport = 80;
      all[i] = sk;
      table.put(sk);
    }
    for (int i = 0; i < all.length; i += 2) {
      table.remove(all[i]);
    }
    assertThat(table.size()).isEqualTo(all.length / 2);
    int wrong = 0;
    for (int i = 0; i < all.length; i++) {
      TcpSock sk = all[i];
      if (table.get(sk.laddr, sk.lport, sk.raddr, sk.rport) != (i % 2 == 0 ? null : sk)) {
        wrong++;
      }
    }
    assertThat(wrong).as("lookups that did not find exactly the held socket").isZero();
  }
}
