package io.kubeloop.apiserver.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.security.Authorizer;
import io.kubeloop.apiserver.security.Decision;
import io.kubeloop.apiserver.security.UserInfo;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class AccessReviewsTest {

  private static final UserInfo ALICE = UserInfo.of("alice", List.of("system:authenticated"));

  /** Allows alice to get pods in "dev" and denies everything else explicitly. */
  private static final Authorizer AUTHORIZER =
      a ->
          a.user().name().equals("alice")
                  && a.verb().equals("get")
                  && a.resource().equals("pods")
                  && a.namespace().equals("dev")
              ? Decision.allow("rule 1")
              : Decision.deny("not on the list");

  private final AccessReviews reviews = new AccessReviews(AUTHORIZER);

  private static ObjectNode json(String text) {
    return Json.readObject(text.getBytes(StandardCharsets.UTF_8), false);
  }

  private static AccessReviews.Review review(String plural) {
    return AccessReviews.find("authorization.k8s.io", "v1", plural).orElseThrow();
  }

  @Test
  void selfSubjectAccessReviewAsksTheAuthorizerForTheCaller() {
    ObjectNode body =
        json(
            "{\"kind\":\"SelfSubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\","
                + "\"metadata\":{\"creationTimestamp\":null},\"spec\":{\"resourceAttributes\":"
                + "{\"namespace\":\"dev\",\"verb\":\"get\",\"resource\":\"pods\"}}}");

    ObjectNode allowed = reviews.create(review("selfsubjectaccessreviews"), "", body, ALICE);
    ObjectNode denied =
        reviews.create(
            review("selfsubjectaccessreviews"),
            "",
            body,
            UserInfo.of("bob", List.of("system:authenticated")));

    assertThat(allowed.get("status").toString())
        .isEqualTo("{\"allowed\":true,\"reason\":\"rule 1\"}");
    assertThat(allowed.at("/spec/resourceAttributes/resource").asText()).isEqualTo("pods");
    assertThat(denied.get("status").toString())
        .isEqualTo("{\"allowed\":false,\"denied\":true,\"reason\":\"not on the list\"}");
  }

  @Test
  void subjectAccessReviewAsksAboutTheNamedUser() {
    ObjectNode body =
        json(
            "{\"spec\":{\"user\":\"alice\",\"resourceAttributes\":"
                + "{\"namespace\":\"dev\",\"verb\":\"get\",\"resource\":\"pods\"}}}");

    ObjectNode answer =
        reviews.create(review("subjectaccessreviews"), "", body, UserInfo.of("admin", List.of()));

    assertThat(answer.at("/status/allowed").asBoolean()).isTrue();
    assertThat(answer.get("kind").asText()).isEqualTo("SubjectAccessReview");
  }

  @Test
  void invalidSpecsAre422WithKubesMessages() {
    assertThatThrownBy(
            () ->
                reviews.create(
                    review("selfsubjectaccessreviews"), "", json("{\"spec\":{}}"), ALICE))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(422);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "SelfSubjectAccessReview \"\" is invalid: spec.resourceAttributes: Required"
                          + " value: exactly one of nonResourceAttributes or resourceAttributes"
                          + " must be specified");
            });
    assertThatThrownBy(
            () ->
                reviews.create(
                    review("subjectaccessreviews"),
                    "",
                    json(
                        "{\"spec\":{\"nonResourceAttributes\":{\"path\":\"/\",\"verb\":\"get\"}}}"),
                    ALICE))
        .hasMessageContaining("at least one of user or group must be specified");
    assertThatThrownBy(
            () ->
                reviews.create(
                    review("localsubjectaccessreviews"),
                    "dev",
                    json(
                        "{\"spec\":{\"user\":\"a\",\"resourceAttributes\":{\"namespace\":\"prod\"}}}"),
                    ALICE))
        .hasMessageContaining("spec.resourceAttributes.namespace")
        .hasMessageContaining("must match metadata.namespace");
  }

  @Test
  void rulesReviewListsWhatTheResolverKnowsOrSaysItIsIncomplete() {
    ObjectNode body = json("{\"spec\":{\"namespace\":\"dev\"}}");

    ObjectNode complete =
        new AccessReviews(Authorizer.alwaysAllowAuthenticated())
            .create(review("selfsubjectrulesreviews"), "", body, ALICE);
    ObjectNode incomplete = reviews.create(review("selfsubjectrulesreviews"), "", body, ALICE);

    assertThat(complete.get("status").toString())
        .isEqualTo(
            "{\"resourceRules\":[{\"verbs\":[\"*\"],\"apiGroups\":[\"*\"],\"resources\":[\"*\"]}],"
                + "\"nonResourceRules\":[{\"verbs\":[\"*\"],\"nonResourceURLs\":[\"*\"]}],"
                + "\"incomplete\":false}");
    assertThat(incomplete.at("/status/incomplete").asBoolean()).isTrue();
    assertThatThrownBy(
            () -> reviews.create(review("selfsubjectrulesreviews"), "", json("{}"), ALICE))
        .hasMessage("no namespace on request");
  }
}
