package io.kubeloop.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.ApiServerConfig.StorageKind;
import java.net.URI;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class ServerOptionsTest {

  private static ApiServerConfig parse(String... args) {
    ApiServerCommand command = new ApiServerCommand();
    new CommandLine(command).parseArgs(args);
    return command.options.toConfig();
  }

  @Test
  void embeddedStorageByDefault() {
    ApiServerConfig config = parse("--data-dir", "/tmp/x");
    assertThat(config.storage()).isEqualTo(StorageKind.EMBEDDED);
    assertThat(config.etcd()).isNull();
  }

  @Test
  void etcdServersSelectEtcdStorageWithKubesFlags() {
    ApiServerConfig config =
        parse(
            "--etcd-servers",
            "https://10.0.0.1:2379, https://10.0.0.2:2379",
            "--etcd-cafile",
            "/pki/etcd-ca.crt",
            "--etcd-certfile",
            "/pki/client.crt",
            "--etcd-keyfile",
            "/pki/client.key",
            "--etcd-prefix",
            "/tenant-a/registry");
    assertThat(config.storage()).isEqualTo(StorageKind.ETCD);
    assertThat(config.etcd().endpoints())
        .containsExactly(URI.create("https://10.0.0.1:2379"), URI.create("https://10.0.0.2:2379"));
    assertThat(config.etcd().caFile()).isEqualTo(Path.of("/pki/etcd-ca.crt"));
    assertThat(config.etcd().certFile()).isEqualTo(Path.of("/pki/client.crt"));
    assertThat(config.etcd().keyFile()).isEqualTo(Path.of("/pki/client.key"));
    assertThat(config.etcd().namespace()).isEqualTo("/tenant-a");
    assertThat(
            parse("--storage", "etcd", "--etcd-servers", "http://127.0.0.1:2379")
                .etcd()
                .namespace())
        .isEmpty();
  }

  @Test
  void etcdStorageWithoutServersOrServersWithOtherStorageAreRefused() {
    assertThatThrownBy(() -> parse("--storage", "etcd"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("--etcd-servers");
    assertThatThrownBy(
            () -> parse("--storage", "memory", "--etcd-servers", "http://127.0.0.1:2379"))
        .isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("only for etcd");
  }
}
