package io.kubeloop.cluster;

import io.kubeloop.apiserver.KubeApiServer;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code kubeloop apiserver}: the API server alone. */
@Command(
    name = "apiserver",
    mixinStandardHelpOptions = true,
    description = "Run the Kubernetes-compatible API server alone.")
final class ApiServerCommand implements Callable<Integer> {

  @Mixin ServerOptions options;

  @Override
  public Integer call() throws InterruptedException {
    KubeApiServer server = KubeApiServer.start(options.toConfig().withPort(options.port));
    System.out.println("API server listening on " + server.url());
    System.out.println("kubeconfig: " + server.kubeconfig());
    awaitShutdown(server);
    return 0;
  }

  /** Blocks until the JVM is asked to stop, then closes {@code server} gracefully. */
  static void awaitShutdown(AutoCloseable server) throws InterruptedException {
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  try {
                    server.close();
                  } catch (Exception e) {
                    System.err.println("error while stopping: " + e);
                  } finally {
                    stopped.countDown();
                  }
                },
                "kubeloop-shutdown"));
    stopped.await();
  }
}
