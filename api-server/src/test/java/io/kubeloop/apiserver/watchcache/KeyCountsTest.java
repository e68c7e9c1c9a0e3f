package io.kubeloop.apiserver.watchcache;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class KeyCountsTest {

  @Test
  void countsAsASortedSetWouldThroughRandomAddsAndRemoves() {
    Random random = new Random(42);
    KeyCounts counts = new KeyCounts();
    TreeSet<String> reference = new TreeSet<>();
    for (int i = 0; i < 20_000; i++) {
      String key = "/registry/x/" + random.nextInt(3_000);
      if (random.nextInt(3) == 0) {
        counts.remove(key);
        reference.remove(key);
      } else if (reference.add(key)) {
        counts.add(key);
      }
      if (i % 97 == 0) {
        String probe = "/registry/x/" + random.nextInt(3_000);
        String other = "/registry/x/" + random.nextInt(3_000);
        assertThat(counts.countBelow(probe)).isEqualTo(reference.headSet(probe, false).size());
        assertThat(counts.contains(probe)).isEqualTo(reference.contains(probe));
        int between =
            probe.compareTo(other) < 0 ? reference.subSet(probe, false, other, false).size() : 0;
        assertThat(counts.countBetween(probe, other)).isEqualTo(between);
      }
    }
    assertThat(counts.size()).isEqualTo(reference.size());
  }

  @Test
  void removingAnAbsentKeyChangesNothing() {
    KeyCounts counts = new KeyCounts();
    counts.add("b");
    counts.remove("a");
    assertThat(counts.size()).isOne();
    assertThat(counts.countBelow("c")).isOne();
    assertThat(counts.countBetween("a", "c")).isOne();
    assertThat(counts.countBetween("b", "c")).isZero();
  }
}
