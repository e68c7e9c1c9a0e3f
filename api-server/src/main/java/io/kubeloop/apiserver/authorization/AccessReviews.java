package io.kubeloop.apiserver.authorization;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.errors.FieldError;
import io.kubeloop.apiserver.security.AuthorizationAttributes;
import io.kubeloop.apiserver.security.Authorizer;
import io.kubeloop.apiserver.security.Decision;
import io.kubeloop.apiserver.security.RuleResolver;
import io.kubeloop.apiserver.security.UserInfo;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Answers the review resources of {@code authorization.k8s.io/v1}: each create returns the posted
 * review with its {@code status} filled in by the server's authorizer, as kube-apiserver does
 * (status 201), with kube's validation messages. Nothing is stored.
 *
 * <p>Thread-safe: it holds only the authorizer, which is thread-safe.
 */
public final class AccessReviews {

  public static final String GROUP = "authorization.k8s.io";
  public static final String VERSION = "v1";

  /** One review resource, as discovery lists it (its only verb is {@code create}). */
  public record Review(String plural, String kind, boolean namespaced) {}

  /** The review resources, in discovery order. */
  public static final List<Review> RESOURCES =
      List.of(
          new Review("localsubjectaccessreviews", "LocalSubjectAccessReview", true),
          new Review("selfsubjectaccessreviews", "SelfSubjectAccessReview", false),
          new Review("selfsubjectrulesreviews", "SelfSubjectRulesReview", false),
          new Review("subjectaccessreviews", "SubjectAccessReview", false));

  private final Authorizer authorizer;

  public AccessReviews(Authorizer authorizer) {
    this.authorizer = authorizer;
  }

  /** The review a request path names, if any. */
  public static Optional<Review> find(String group, String version, String resource) {
    if (!GROUP.equals(group) || !VERSION.equals(version)) {
      return Optional.empty();
    }
    return RESOURCES.stream().filter(r -> r.plural().equals(resource)).findFirst();
  }

  /**
   * Creates (answers) a review.
   *
   * @param namespace the request path's namespace ({@code ""} for the cluster-scoped reviews)
   * @param body the posted review
   * @param user who asks
   * @return the review with its status
   * @throws ApiException 400 for a body of another kind, 422 for an invalid spec
   */
  public ObjectNode create(Review review, String namespace, ObjectNode body, UserInfo user) {
    String kind = body.path("kind").asText("");
    if (!kind.isEmpty() && !kind.equals(review.kind())) {
      throw ApiException.badRequest(
          "the kind of the object ("
              + kind
              + ") does not match the kind of the endpoint ("
              + review.kind()
              + ")");
    }
    ObjectNode result = Json.MAPPER.createObjectNode();
    result.put("kind", review.kind());
    result.put("apiVersion", GROUP + "/" + VERSION);
    ObjectNode metadata =
        body.path("metadata").isObject()
            ? ((ObjectNode) body.get("metadata")).deepCopy()
            : Json.MAPPER.createObjectNode();
    if (!metadata.has("creationTimestamp")) {
      metadata.putNull("creationTimestamp");
    }
    result.set("metadata", metadata);
    ObjectNode spec =
        body.path("spec").isObject()
            ? ((ObjectNode) body.get("spec")).deepCopy()
            : Json.MAPPER.createObjectNode();
    result.set("spec", spec);
    if (review.plural().equals("selfsubjectrulesreviews")) {
      result.set("status", rules(spec, user));
      return result;
    }
    UserInfo subject = user;
    List<FieldError> errors = new ArrayList<>(attributeErrors(spec));
    if (review.plural().equals("subjectaccessreviews")
        || review.plural().equals("localsubjectaccessreviews")) {
      subject = subject(spec);
      if (subject.name().isEmpty() && subject.groups().isEmpty()) {
        errors.add(
            FieldError.invalid("spec.user", "", "at least one of user or group must be specified"));
      }
    }
    if (review.namespaced()) {
      String attributesNamespace = spec.path("resourceAttributes").path("namespace").asText("");
      if (spec.path("resourceAttributes").isObject() && !attributesNamespace.equals(namespace)) {
        errors.add(
            FieldError.invalid(
                "spec.resourceAttributes.namespace",
                attributesNamespace,
                "must match metadata.namespace"));
      }
      if (spec.path("nonResourceAttributes").isObject()) {
        errors.add(
            FieldError.invalid(
                "spec.nonResourceAttributes",
                Json.write(spec.get("nonResourceAttributes")),
                "disallowed on this kind of request"));
      }
      metadata.put("namespace", namespace);
    }
    if (!errors.isEmpty()) {
      throw ApiException.invalid(review.kind(), GROUP, metadata.path("name").asText(""), errors);
    }
    result.set("status", access(attributes(spec, subject)));
    return result;
  }

  private static List<FieldError> attributeErrors(ObjectNode spec) {
    boolean resource = spec.path("resourceAttributes").isObject();
    boolean nonResource = spec.path("nonResourceAttributes").isObject();
    if (resource && nonResource) {
      return List.of(
          FieldError.invalid(
              "spec.nonResourceAttributes",
              Json.write(spec.get("nonResourceAttributes")),
              "cannot be specified in combination with resourceAttributes"));
    }
    if (!resource && !nonResource) {
      return List.of(
          FieldError.required(
              "spec.resourceAttributes",
              "exactly one of nonResourceAttributes or resourceAttributes must be specified"));
    }
    return List.of();
  }

  /** The user a SubjectAccessReview asks about. */
  private static UserInfo subject(ObjectNode spec) {
    List<String> groups = new ArrayList<>();
    spec.path("groups").forEach(g -> groups.add(g.asText()));
    Map<String, List<String>> extra = new LinkedHashMap<>();
    spec.path("extra")
        .properties()
        .forEach(
            e -> {
              List<String> values = new ArrayList<>();
              e.getValue().forEach(v -> values.add(v.asText()));
              extra.put(e.getKey(), values);
            });
    return new UserInfo(spec.path("user").asText(""), spec.path("uid").asText(""), groups, extra);
  }

  private static AuthorizationAttributes attributes(ObjectNode spec, UserInfo user) {
    JsonNode resource = spec.path("resourceAttributes");
    if (resource.isObject()) {
      return AuthorizationAttributes.resource(
          user,
          resource.path("verb").asText(""),
          resource.path("group").asText(""),
          resource.path("resource").asText(""),
          resource.path("subresource").asText(""),
          resource.path("namespace").asText(""),
          resource.path("name").asText(""));
    }
    JsonNode nonResource = spec.path("nonResourceAttributes");
    return AuthorizationAttributes.nonResource(
        user, nonResource.path("verb").asText(""), nonResource.path("path").asText(""));
  }

  private ObjectNode access(AuthorizationAttributes attributes) {
    Decision decision = authorizer.authorize(attributes);
    ObjectNode status = Json.MAPPER.createObjectNode();
    status.put("allowed", decision.allowed());
    if (decision.verdict() == Decision.Verdict.DENY) {
      status.put("denied", true);
    }
    if (!decision.reason().isEmpty()) {
      status.put("reason", decision.reason());
    }
    return status;
  }

  private ObjectNode rules(ObjectNode spec, UserInfo user) {
    String namespace = spec.path("namespace").asText("");
    if (namespace.isEmpty()) {
      throw ApiException.badRequest("no namespace on request");
    }
    RuleResolver.Rules rules =
        authorizer instanceof RuleResolver resolver
            ? resolver.rulesFor(user, namespace)
            : new RuleResolver.Rules(List.of(), List.of(), true, "");
    ObjectNode status = Json.MAPPER.createObjectNode();
    var resourceRules = status.putArray("resourceRules");
    for (RuleResolver.ResourceRule rule : rules.resourceRules()) {
      ObjectNode r = resourceRules.addObject();
      strings(r, "verbs", rule.verbs());
      strings(r, "apiGroups", rule.apiGroups());
      strings(r, "resources", rule.resources());
      strings(r, "resourceNames", rule.resourceNames());
    }
    var nonResourceRules = status.putArray("nonResourceRules");
    for (RuleResolver.NonResourceRule rule : rules.nonResourceRules()) {
      ObjectNode r = nonResourceRules.addObject();
      strings(r, "verbs", rule.verbs());
      strings(r, "nonResourceURLs", rule.nonResourceURLs());
    }
    status.put("incomplete", rules.incomplete());
    if (!rules.evaluationError().isEmpty()) {
      status.put("evaluationError", rules.evaluationError());
    }
    return status;
  }

  /** A list field, left out when empty as Go's omitempty does (verbs is always written). */
  private static void strings(ObjectNode node, String field, List<String> values) {
    if (values.isEmpty() && !field.equals("verbs")) {
      return;
    }
    var array = node.putArray(field);
    values.forEach(array::add);
  }
}
