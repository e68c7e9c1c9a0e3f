package io.kubeloop.benchmarks.apiserver;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesCrudDispatcher;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.Context;
import io.fabric8.mockwebserver.MockWebServer;
import java.net.InetAddress;
import java.util.HashMap;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The peer: Fabric8's {@code KubernetesMockServer} in CRUD mode over HTTPS (what
 * {@code @EnableKubernetesMockClient(crud = true)} starts), on the loopback address.
 */
final class CrudMock implements Target {

  /**
   * The mock logs every request at INFO through java.util.logging; kubeloop logs nothing per
   * request. Held here so that the level set on it stays.
   */
  private static final Logger MOCK_LOG = quietLogging();

  private final KubernetesMockServer mock;
  private final KubernetesClient client;

  private CrudMock(KubernetesMockServer mock, KubernetesClient client) {
    this.mock = mock;
    this.client = client;
  }

  static CrudMock start() {
    KubernetesMockServer mock = startServer();
    return new CrudMock(mock, Clients.build(config(mock)));
  }

  /** Starts the mock server alone; {@link #config} gives a client configuration for it. */
  static KubernetesMockServer startServer() {
    KubernetesMockServer mock =
        new KubernetesMockServer(
            new Context(),
            new MockWebServer(),
            new HashMap<>(),
            new KubernetesCrudDispatcher(List.of()),
            true);
    mock.init(InetAddress.getLoopbackAddress(), 0);
    return mock;
  }

  /** The mock's self-signed certificate is trusted as {@code createClient()} would. */
  static Config config(KubernetesMockServer mock) {
    Config config = Config.empty();
    config.setMasterUrl(mock.url("/"));
    config.setTrustCerts(true);
    config.setDisableHostnameVerification(true);
    config.setNamespace("test");
    return config;
  }

  private static Logger quietLogging() {
    Logger log = Logger.getLogger("io.fabric8.mockwebserver");
    log.setLevel(Level.WARNING);
    return log;
  }

  @Override
  public String name() {
    return "Fabric8 CRUD mock";
  }

  @Override
  public KubernetesClient client() {
    return client;
  }

  @Override
  public void close() {
    client.close();
    mock.destroy();
  }
}
