package io.kubeloop.benchmarks.apiserver;

import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.ApiServerConfig.StorageKind;
import io.kubeloop.apiserver.KubeApiServer;
import io.kubeloop.benchmarks.common.Options;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Runs kubeloop's API server alone in this JVM until standard input ends, so that a benchmark in
 * another JVM ({@code --kubeconfig}) measures it and the server's CPU time and profile are its own.
 *
 * <pre>
 * java -cp ... io.kubeloop.benchmarks.apiserver.ServerProcess [--storage memory] [--dir /tmp/x]
 * </pre>
 *
 * Prints {@code kubeconfig <path>} once serving.
 */
public final class ServerProcess {

  private ServerProcess() {}

  public static void main(String[] argv) throws Exception {
    Options options = new Options(argv);
    StorageKind storage =
        StorageKind.valueOf(options.string("storage", "memory").toUpperCase(Locale.ROOT));
    String dirOption = options.string("dir", "");
    Path dir =
        dirOption.isEmpty() ? OurServer.tempDir() : Files.createDirectories(Path.of(dirOption));
    try (KubeApiServer server =
        KubeApiServer.start(ApiServerConfig.defaults(dir).withStorage(storage))) {
      System.out.println("kubeconfig " + server.kubeconfig());
      System.out.flush();
      while (System.in.read() >= 0) {
        // serve until standard input ends
      }
    } finally {
      if (dirOption.isEmpty()) {
        OurServer.deleteTree(dir);
      }
    }
  }
}
