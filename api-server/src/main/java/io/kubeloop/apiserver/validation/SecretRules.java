package io.kubeloop.apiserver.validation;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.Secret;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * core/v1 Secret: {@code type} defaults to {@code Opaque}; {@code stringData} is folded into {@code
 * data} as kube's conversion does; keys are config keys, the decoded data is at most 1 MiB, and the
 * well-known types carry their required keys or annotation.
 */
final class SecretRules implements TypeRules<Secret> {

  static final String SERVICE_ACCOUNT_NAME_ANNOTATION = "kubernetes.io/service-account.name";

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final FieldPath DATA = FieldPath.of("data");
  private static final String REDACTED = "<secret contents redacted>";

  @Override
  public Class<Secret> type() {
    return Secret.class;
  }

  @Override
  public String group() {
    return "";
  }

  @Override
  public String kind() {
    return "Secret";
  }

  @Override
  public boolean namespaced() {
    return true;
  }

  @Override
  public void applyDefaults(Secret secret) {
    if (PodDefaults.isEmpty(secret.getType())) {
      secret.setType("Opaque");
    }
    // stringData is write-only: kube merges it into data (overriding) and never stores it
    Map<String, String> stringData = secret.getStringData();
    if (stringData != null && !stringData.isEmpty()) {
      Map<String, String> data =
          secret.getData() == null ? new LinkedHashMap<>() : new LinkedHashMap<>(secret.getData());
      stringData.forEach((k, v) -> data.put(k, Base64Values.encode(v == null ? "" : v)));
      secret.setData(data);
    }
    secret.setStringData(null);
  }

  @Override
  public List<FieldError> validate(Secret secret) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateCreate(
                secret.getMetadata(), true, NameRule.DNS1123_SUBDOMAIN, true));
    Map<String, String> data = secret.getData() == null ? Map.of() : secret.getData();
    long total = 0;
    for (Map.Entry<String, String> e : new TreeMap<>(data).entrySet()) {
      for (String msg : Names.isConfigMapKey(e.getKey())) {
        errs.add(FieldError.invalid(DATA.key(e.getKey()).toString(), e.getKey(), msg));
      }
      try {
        total += Base64Values.decodedLength(e.getValue());
      } catch (IllegalArgumentException ex) {
        errs.add(FieldError.invalid(DATA.key(e.getKey()).toString(), REDACTED, ex.getMessage()));
      }
    }
    if (total > ConfigMapRules.MAX_SIZE) {
      errs.add(FieldError.tooLong(DATA.toString(), "", ConfigMapRules.MAX_SIZE));
    }
    String type = ObjectMetaValidator.nullToEmpty(secret.getType());
    switch (type) {
      case "kubernetes.io/service-account-token" -> {
        ObjectMeta meta = secret.getMetadata();
        Map<String, String> annotations =
            meta == null || meta.getAnnotations() == null ? Map.of() : meta.getAnnotations();
        if (PodDefaults.isEmpty(annotations.get(SERVICE_ACCOUNT_NAME_ANNOTATION))) {
          errs.add(
              FieldError.required(
                  FieldPath.of("metadata", "annotations")
                      .key(SERVICE_ACCOUNT_NAME_ANNOTATION)
                      .toString(),
                  ""));
        }
      }
      case "kubernetes.io/dockercfg" -> errs.addAll(dockerConfig(data, ".dockercfg"));
      case "kubernetes.io/dockerconfigjson" -> errs.addAll(dockerConfig(data, ".dockerconfigjson"));
      case "kubernetes.io/basic-auth" -> {
        // either may be empty, but one of them must be present
        if (!data.containsKey("username") && !data.containsKey("password")) {
          errs.add(FieldError.required(DATA.key("username").toString(), ""));
          errs.add(FieldError.required(DATA.key("password").toString(), ""));
        }
      }
      case "kubernetes.io/ssh-auth" -> {
        if (PodDefaults.isEmpty(data.get("ssh-privatekey"))) {
          errs.add(FieldError.required(DATA.key("ssh-privatekey").toString(), ""));
        }
      }
      case "kubernetes.io/tls" -> {
        if (!data.containsKey("tls.crt")) {
          errs.add(FieldError.required(DATA.key("tls.crt").toString(), ""));
        }
        if (!data.containsKey("tls.key")) {
          errs.add(FieldError.required(DATA.key("tls.key").toString(), ""));
        }
      }
      default -> {
        // Opaque and custom types have no rules
      }
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(Secret secret, Secret old) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateUpdate(secret.getMetadata(), old.getMetadata(), true));
    String type = ObjectMetaValidator.nullToEmpty(secret.getType());
    if (!type.equals(ObjectMetaValidator.nullToEmpty(old.getType()))) {
      errs.add(FieldError.invalid("type", type, ObjectMetaValidator.FIELD_IMMUTABLE));
    }
    if (Boolean.TRUE.equals(old.getImmutable())) {
      String why = "field is immutable when `immutable` is set";
      if (!Boolean.TRUE.equals(secret.getImmutable())) {
        errs.add(FieldError.forbidden("immutable", why));
      }
      if (!Objects.equals(
          ConfigMapRules.emptyToNull(secret.getData()),
          ConfigMapRules.emptyToNull(old.getData()))) {
        errs.add(FieldError.forbidden("data", why));
      }
    }
    errs.addAll(validate(secret));
    return errs;
  }

  private static List<FieldError> dockerConfig(Map<String, String> data, String key) {
    if (!data.containsKey(key)) {
      return List.of(FieldError.required(DATA.key(key).toString(), ""));
    }
    byte[] bytes;
    try {
      bytes = Base64Values.decode(data.get(key));
    } catch (IllegalArgumentException e) {
      return List.of(); // reported with the other data keys
    }
    try {
      JsonNode node = MAPPER.readTree(bytes);
      if (node != null && !node.isObject() && !node.isNull()) {
        return List.of(
            FieldError.invalid(
                DATA.key(key).toString(),
                REDACTED,
                "json: cannot unmarshal "
                    + goJsonType(node)
                    + " into Go value of type map[string]interface {}"));
      }
      return List.of();
    } catch (JsonProcessingException e) {
      return List.of(
          FieldError.invalid(DATA.key(key).toString(), REDACTED, e.getOriginalMessage()));
    } catch (java.io.IOException e) {
      return List.of(FieldError.invalid(DATA.key(key).toString(), REDACTED, e.getMessage()));
    }
  }

  private static String goJsonType(JsonNode node) {
    if (node.isArray()) {
      return "array";
    }
    if (node.isTextual()) {
      return "string";
    }
    if (node.isBoolean()) {
      return "bool";
    }
    return "number";
  }
}
