package io.kubeloop.apiserver.validation;

import io.fabric8.kubernetes.api.model.ConfigMapKeySelector;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.ObjectFieldSelector;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.SecretKeySelector;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Container {@code env} and {@code envFrom}, and the downward API selectors they share. */
final class EnvValidator {

  private static final List<String> ENV_FIELD_PATHS =
      List.of(
          "metadata.name",
          "metadata.namespace",
          "metadata.uid",
          "spec.nodeName",
          "spec.serviceAccountName",
          "status.hostIP",
          "status.hostIPs",
          "status.podIP",
          "status.podIPs");
  private static final List<String> VOLUME_FIELD_PATHS =
      List.of(
          "metadata.annotations",
          "metadata.labels",
          "metadata.name",
          "metadata.namespace",
          "metadata.uid");
  private static final Set<String> CONVERTIBLE_FIELD_PATHS =
      Set.of(
          "metadata.annotations",
          "metadata.labels",
          "metadata.name",
          "metadata.namespace",
          "metadata.uid",
          "spec.nodeName",
          "spec.restartPolicy",
          "spec.serviceAccountName",
          "spec.schedulerName",
          "status.phase",
          "status.hostIP",
          "status.hostIPs",
          "status.podIP",
          "status.podIPs");
  private static final List<String> RESOURCE_FIELD_PATHS =
      List.of(
          "limits.cpu",
          "limits.ephemeral-storage",
          "limits.memory",
          "requests.cpu",
          "requests.ephemeral-storage",
          "requests.memory");

  private EnvValidator() {}

  static List<FieldError> validateEnv(List<EnvVar> vars, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    for (int i = 0; i < vars.size(); i++) {
      EnvVar ev = vars.get(i);
      FieldPath idx = path.index(i);
      String name = ObjectMetaValidator.nullToEmpty(ev.getName());
      if (name.isEmpty()) {
        errs.add(FieldError.required(idx.child("name").toString(), ""));
      } else {
        for (String msg : Names.isEnvVarName(name)) {
          errs.add(FieldError.invalid(idx.child("name").toString(), name, msg));
        }
      }
      errs.addAll(valueFrom(ev, idx.child("valueFrom")));
    }
    return errs;
  }

  static List<FieldError> validateEnvFrom(List<EnvFromSource> sources, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    for (int i = 0; i < sources.size(); i++) {
      EnvFromSource s = sources.get(i);
      FieldPath idx = path.index(i);
      String prefix = ObjectMetaValidator.nullToEmpty(s.getPrefix());
      if (!prefix.isEmpty()) {
        for (String msg : Names.isEnvVarName(prefix)) {
          errs.add(FieldError.invalid(idx.child("prefix").toString(), prefix, msg));
        }
      }
      int count = 0;
      if (s.getConfigMapRef() != null) {
        count++;
        errs.addAll(refName(s.getConfigMapRef().getName(), idx.child("configMapRef", "name")));
      }
      if (s.getSecretRef() != null) {
        count++;
        errs.addAll(refName(s.getSecretRef().getName(), idx.child("secretRef", "name")));
      }
      if (count == 0) {
        errs.add(
            FieldError.invalid(
                path.toString(), "", "must specify one of: `configMapRef` or `secretRef`"));
      } else if (count > 1) {
        errs.add(
            FieldError.invalid(
                path.toString(), "", "may not have more than one field specified at a time"));
      }
    }
    return errs;
  }

  private static List<FieldError> refName(String name, FieldPath path) {
    String n = ObjectMetaValidator.nullToEmpty(name);
    if (n.isEmpty()) {
      return List.of(FieldError.required(path.toString(), ""));
    }
    List<FieldError> errs = new ArrayList<>();
    for (String msg : NameRule.DNS1123_SUBDOMAIN.validate(n, true)) {
      errs.add(FieldError.invalid(path.toString(), n, msg));
    }
    return errs;
  }

  private static List<FieldError> valueFrom(EnvVar ev, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    EnvVarSource from = ev.getValueFrom();
    if (from == null) {
      return errs;
    }
    int count = 0;
    if (from.getFieldRef() != null) {
      count++;
      errs.addAll(objectFieldSelector(from.getFieldRef(), false, path.child("fieldRef")));
    }
    if (from.getResourceFieldRef() != null) {
      count++;
      errs.addAll(
          resourceFieldSelector(from.getResourceFieldRef(), false, path.child("resourceFieldRef")));
    }
    if (from.getConfigMapKeyRef() != null) {
      count++;
      ConfigMapKeySelector s = from.getConfigMapKeyRef();
      errs.addAll(keySelector(s.getName(), s.getKey(), path.child("configMapKeyRef")));
    }
    if (from.getSecretKeyRef() != null) {
      count++;
      SecretKeySelector s = from.getSecretKeyRef();
      errs.addAll(keySelector(s.getName(), s.getKey(), path.child("secretKeyRef")));
    }
    if (from.getFileKeyRef() != null) {
      count++;
    }
    if (count == 0) {
      errs.add(
          FieldError.invalid(
              path.toString(),
              "",
              "must specify one of: `fieldRef`, `resourceFieldRef`, `configMapKeyRef` or"
                  + " `secretKeyRef`"));
    } else if (ev.getValue() != null && !ev.getValue().isEmpty()) {
      errs.add(
          FieldError.invalid(
              path.toString(), "", "may not be specified when `value` is not empty"));
    } else if (count > 1) {
      errs.add(
          FieldError.invalid(
              path.toString(), "", "may not have more than one field specified at a time"));
    }
    return errs;
  }

  private static List<FieldError> keySelector(String name, String key, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    String n = ObjectMetaValidator.nullToEmpty(name);
    for (String msg : Names.isDns1123Subdomain(n)) {
      errs.add(FieldError.invalid(path.child("name").toString(), n, msg));
    }
    String k = ObjectMetaValidator.nullToEmpty(key);
    if (k.isEmpty()) {
      errs.add(FieldError.required(path.child("key").toString(), ""));
    } else {
      for (String msg : Names.isConfigMapKey(k)) {
        errs.add(FieldError.invalid(path.child("key").toString(), k, msg));
      }
    }
    return errs;
  }

  /** A {@code fieldRef}: supported pod fields, with subscripts only on labels and annotations. */
  static List<FieldError> objectFieldSelector(
      ObjectFieldSelector fs, boolean volume, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    String apiVersion = ObjectMetaValidator.nullToEmpty(fs.getApiVersion());
    String fieldPath = ObjectMetaValidator.nullToEmpty(fs.getFieldPath());
    if (apiVersion.isEmpty()) {
      errs.add(FieldError.required(path.child("apiVersion").toString(), ""));
      return errs;
    }
    if (fieldPath.isEmpty()) {
      errs.add(FieldError.required(path.child("fieldPath").toString(), ""));
      return errs;
    }
    String[] subscripted = splitSubscript(fieldPath);
    String conversionError = null;
    if (!apiVersion.equals("v1")) {
      conversionError = "unsupported pod version: " + apiVersion;
    } else if (subscripted != null) {
      if (!subscripted[0].equals("metadata.annotations")
          && !subscripted[0].equals("metadata.labels")) {
        conversionError = "field label does not support subscript: " + fieldPath;
      }
    } else if (!CONVERTIBLE_FIELD_PATHS.contains(fieldPath) && !fieldPath.equals("spec.host")) {
      conversionError = "field label not supported: " + fieldPath;
    }
    if (conversionError != null) {
      errs.add(
          FieldError.invalid(
              path.child("fieldPath").toString(),
              fieldPath,
              "error converting fieldPath: " + conversionError));
      return errs;
    }
    String internal = fieldPath.equals("spec.host") ? "spec.nodeName" : fieldPath;
    if (subscripted != null) {
      String key =
          subscripted[0].equals("metadata.annotations")
              ? subscripted[1].toLowerCase(Locale.ROOT)
              : subscripted[1];
      for (String msg : Names.isQualifiedName(key)) {
        errs.add(FieldError.invalid(path.toString(), key, msg));
      }
    } else {
      List<String> supported = volume ? VOLUME_FIELD_PATHS : ENV_FIELD_PATHS;
      if (!supported.contains(internal)) {
        errs.add(FieldError.notSupported(path.child("fieldPath").toString(), internal, supported));
      }
    }
    return errs;
  }

  /** A {@code resourceFieldRef}; volumes must also name the container. */
  static List<FieldError> resourceFieldSelector(
      ResourceFieldSelector fs, boolean volume, FieldPath path) {
    List<FieldError> errs = new ArrayList<>();
    String resource = ObjectMetaValidator.nullToEmpty(fs.getResource());
    if (volume && ObjectMetaValidator.nullToEmpty(fs.getContainerName()).isEmpty()) {
      errs.add(FieldError.required(path.child("containerName").toString(), ""));
    } else if (resource.isEmpty()) {
      errs.add(FieldError.required(path.child("resource").toString(), ""));
    } else if (!RESOURCE_FIELD_PATHS.contains(resource)
        && !resource.startsWith("requests.hugepages-")
        && !resource.startsWith("limits.hugepages-")) {
      errs.add(
          FieldError.notSupported(
              path.child("resource").toString(), resource, RESOURCE_FIELD_PATHS));
    }
    return errs;
  }

  /** {@code metadata.labels['key']} as {path, subscript}, or null when not subscripted. */
  private static String[] splitSubscript(String fieldPath) {
    if (!fieldPath.endsWith("']")) {
      return null;
    }
    String s = fieldPath.substring(0, fieldPath.length() - 2);
    int open = s.indexOf("['");
    if (open <= 0) {
      return null;
    }
    return new String[] {s.substring(0, open), s.substring(open + 2)};
  }
}
