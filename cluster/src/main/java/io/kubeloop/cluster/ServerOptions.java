package io.kubeloop.cluster;

import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.ApiServerConfig.StorageKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** The API server options shared by {@code up} and {@code apiserver}. */
final class ServerOptions {

  @Option(
      names = "--data-dir",
      description =
          "Where state, certificates and the kubeconfig live (default: ${DEFAULT-VALUE}).",
      defaultValue = "${sys:user.home}/.kubeloop")
  Path dataDir;

  @Option(
      names = "--port",
      description = "HTTPS port (default: ${DEFAULT-VALUE}).",
      defaultValue = "6443")
  int port;

  @Option(
      names = "--bind-address",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).",
      defaultValue = "127.0.0.1")
  String bindAddress;

  @Option(
      names = "--storage",
      description =
          "embedded (durable, the default), memory, or etcd (the default when --etcd-servers is"
              + " given).",
      converter = StorageConverter.class)
  StorageKind storage;

  @Mixin EtcdFlags etcd = new EtcdFlags();

  @Spec(Spec.Target.MIXEE)
  CommandSpec spec;

  @Option(
      names = "--tls-san",
      description = "Extra DNS name or IP for the serving certificate; repeatable.")
  List<String> extraSans = new ArrayList<>();

  ApiServerConfig toConfig() {
    ApiServerConfig config =
        ApiServerConfig.defaults(dataDir.toAbsolutePath())
            .withPort(port)
            .withBindAddress(bindAddress)
            .withExtraSans(extraSans);
    StorageKind kind = storageKind();
    if (kind == StorageKind.ETCD) {
      return config.withEtcd(etcd.toOptions());
    }
    return config.withStorage(kind);
  }

  /** The storage asked for; etcd when only --etcd-servers names it. */
  StorageKind storageKind() {
    StorageKind kind =
        storage != null ? storage : etcd.servers != null ? StorageKind.ETCD : StorageKind.EMBEDDED;
    if (kind == StorageKind.ETCD && etcd.servers == null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(), "--storage etcd needs --etcd-servers");
    }
    if (kind != StorageKind.ETCD && etcd.servers != null) {
      throw new picocli.CommandLine.ParameterException(
          spec.commandLine(),
          "--etcd-servers is only for etcd storage, not " + kind.name().toLowerCase(Locale.ROOT));
    }
    return kind;
  }

  static final class StorageConverter implements picocli.CommandLine.ITypeConverter<StorageKind> {
    @Override
    public StorageKind convert(String value) {
      return switch (value) {
        case "embedded" -> StorageKind.EMBEDDED;
        case "memory" -> StorageKind.MEMORY;
        case "etcd" -> StorageKind.ETCD;
        default ->
            throw new picocli.CommandLine.TypeConversionException(
                "unknown storage '" + value + "': use embedded, memory or etcd");
      };
    }
  }
}
