package io.kubeloop.apiserver.patch;

import io.kubeloop.apiserver.errors.ApiException;
import java.util.Collections;
import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;

/** The PATCH body formats kube-apiserver accepts, identified by the request's Content-Type. */
public enum PatchType {
  /** RFC 6902 JSON patch; see {@link JsonPatch}. */
  JSON_PATCH("application/json-patch+json"),
  /** RFC 7386 JSON merge patch; see {@link MergePatch}. */
  MERGE_PATCH("application/merge-patch+json"),
  /** Kubernetes strategic merge patch; built-in kinds only, never custom resources. */
  STRATEGIC_MERGE_PATCH("application/strategic-merge-patch+json"),
  /** Server-side apply of a YAML (or JSON) configuration. */
  APPLY_YAML("application/apply-patch+yaml");

  /** What kube-apiserver accepts for built-in resources. */
  public static final Set<PatchType> BUILT_IN =
      Collections.unmodifiableSet(EnumSet.allOf(PatchType.class));

  /** What kube-apiserver accepts for custom resources: no strategic merge patch. */
  public static final Set<PatchType> CUSTOM_RESOURCE =
      Collections.unmodifiableSet(EnumSet.of(JSON_PATCH, MERGE_PATCH, APPLY_YAML));

  private final String contentType;

  PatchType(String contentType) {
    this.contentType = contentType;
  }

  public String contentType() {
    return contentType;
  }

  /** {@link #fromContentType(String, Set)} for a built-in resource. */
  public static PatchType fromContentType(String contentType) {
    return fromContentType(contentType, BUILT_IN);
  }

  /**
   * The patch type of a request's Content-Type header. As in kube-apiserver, parameters after the
   * first {@code ;} are dropped ({@code ; charset=utf-8}) and the rest must match exactly: no
   * trimming, case-sensitive.
   *
   * @param accepted what the resource accepts, in kube's order ({@link #BUILT_IN} or {@link
   *     #CUSTOM_RESOURCE})
   * @throws ApiException 415 UnsupportedMediaType, {@code the body of the request was in an unknown
   *     format - accepted media types include: application/json-patch+json, ...}
   */
  public static PatchType fromContentType(String contentType, Set<PatchType> accepted) {
    String mediaType = contentType == null ? "" : contentType;
    int semicolon = mediaType.indexOf(';');
    if (semicolon > 0) {
      mediaType = mediaType.substring(0, semicolon);
    }
    for (PatchType type : values()) {
      if (accepted.contains(type) && type.contentType.equals(mediaType)) {
        return type;
      }
    }
    throw ApiException.unsupportedMediaType(
        "the body of the request was in an unknown format - accepted media types include: "
            + accepted.stream()
                .sorted()
                .map(PatchType::contentType)
                .collect(Collectors.joining(", ")));
  }
}
