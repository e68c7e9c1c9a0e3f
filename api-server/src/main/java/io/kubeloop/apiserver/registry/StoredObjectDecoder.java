package io.kubeloop.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.storage.KeyValue;
import io.kubeloop.apiserver.watchcache.CachedObject;
import io.kubeloop.apiserver.watchcache.ObjectDecoder;
import java.util.Map;
import java.util.function.Function;

/**
 * Decodes stored objects for the cache: sets the resourceVersion, encodes the JSON a client gets
 * and extracts labels and selectable fields once.
 */
public final class StoredObjectDecoder implements ObjectDecoder {

  private final Function<JsonNode, Map<String, String>> fields;

  /**
   * @param fields the values of the resource's selectable fields, by field selector name
   */
  public StoredObjectDecoder(Function<JsonNode, Map<String, String>> fields) {
    this.fields = fields;
  }

  @Override
  public CachedObject decode(KeyValue kv, long revision) {
    ObjectNode object = Json.readStored(kv.value());
    Meta.metadata(object).put("resourceVersion", Long.toString(revision));
    return new CachedObject(
        kv.key(),
        Meta.namespace(object),
        Meta.name(object),
        Meta.labels(object),
        Map.copyOf(fields.apply(object)),
        revision,
        Json.write(object));
  }
}
