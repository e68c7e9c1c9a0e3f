package io.kubeloop.benchmarks.runtime;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.javaoperatorsdk.operator.Operator;
import io.javaoperatorsdk.operator.api.config.ConfigurationService;
import io.javaoperatorsdk.operator.api.reconciler.Context;
import io.javaoperatorsdk.operator.api.reconciler.ControllerConfiguration;
import io.javaoperatorsdk.operator.api.reconciler.Reconciler;
import io.javaoperatorsdk.operator.api.reconciler.UpdateControl;

/**
 * The Java Operator SDK 5.2.3 with its defaults (no metrics, Fabric8's informer listing in one
 * request, a fixed pool of {@value ConfigurationService#DEFAULT_RECONCILIATION_THREADS_NUMBER}
 * platform threads) or {@code threads} reconciliation threads. JOSDK reconciles built-in types as
 * well as custom resources; its reconciler gets the object (a clone of the cached one) and returns
 * {@code noUpdate()}.
 *
 * @param threads reconciliation threads; 0 for JOSDK's default
 */
record JosdkContender(int threads) implements Contender {

  @Override
  public String name() {
    return threads == 0
        ? "JOSDK, default pool (" + concurrency() + " threads)"
        : "JOSDK, " + threads + (threads == 1 ? " thread" : " threads");
  }

  @Override
  public String runtime() {
    return "JOSDK";
  }

  @Override
  public int concurrency() {
    return threads == 0 ? ConfigurationService.DEFAULT_RECONCILIATION_THREADS_NUMBER : threads;
  }

  @Override
  public AutoCloseable start(KubernetesClient client, String namespace, Reconciled reconciled) {
    Operator operator =
        new Operator(
            o -> {
              o.withKubernetesClient(client).withCloseClientOnStop(false);
              if (threads > 0) {
                o.withConcurrentReconciliationThreads(threads);
              }
            });
    operator.register(new Noop(reconciled), c -> c.settingNamespaces(namespace));
    operator.start();
    return operator::stop;
  }

  /** Reports the object it is given and changes nothing. */
  @ControllerConfiguration(name = "noop")
  static final class Noop implements Reconciler<ConfigMap> {

    private final Reconciled reconciled;

    Noop(Reconciled reconciled) {
      this.reconciled = reconciled;
    }

    @Override
    public UpdateControl<ConfigMap> reconcile(ConfigMap resource, Context<ConfigMap> context) {
      reconciled.reconciled(
          resource.getMetadata().getNamespace(), resource.getMetadata().getName());
      return UpdateControl.noUpdate();
    }
  }
}
