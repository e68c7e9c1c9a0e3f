package io.kubeloop.apiserver.security;

import static org.assertj.core.api.Assertions.assertThat;

import io.kubeloop.apiserver.errors.ApiException;
import java.util.List;
import org.junit.jupiter.api.Test;

class AuthorizerTest {

  private final UserInfo bob = UserInfo.of("bob", List.of("devs", UserInfo.AUTHENTICATED_GROUP));
  private final UserInfo anonymous =
      UserInfo.of("system:anonymous", List.of("system:unauthenticated"));

  @Test
  void allowsAuthenticatedUsersOnly() {
    Authorizer authorizer = Authorizer.alwaysAllowAuthenticated();

    assertThat(authorizer.authorize(AuthorizationAttributes.nonResource(bob, "get", "/version")))
        .isEqualTo(Decision.allow(""));
    assertThat(
            authorizer.authorize(
                AuthorizationAttributes.resource(anonymous, "list", "", "pods", "", "default", "")))
        .isEqualTo(Decision.noOpinion(""));
  }

  @Test
  void forbiddenMessagesMatchKubeApiserver() {
    ApiException namespaced =
        AuthorizationAttributes.resource(bob, "get", "", "pods", "log", "default", "web-0")
            .forbidden("");
    assertThat(namespaced.code()).isEqualTo(403);
    assertThat(namespaced.reason()).isEqualTo("Forbidden");
    assertThat(namespaced.getMessage())
        .isEqualTo(
            "pods \"web-0\" is forbidden: User \"bob\" cannot get resource \"pods/log\" in API"
                + " group \"\" in the namespace \"default\"");

    ApiException cluster =
        AuthorizationAttributes.resource(bob, "list", "apps", "deployments", "", "", "")
            .forbidden("no RBAC policy matched");
    assertThat(cluster.getMessage())
        .isEqualTo(
            "deployments.apps is forbidden: User \"bob\" cannot list resource \"deployments\" in"
                + " API group \"apps\" at the cluster scope: no RBAC policy matched");

    ApiException path = AuthorizationAttributes.nonResource(bob, "get", "/metrics").forbidden(null);
    assertThat(path.getMessage()).isEqualTo("forbidden: User \"bob\" cannot get path \"/metrics\"");
  }

  @Test
  void readOnlyVerbs() {
    assertThat(AuthorizationAttributes.resource(bob, "watch", "", "pods", "", "", "").readOnly())
        .isTrue();
    assertThat(AuthorizationAttributes.resource(bob, "patch", "", "pods", "", "", "").readOnly())
        .isFalse();
  }
}
