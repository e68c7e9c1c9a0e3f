package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * core/v1 ConfigMap: config keys, no key in both {@code data} and {@code binaryData}, at most 1 MiB
 * in total, and nothing changes once {@code immutable} is set.
 */
final class ConfigMapRules implements TypeRules<ConfigMap> {

  /** kube's {@code MaxSecretSize}, which also bounds config maps. */
  static final int MAX_SIZE = 1024 * 1024;

  @Override
  public Class<ConfigMap> type() {
    return ConfigMap.class;
  }

  @Override
  public String group() {
    return "";
  }

  @Override
  public String kind() {
    return "ConfigMap";
  }

  @Override
  public boolean namespaced() {
    return true;
  }

  @Override
  public void applyDefaults(ConfigMap cm) {
    // kube defaults data to an empty map, which serializes as nothing
  }

  @Override
  public List<FieldError> validate(ConfigMap cm) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateCreate(
                cm.getMetadata(), true, NameRule.DNS1123_SUBDOMAIN, true));
    Map<String, String> data = cm.getData() == null ? Map.of() : cm.getData();
    Map<String, String> binary = cm.getBinaryData() == null ? Map.of() : cm.getBinaryData();
    long total = 0;
    FieldPath dataPath = FieldPath.of("data");
    for (Map.Entry<String, String> e : new TreeMap<>(data).entrySet()) {
      for (String msg : Names.isConfigMapKey(e.getKey())) {
        errs.add(FieldError.invalid(dataPath.key(e.getKey()).toString(), e.getKey(), msg));
      }
      if (binary.containsKey(e.getKey())) {
        errs.add(
            FieldError.invalid(
                dataPath.key(e.getKey()).toString(),
                e.getKey(),
                "duplicate of key present in binaryData"));
      }
      total += e.getValue() == null ? 0 : Names.byteLength(e.getValue());
    }
    FieldPath binaryPath = FieldPath.of("binaryData");
    for (Map.Entry<String, String> e : new TreeMap<>(binary).entrySet()) {
      for (String msg : Names.isConfigMapKey(e.getKey())) {
        errs.add(FieldError.invalid(binaryPath.key(e.getKey()).toString(), e.getKey(), msg));
      }
      try {
        total += Base64Values.decodedLength(e.getValue());
      } catch (IllegalArgumentException ex) {
        errs.add(
            FieldError.invalid(
                binaryPath.key(e.getKey()).toString(), "<binary data>", ex.getMessage()));
      }
    }
    if (total > MAX_SIZE) {
      // kube reports the whole object with an empty path
      errs.add(FieldError.tooLong("", "", MAX_SIZE));
    }
    return errs;
  }

  @Override
  public List<FieldError> validateUpdate(ConfigMap cm, ConfigMap old) {
    List<FieldError> errs =
        new ArrayList<>(
            ObjectMetaValidator.validateUpdate(cm.getMetadata(), old.getMetadata(), true));
    if (Boolean.TRUE.equals(old.getImmutable())) {
      String why = "field is immutable when `immutable` is set";
      if (!Boolean.TRUE.equals(cm.getImmutable())) {
        errs.add(FieldError.forbidden("immutable", why));
      }
      if (!Objects.equals(emptyToNull(cm.getData()), emptyToNull(old.getData()))) {
        errs.add(FieldError.forbidden("data", why));
      }
      if (!Objects.equals(emptyToNull(cm.getBinaryData()), emptyToNull(old.getBinaryData()))) {
        errs.add(FieldError.forbidden("binaryData", why));
      }
    }
    errs.addAll(validate(cm));
    return errs;
  }

  static Map<String, String> emptyToNull(Map<String, String> map) {
    return map == null || map.isEmpty() ? null : map;
  }
}
