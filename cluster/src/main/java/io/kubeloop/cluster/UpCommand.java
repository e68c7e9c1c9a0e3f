package io.kubeloop.cluster;

import io.kubeloop.apiserver.ApiServerConfig;
import io.kubeloop.apiserver.KubeApiServer;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * {@code kubeloop up}: the local cluster in one command. Today it runs the API server with durable
 * embedded storage; controllers, the scheduler and node agents join as they are built.
 */
@Command(
    name = "up",
    mixinStandardHelpOptions = true,
    description =
        "Start a local cluster: API server with embedded storage (controllers, scheduler and nodes are not part of this build yet).")
final class UpCommand implements Callable<Integer> {

  @Mixin ServerOptions options;

  @Override
  public Integer call() throws InterruptedException {
    PrintStream out = System.out;
    out.println("Starting kubeloop in " + options.dataDir.toAbsolutePath());
    long start = System.nanoTime();
    out.print(
        "  API server ("
            + options.storageKind().name().toLowerCase(java.util.Locale.ROOT)
            + " storage) ... ");
    out.flush();
    KubeApiServer server = KubeApiServer.start(options.toConfig());
    out.printf("ready at %s (%d ms)%n", server.url(), (System.nanoTime() - start) / 1_000_000);
    out.println("  controllers, scheduler, nodes ... not part of this build yet");
    out.println();
    out.println("The cluster is up. In another terminal:");
    out.println("  export KUBECONFIG=" + server.kubeconfig());
    out.println("  kubectl get namespaces");
    out.println();
    out.println(
        "Press Ctrl-C to stop; state is kept in "
            + (server.config().storage() == ApiServerConfig.StorageKind.ETCD
                ? "etcd at " + server.config().etcd().servers()
                : options.dataDir.toAbsolutePath())
            + ".");
    ApiServerCommand.awaitShutdown(server);
    return 0;
  }
}
