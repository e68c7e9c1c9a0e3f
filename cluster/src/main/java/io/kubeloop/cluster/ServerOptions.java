package io.kubeloop.cluster;

import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.ApiServerConfig.StorageKind;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

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
      description = "embedded (durable, default) or memory.",
      defaultValue = "embedded",
      converter = StorageConverter.class)
  StorageKind storage;

  @Option(
      names = "--tls-san",
      description = "Extra DNS name or IP for the serving certificate; repeatable.")
  List<String> extraSans = new ArrayList<>();

  ApiServerConfig toConfig() {
    return ApiServerConfig.defaults(dataDir.toAbsolutePath())
        .withPort(port)
        .withBindAddress(bindAddress)
        .withStorage(storage)
        .withExtraSans(extraSans);
  }

  static final class StorageConverter implements picocli.CommandLine.ITypeConverter<StorageKind> {
    @Override
    public StorageKind convert(String value) {
      return switch (value) {
        case "embedded" -> StorageKind.EMBEDDED;
        case "memory" -> StorageKind.MEMORY;
        default ->
            throw new picocli.CommandLine.TypeConversionException(
                "unknown storage '" + value + "': use embedded or memory");
      };
    }
  }
}
