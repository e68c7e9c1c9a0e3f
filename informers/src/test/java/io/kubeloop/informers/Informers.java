package io.kubeloop.informers;

import io.fabric8.kubernetes.api.model.ConfigMap;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;

/** Builds informers over a {@link FakeListWatch} for unit tests. */
final class Informers {

  final List<InformerError> errors = new CopyOnWriteArrayList<>();

  DefaultSharedIndexInformer<ConfigMap> configMaps(
      FakeListWatch fake, InformerOptions options, Clock clock) {
    return new DefaultSharedIndexInformer<>(
        "configmaps (test)",
        fake,
        new ObjectDecoder<>(ConfigMap.class, options.decodeCacheSize()),
        options,
        ObjectScanner.Projection.WITHOUT_MANAGED_FIELDS,
        clock,
        new SplittableRandom(42),
        errors::add,
        InformerMetrics.NONE);
  }
}
