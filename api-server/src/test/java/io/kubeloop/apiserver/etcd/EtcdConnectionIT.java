package io.kubeloop.apiserver.etcd;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.kubeloop.apiserver.security.SecurityBootstrap;
import io.kubeloop.apiserver.storage.StorageException;
import io.kubeloop.apiserver.storage.etcd.EtcdOptions;
import io.kubeloop.apiserver.storage.etcd.EtcdStorage;
import io.kubeloop.apiserver.storage.etcd.LocalEtcdCluster;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Connecting to etcd: TLS with client certificates, and failover between members. */
class EtcdConnectionIT {

  @TempDir Path dir;

  @Test
  void tlsWithClientCertificates() {
    Path binary = EtcdFixture.etcdBinary();
    // the API server's own PKI makes a CA, a serving certificate for 127.0.0.1 and a client one
    SecurityBootstrap.prepare(dir.resolve("certs"), List.of(), 0);
    Path pki = dir.resolve("certs").resolve("pki");
    LocalEtcdCluster.Tls tls =
        new LocalEtcdCluster.Tls(
            pki.resolve("ca.crt"),
            pki.resolve("apiserver.crt"),
            pki.resolve("apiserver.key"),
            pki.resolve("admin.crt"),
            pki.resolve("admin.key"));
    try (LocalEtcdCluster etcd = LocalEtcdCluster.start(binary, 1, dir.resolve("etcd"), tls)) {
      assertThat(etcd.servers()).startsWith("https://127.0.0.1:");
      EtcdOptions options = etcd.options(pki.resolve("admin.crt"), pki.resolve("admin.key"));
      try (EtcdStorage storage = EtcdStorage.open(options)) {
        storage.create("/registry/tls/a", "secret".getBytes(UTF_8), 0);
        assertThat(storage.get("/registry/tls/a")).isPresent();
      }
      EtcdOptions withoutClientCert =
          EtcdOptions.of(etcd.servers())
              .withTls(pki.resolve("ca.crt"), null, null)
              .withRequestTimeout(Duration.ofSeconds(2));
      assertThatThrownBy(() -> EtcdStorage.open(withoutClientCert).close())
          .isInstanceOf(StorageException.class);
    }
  }

  @Test
  void aDeadMemberIsSkipped() {
    Path binary = EtcdFixture.etcdBinary();
    try (LocalEtcdCluster etcd = LocalEtcdCluster.start(binary, 3, dir.resolve("etcd"))) {
      etcd.kill(1);
      // the client is given all three members, one of them dead from the start
      try (EtcdStorage storage = EtcdStorage.open(etcd.options())) {
        for (int i = 0; i < 30; i++) {
          storage.create("/registry/failover/a" + i, "x".getBytes(UTF_8), 0);
          assertThat(storage.get("/registry/failover/a" + i)).isPresent();
        }
        // a member dying under a running client: after the first failures, calls go elsewhere
        etcd.kill(2);
        etcd.restart(1);
        await()
            .atMost(Duration.ofSeconds(20))
            .ignoreExceptions()
            .until(() -> storage.create("/registry/failover/probe", new byte[] {1}, 0) != null);
        for (int i = 0; i < 30; i++) {
          storage.create("/registry/failover/b" + i, "x".getBytes(UTF_8), 0);
        }
        assertThat(storage.range("/registry/failover/", null, 0, 0).kvs()).hasSize(61);
      }
    }
  }
}
