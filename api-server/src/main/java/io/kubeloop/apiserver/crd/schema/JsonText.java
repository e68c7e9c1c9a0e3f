package io.kubeloop.apiserver.crd.schema;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/** Go's {@code json.Marshal} of a decoded value: compact, object keys sorted. */
final class JsonText {

  private JsonText() {}

  private static final ObjectMapper SORTED =
      new ObjectMapper().configure(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS, true);

  static String marshal(JsonNode node) {
    try {
      Object plain = SORTED.treeToValue(node, Object.class);
      return SORTED.writeValueAsString(plain);
    } catch (JsonProcessingException e) {
      return node.toString();
    }
  }
}
