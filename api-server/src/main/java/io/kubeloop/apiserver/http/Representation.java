package io.kubeloop.apiserver.http;

import java.util.Locale;

/**
 * What form a read is answered in, from the Accept header: the objects themselves, a {@code
 * meta.k8s.io Table} (kubectl get), or {@code PartialObjectMetadata} (metadata-only clients). The
 * first acceptable entry of the header wins, as in kube.
 *
 * @param form the form
 * @param version {@code v1} or {@code v1beta1} for tables and partial metadata
 */
record Representation(Form form, String version) {

  enum Form {
    OBJECT,
    TABLE,
    PARTIAL_METADATA
  }

  static final Representation OBJECT = new Representation(Form.OBJECT, "");

  static Representation negotiate(String accept) {
    if (accept == null || accept.isBlank()) {
      return OBJECT;
    }
    for (String range : accept.split(",")) {
      String[] parts = range.trim().split(";");
      String type = parts[0].trim().toLowerCase(Locale.ROOT);
      if (!type.equals("application/json")
          && !type.equals("application/yaml")
          && !type.equals("*/*")
          && !type.equals("application/*")) {
        continue;
      }
      String as = "";
      String group = "";
      String version = "";
      for (int i = 1; i < parts.length; i++) {
        String[] kv = parts[i].trim().split("=", 2);
        if (kv.length == 2) {
          switch (kv[0].trim()) {
            case "as" -> as = kv[1].trim();
            case "g" -> group = kv[1].trim();
            case "v" -> version = kv[1].trim();
            default -> {}
          }
        }
      }
      if (as.isEmpty()) {
        return OBJECT;
      }
      boolean meta =
          group.equals("meta.k8s.io") && (version.equals("v1") || version.equals("v1beta1"));
      if (meta && as.equals("Table")) {
        return new Representation(Form.TABLE, version);
      }
      if (meta && (as.equals("PartialObjectMetadata") || as.equals("PartialObjectMetadataList"))) {
        return new Representation(Form.PARTIAL_METADATA, version);
      }
      // an unknown "as" (e.g. APIGroupDiscoveryList) is not acceptable here; try the next entry
    }
    return OBJECT;
  }
}
