package io.kubeloop.operators.node;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.EnvVarSource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceFieldSelector;
import io.fabric8.kubernetes.api.model.Secret;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A container's environment, as the kubelet builds it: {@code envFrom} sources in order (with their
 * prefix), then {@code env} in order, each value expanded with {@code $(VAR)} references to
 * variables defined before it ({@code $$} is a literal {@code $}; unknown references stay as
 * written). {@code valueFrom} reads the pod's fields ({@code metadata.name}, {@code namespace},
 * {@code uid}, {@code labels['k']}, {@code annotations['k']}, {@code spec.nodeName}, {@code
 * spec.serviceAccountName}, {@code status.podIP(s)}, {@code status.hostIP(s)}), its containers'
 * resources, and ConfigMap and Secret keys read through the API.
 *
 * <p>What a container image would set is not there (there is no image): the result starts with
 * {@code PATH} ({@link CommandResolver#DEFAULT_PATH}), {@code HOSTNAME} (the pod's host name) and
 * {@code HOME} (the agent's), which the container's own variables override.
 */
final class EnvResolver {

  /** Where ConfigMaps and Secrets come from: the API server, or a fake in tests. */
  interface Sources {
    Optional<ConfigMap> configMap(String namespace, String name);

    Optional<Secret> secret(String namespace, String name);
  }

  private static final Pattern FIELD_KEY =
      Pattern.compile("metadata\\.(labels|annotations)\\['(.*)'\\]");

  private EnvResolver() {}

  /**
   * @param podIp the pod's IP as the agent reports it
   * @param hostIp the node's IP
   * @param allocatable the node's allocatable resources, for limits a container does not set
   * @throws ContainerConfigException when a required source or key is missing
   */
  static Map<String, String> resolve(
      Pod pod,
      Container container,
      String podIp,
      String hostIp,
      Map<String, Quantity> allocatable,
      Sources sources)
      throws ContainerConfigException {
    String namespace = pod.getMetadata().getNamespace();
    Map<String, String> env = new LinkedHashMap<>();
    for (EnvFromSource from : container.getEnvFrom()) {
      String prefix = from.getPrefix() == null ? "" : from.getPrefix();
      if (from.getConfigMapRef() != null) {
        var ref = from.getConfigMapRef();
        Optional<ConfigMap> map = sources.configMap(namespace, ref.getName());
        if (map.isEmpty()) {
          if (Boolean.TRUE.equals(ref.getOptional())) {
            continue;
          }
          throw new ContainerConfigException("configmap \"" + ref.getName() + "\" not found");
        }
        if (map.get().getData() != null) {
          map.get().getData().forEach((k, v) -> env.put(prefix + k, v));
        }
      } else if (from.getSecretRef() != null) {
        var ref = from.getSecretRef();
        Optional<Secret> secret = sources.secret(namespace, ref.getName());
        if (secret.isEmpty()) {
          if (Boolean.TRUE.equals(ref.getOptional())) {
            continue;
          }
          throw new ContainerConfigException("secret \"" + ref.getName() + "\" not found");
        }
        if (secret.get().getData() != null) {
          secret.get().getData().forEach((k, v) -> env.put(prefix + k, decode(v)));
        }
      }
    }
    for (EnvVar var : container.getEnv()) {
      String value;
      if (var.getValueFrom() != null) {
        value = valueFrom(pod, container, var.getValueFrom(), podIp, hostIp, allocatable, sources);
        if (value == null) {
          continue; // an optional source that is missing: the variable is not set
        }
      } else {
        value = expand(var.getValue() == null ? "" : var.getValue(), env);
      }
      env.put(var.getName(), value);
    }
    Map<String, String> result = new LinkedHashMap<>();
    result.put("PATH", CommandResolver.DEFAULT_PATH);
    result.put("HOSTNAME", hostname(pod));
    result.put("HOME", System.getProperty("user.home", "/"));
    result.putAll(env);
    return result;
  }

  private static String valueFrom(
      Pod pod,
      Container container,
      EnvVarSource source,
      String podIp,
      String hostIp,
      Map<String, Quantity> allocatable,
      Sources sources)
      throws ContainerConfigException {
    String namespace = pod.getMetadata().getNamespace();
    if (source.getFieldRef() != null) {
      return field(pod, source.getFieldRef().getFieldPath(), podIp, hostIp);
    }
    if (source.getResourceFieldRef() != null) {
      return resource(pod, container, source.getResourceFieldRef(), allocatable);
    }
    if (source.getConfigMapKeyRef() != null) {
      var ref = source.getConfigMapKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      Optional<ConfigMap> map = sources.configMap(namespace, ref.getName());
      if (map.isEmpty()) {
        if (optional) {
          return null;
        }
        throw new ContainerConfigException("configmap \"" + ref.getName() + "\" not found");
      }
      Map<String, String> data = map.get().getData();
      if (data == null || !data.containsKey(ref.getKey())) {
        if (optional) {
          return null;
        }
        throw new ContainerConfigException(
            "couldn't find key "
                + ref.getKey()
                + " in ConfigMap "
                + namespace
                + "/"
                + ref.getName());
      }
      return data.get(ref.getKey());
    }
    if (source.getSecretKeyRef() != null) {
      var ref = source.getSecretKeyRef();
      boolean optional = Boolean.TRUE.equals(ref.getOptional());
      Optional<Secret> secret = sources.secret(namespace, ref.getName());
      if (secret.isEmpty()) {
        if (optional) {
          return null;
        }
        throw new ContainerConfigException("secret \"" + ref.getName() + "\" not found");
      }
      Map<String, String> data = secret.get().getData();
      if (data == null || !data.containsKey(ref.getKey())) {
        if (optional) {
          return null;
        }
        throw new ContainerConfigException(
            "couldn't find key " + ref.getKey() + " in Secret " + namespace + "/" + ref.getName());
      }
      return decode(data.get(ref.getKey()));
    }
    throw new ContainerConfigException("unsupported valueFrom source");
  }

  /** The downward API's fields (kubelet's podFieldSelectorRuntimeValue). */
  static String field(Pod pod, String path, String podIp, String hostIp)
      throws ContainerConfigException {
    var meta = pod.getMetadata();
    switch (path) {
      case "metadata.name":
        return meta.getName();
      case "metadata.namespace":
        return meta.getNamespace();
      case "metadata.uid":
        return meta.getUid();
      case "metadata.labels":
        return formatMap(meta.getLabels());
      case "metadata.annotations":
        return formatMap(meta.getAnnotations());
      case "spec.nodeName":
        return pod.getSpec().getNodeName();
      case "spec.serviceAccountName":
        return pod.getSpec().getServiceAccountName() == null
            ? ""
            : pod.getSpec().getServiceAccountName();
      case "status.podIP", "status.podIPs":
        return podIp;
      case "status.hostIP", "status.hostIPs":
        return hostIp;
      default:
        Matcher m = FIELD_KEY.matcher(path);
        if (m.matches()) {
          Map<String, String> values =
              m.group(1).equals("labels") ? meta.getLabels() : meta.getAnnotations();
          return values == null ? "" : values.getOrDefault(m.group(2), "");
        }
        throw new ContainerConfigException("unsupported fieldPath: " + path);
    }
  }

  private static String resource(
      Pod pod, Container container, ResourceFieldSelector ref, Map<String, Quantity> allocatable)
      throws ContainerConfigException {
    Container target = container;
    if (ref.getContainerName() != null && !ref.getContainerName().isEmpty()) {
      target =
          pod.getSpec().getContainers().stream()
              .filter(c -> c.getName().equals(ref.getContainerName()))
              .findFirst()
              .orElseThrow(
                  () ->
                      new ContainerConfigException(
                          "container " + ref.getContainerName() + " not found in pod"));
    }
    String resource = ref.getResource();
    int dot = resource.indexOf('.');
    if (dot < 0) {
      throw new ContainerConfigException("unsupported container resource: " + resource);
    }
    String kind = resource.substring(0, dot);
    String name = resource.substring(dot + 1);
    var resources = target.getResources();
    Map<String, Quantity> values =
        resources == null
            ? Map.of()
            : kind.equals("limits") ? resources.getLimits() : resources.getRequests();
    Quantity quantity = values == null ? null : values.get(name);
    if (quantity == null && kind.equals("limits")) {
      quantity = allocatable.get(name);
    }
    if (quantity == null) {
      return "0";
    }
    BigDecimal divisor =
        ref.getDivisor() == null ? BigDecimal.ONE : Quantity.getAmountInBytes(ref.getDivisor());
    if (divisor.signum() == 0) {
      divisor = BigDecimal.ONE;
    }
    BigDecimal value = Quantity.getAmountInBytes(quantity).divide(divisor, 0, RoundingMode.CEILING);
    return value.toPlainString();
  }

  /** {@code $(VAR)} references to earlier variables; {@code $$} escapes a {@code $}. */
  static String expand(String input, Map<String, String> defined) {
    StringBuilder out = new StringBuilder(input.length());
    int i = 0;
    while (i < input.length()) {
      char c = input.charAt(i);
      if (c != '$' || i + 1 >= input.length()) {
        out.append(c);
        i++;
        continue;
      }
      char next = input.charAt(i + 1);
      if (next == '$') {
        out.append('$');
        i += 2;
      } else if (next == '(') {
        int close = input.indexOf(')', i + 2);
        if (close < 0) {
          out.append(input, i, input.length());
          break;
        }
        String name = input.substring(i + 2, close);
        String value = defined.get(name);
        out.append(value != null ? value : input.substring(i, close + 1));
        i = close + 1;
      } else {
        out.append(c).append(next);
        i += 2;
      }
    }
    return out.toString();
  }

  private static String formatMap(Map<String, String> values) {
    if (values == null || values.isEmpty()) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (var e : new TreeMap<>(values).entrySet()) {
      if (!out.isEmpty()) {
        out.append('\n');
      }
      out.append(e.getKey()).append("=\"").append(e.getValue().replace("\"", "\\\"")).append('"');
    }
    return out.toString();
  }

  private static String hostname(Pod pod) {
    String hostname = pod.getSpec().getHostname();
    return hostname == null || hostname.isEmpty() ? pod.getMetadata().getName() : hostname;
  }

  private static String decode(String base64) {
    return base64 == null
        ? ""
        : new String(Base64.getDecoder().decode(base64), StandardCharsets.UTF_8);
  }
}
