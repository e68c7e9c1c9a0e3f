package io.kubeloop.apiserver.http;

import java.util.List;

/**
 * What a resource request path names, as kube-apiserver's RequestInfo: {@code
 * /apis/apps/v1/namespaces/default/deployments/web/scale} is group apps, version v1, namespace
 * default, resource deployments, name web, subresource scale.
 *
 * @param group "" for the core group
 * @param namespace "" when the path names none
 * @param name "" for collections
 * @param subresource "" for the main resource
 */
record RequestInfo(
    String group,
    String version,
    String namespace,
    String resource,
    String name,
    String subresource) {

  /**
   * Parses a resource path, or returns null if the path is not one ({@code /api}, {@code
   * /apis/apps}, {@code /version}...).
   */
  static RequestInfo parse(String path) {
    List<String> parts = segments(path);
    int i;
    String group;
    String version;
    if (parts.size() >= 3 && parts.get(0).equals("api")) {
      group = "";
      version = parts.get(1);
      i = 2;
    } else if (parts.size() >= 4 && parts.get(0).equals("apis")) {
      group = parts.get(1);
      version = parts.get(2);
      i = 3;
    } else {
      return null;
    }
    List<String> rest = parts.subList(i, parts.size());
    // /namespaces/{ns}/{resource}... names a namespaced resource; /namespaces and
    // /namespaces/{name}[/{sub}] name the namespaces resource itself
    if (rest.size() >= 3 && rest.get(0).equals("namespaces")) {
      String namespace = rest.get(1);
      String resource = rest.get(2);
      String name = rest.size() > 3 ? rest.get(3) : "";
      String sub = rest.size() > 4 ? String.join("/", rest.subList(4, rest.size())) : "";
      if (group.isEmpty()
          && (resource.equals("status") || resource.equals("finalize"))
          && rest.size() == 3) {
        return new RequestInfo(group, version, "", "namespaces", namespace, resource);
      }
      return new RequestInfo(group, version, namespace, resource, name, sub);
    }
    String resource = rest.get(0);
    String name = rest.size() > 1 ? rest.get(1) : "";
    String sub = rest.size() > 2 ? String.join("/", rest.subList(2, rest.size())) : "";
    return new RequestInfo(group, version, "", resource, name, sub);
  }

  static List<String> segments(String path) {
    String trimmed = path;
    while (trimmed.startsWith("/")) {
      trimmed = trimmed.substring(1);
    }
    while (trimmed.endsWith("/")) {
      trimmed = trimmed.substring(0, trimmed.length() - 1);
    }
    return trimmed.isEmpty() ? List.of() : List.of(trimmed.split("/", -1));
  }
}
