package io.kubeloop.apiserver.crd;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeloop.apiserver.admission.AdmissionChain;
import io.kubeloop.apiserver.registry.BuiltinPolicies;
import io.kubeloop.apiserver.registry.ObjectPolicy;
import io.kubeloop.apiserver.registry.ResourceStore;
import io.kubeloop.apiserver.registry.StoredObjectDecoder;
import io.kubeloop.apiserver.resource.ResourceType;
import io.kubeloop.apiserver.selection.FieldSelectorRegistry;
import io.kubeloop.apiserver.selection.SelectableFields;
import io.kubeloop.apiserver.storage.Storage;
import io.kubeloop.apiserver.watchcache.WatchCache;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/** Builds the stores of custom resources: schema policy, selectable fields, watch cache. */
public final class CustomResources implements CrdController.CustomResourceStores {

  private final Storage storage;
  private final FieldSelectorRegistry selectors;
  private final AdmissionChain admission;
  private final InstantSource clock;
  private final int watchWindow;

  public CustomResources(
      Storage storage,
      FieldSelectorRegistry selectors,
      AdmissionChain admission,
      InstantSource clock,
      int watchWindow) {
    this.storage = storage;
    this.selectors = selectors;
    this.admission = admission;
    this.clock = clock;
    this.watchWindow = watchWindow;
  }

  /** The policy of CRD objects themselves. */
  public static ObjectPolicy crdPolicy(ResourceType crdType) {
    return new CrdPolicy(BuiltinPolicies.forType(crdType));
  }

  @Override
  public ResourceStore create(ResourceType storageType, JsonNode crd) {
    List<String> paths = new ArrayList<>();
    for (JsonNode version : crd.path("spec").path("versions")) {
      if (version.path("name").asText().equals(storageType.version())) {
        version.path("selectableFields").forEach(f -> paths.add(f.path("jsonPath").asText()));
      }
    }
    SelectableFields fields = SelectableFields.forCustomResource(!storageType.namespaced(), paths);
    selectors.register(storageType.groupResource(), fields);
    StoredObjectDecoder decoder = new StoredObjectDecoder(fields::values);
    WatchCache cache = WatchCache.start(storage, storageType.keyPrefix(), decoder, watchWindow);
    return new ResourceStore(storageType, storage, cache, decoder, policy(crd), admission, clock);
  }

  @Override
  public void release(io.kubeloop.apiserver.errors.GroupResource resource) {
    selectors.unregister(resource);
  }

  @Override
  public ObjectPolicy policy(JsonNode crd) {
    boolean namespaced = crd.path("spec").path("scope").asText("Namespaced").equals("Namespaced");
    return CustomResourcePolicy.of(crd, BuiltinPolicies.metadataOnly(namespaced));
  }
}
