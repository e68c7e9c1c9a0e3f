package io.kubeloop.apiserver.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * A list's continue token: the revision of the listing and the last key returned, relative to the
 * resource's key prefix, in the same encoding shape kube uses.
 */
record ContinueToken(long revision, String lastKey) {

  String encode() {
    ObjectNode node = Json.MAPPER.createObjectNode();
    node.put("v", "meta.k8s.io/v1");
    node.put("rv", revision);
    node.put("start", lastKey);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(node));
  }

  static ContinueToken decode(String token) {
    try {
      byte[] raw =
          Base64.getUrlDecoder().decode(token.replace('+', '-').replace('/', '_').replace("=", ""));
      JsonNode node = Json.MAPPER.readTree(new String(raw, StandardCharsets.UTF_8));
      if (node == null || !"meta.k8s.io/v1".equals(node.path("v").asText())) {
        throw new IllegalArgumentException(
            "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
      }
      long rv = node.path("rv").asLong(0);
      String start = node.path("start").asText("");
      if (rv <= 0) {
        throw new IllegalArgumentException(
            "continue key is not valid: incorrect encoded start resourceVersion (version meta.k8s.io/v1)");
      }
      if (start.contains("..") || start.startsWith("/")) {
        throw new IllegalArgumentException("continue key is not valid: key is not a relative path");
      }
      return new ContinueToken(rv, start);
    } catch (IllegalArgumentException e) {
      throw ApiException.badRequest(
          e.getMessage() != null && e.getMessage().startsWith("continue key")
              ? e.getMessage()
              : "continue key is not valid: illegal base64 data");
    } catch (Exception e) {
      throw ApiException.badRequest("continue key is not valid: " + e.getMessage());
    }
  }
}
