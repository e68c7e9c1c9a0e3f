package io.kubeloop.apiserver.storage.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kubeloop.apiserver.storage.CompactedException;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two API servers' compactors over one etcd compact once per round between them. */
class EtcdCompactorIT {

  @TempDir Path dir;

  @Test
  void compactorsTakeTurnsThroughCompactRevKey() {
    Path binary = LocalEtcdCluster.findBinary().orElse(null);
    Assumptions.assumeTrue(binary != null, "etcd not found: run tools/install-etcd.sh");
    try (LocalEtcdCluster etcd = LocalEtcdCluster.start(binary, 1, dir.resolve("etcd"));
        EtcdStorage a = EtcdStorage.open(etcd.options());
        EtcdStorage b = EtcdStorage.open(etcd.options())) {
      EtcdCompactor compactorA = EtcdCompactor.manual(a);
      EtcdCompactor compactorB = EtcdCompactor.manual(b);
      long first = a.create("/registry/x", "1".getBytes(UTF_8), 0).modRevision();

      assertThat(compactorA.compactOnce()).as("the first round only records").isZero();
      assertThat(compactorB.compactOnce()).as("B saw A's round and waits").isZero();
      long recorded = a.currentRevision(); // A's next target: the revision of its first round
      a.update("/registry/x", first, "2".getBytes(UTF_8), 0);

      assertThat(compactorA.compactOnce()).isEqualTo(recorded);
      assertThat(a.compactedRevision()).isEqualTo(recorded);
      assertThatThrownBy(() -> a.range("/registry/", null, 0, first))
          .isInstanceOf(CompactedException.class);
      // B learns the compaction from compact_rev_key through its watch, without an error
      await().atMost(Duration.ofSeconds(10)).until(() -> b.compactedRevision() >= recorded);

      assertThat(compactorB.compactOnce()).as("B is one round behind: it adopts").isZero();
      long next = compactorB.compactOnce();
      assertThat(next).as("now B wins a round").isGreaterThan(recorded);
      assertThat(compactorA.compactOnce()).isZero();
    }
  }
}
