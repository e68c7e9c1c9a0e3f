package io.kubeloop.apiserver.apply;

import static io.kubeloop.apiserver.apply.Docs.fields;
import static io.kubeloop.apiserver.apply.Docs.managers;
import static io.kubeloop.apiserver.apply.Docs.obj;
import static io.kubeloop.apiserver.apply.FieldManagerUpdateTest.CONFIG_MAPS;
import static io.kubeloop.apiserver.apply.FieldManagerUpdateTest.DEPLOYMENTS;
import static io.kubeloop.apiserver.apply.FieldManagerUpdateTest.T0;
import static io.kubeloop.apiserver.apply.FieldManagerUpdateTest.T1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.StatusCause;
import io.kubeloop.apiserver.errors.ApiException;
import org.junit.jupiter.api.Test;

/** Server-side apply: conflicts, ownership transfer, removal, and the odd cases kube has. */
class FieldManagerApplyTest {

  static final String CM =
      """
      apiVersion: v1
      kind: ConfigMap
      metadata: {name: c, namespace: default}
      """;

  static ObjectNode applyCm(ObjectNode live, String body, String manager, boolean force) {
    return CONFIG_MAPS.apply(live, obj(CM + body), manager, "", force, T1);
  }

  @Test
  void applyingToNothingCreatesTheObjectOwnedByTheApplier() {
    ObjectNode created = applyCm(null, "data: {a: '1', b: '2'}", "mgr", false);
    assertThat(created.path("data").toString()).isEqualTo("{\"a\":\"1\",\"b\":\"2\"}");
    assertThat(managers(created)).containsExactly("mgr/Apply");
    assertThat(fields(created, "mgr")).containsExactly(".data.a", ".data.b");
    assertThat(Docs.entry(created, "mgr").path("time").asText()).isEqualTo("2024-05-01T11:00:00Z");
  }

  @Test
  void changingAFieldAnotherManagerOwnsIsAConflictLikeKubes() {
    ObjectNode live = applyCm(null, "data: {a: '1', b: '2'}", "first", false);
    assertThatThrownBy(() -> applyCm(live, "data: {a: 'changed'}", "second", false))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(409);
              assertThat(e.reason()).isEqualTo("Conflict");
              assertThat(e.getMessage())
                  .isEqualTo("Apply failed with 1 conflict: conflict with \"first\": .data.a");
              StatusCause cause = e.status().getDetails().getCauses().get(0);
              assertThat(cause.getReason()).isEqualTo("FieldManagerConflict");
              assertThat(cause.getMessage()).isEqualTo("conflict with \"first\"");
              assertThat(cause.getField()).isEqualTo(".data.a");
            });
  }

  @Test
  void conflictsWithSeveralManagersListThemSorted() {
    ObjectNode live = applyCm(null, "data: {a: '1'}", "zeta", false);
    ObjectNode next = live.deepCopy();
    ((ObjectNode) next.get("data")).put("b", "2");
    CONFIG_MAPS.update(live, next, "alpha", "", T0);
    assertThatThrownBy(() -> applyCm(next, "data: {a: 'x', b: 'y'}", "third", false))
        .isInstanceOfSatisfying(
            ApiException.class,
            e ->
                assertThat(e.getMessage())
                    .isEqualTo(
                        "Apply failed with 2 conflicts: conflicts with \"alpha\" using v1:\n"
                            + "- .data.b\n"
                            + "conflicts with \"zeta\":\n"
                            + "- .data.a"));
  }

  @Test
  void applyingTheSameValueSharesOwnership() {
    ObjectNode live = applyCm(null, "data: {a: '1'}", "first", false);
    ObjectNode shared = applyCm(live, "data: {a: '1'}", "second", false);
    assertThat(fields(shared, "first")).containsExactly(".data.a");
    assertThat(fields(shared, "second")).containsExactly(".data.a");
    // the second manager changed nothing: its entry has no time
    assertThat(Docs.entry(shared, "second").has("time")).isFalse();
  }

  @Test
  void forceTakesOwnership() {
    ObjectNode live = applyCm(null, "data: {a: '1', b: '2'}", "first", false);
    ObjectNode forced = applyCm(live, "data: {a: 'mine'}", "second", true);
    assertThat(forced.path("data").path("a").asText()).isEqualTo("mine");
    assertThat(fields(forced, "first")).containsExactly(".data.b");
    assertThat(fields(forced, "second")).containsExactly(".data.a");
  }

  @Test
  void fieldsAnApplierStopsApplyingAreRemovedUnlessSomeoneElseOwnsThem() {
    ObjectNode live = applyCm(null, "data: {a: '1', b: '2', c: '3'}", "first", false);
    live = applyCm(live, "data: {c: '3'}", "second", false);
    ObjectNode next = applyCm(live, "data: {a: '1'}", "first", false);
    // b was only first's: gone; c is second's too: kept
    assertThat(next.path("data").toString()).isEqualTo("{\"a\":\"1\",\"c\":\"3\"}");
    assertThat(fields(next, "first")).containsExactly(".data.a");
  }

  @Test
  void fieldsTakenOverByAnUpdaterSurviveTheApplierDroppingThem() {
    ObjectNode live = applyCm(null, "data: {a: '1', b: '2'}", "first", false);
    ObjectNode edited = live.deepCopy();
    ((ObjectNode) edited.get("data")).put("b", "edited");
    CONFIG_MAPS.update(live, edited, "kubectl-edit", "", T0);
    ObjectNode next = applyCm(edited, "data: {a: '1'}", "first", false);
    assertThat(next.path("data").toString()).isEqualTo("{\"a\":\"1\",\"b\":\"edited\"}");
  }

  @Test
  void droppingEverythingRemovesTheMapAndTheEntry() {
    ObjectNode live = applyCm(null, "data: {a: '1'}", "first", false);
    ObjectNode next = applyCm(live, "", "first", false);
    assertThat(next.has("data")).isFalse();
    assertThat(next.path("metadata").has("managedFields")).isFalse();
  }

  @Test
  void anObjectNobodyTrackedIsOwnedBeforeFirstApply() {
    ObjectNode live = obj(CM + "data: {a: '1'}").put("kind", "ConfigMap");
    live.with("metadata").put("uid", "u1");
    assertThatThrownBy(() -> applyCm(live, "data: {a: '2'}", "mgr", false))
        .hasMessage(
            "Apply failed with 1 conflict: conflict with \"before-first-apply\" using v1: .data.a");
    ObjectNode same = applyCm(live, "data: {a: '1'}", "mgr", false);
    assertThat(managers(same)).containsExactly("mgr/Apply", "before-first-apply/Update");
  }

  @Test
  void configurationsMayNotSetManagedFieldsAndMustFitTheSchema() {
    assertThatThrownBy(() -> applyCm(null, "metadata: {name: c, managedFields: []}", "m", false))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.getMessage()).isEqualTo("metadata.managedFields must be nil");
            });
    assertThatThrownBy(() -> applyCm(null, "spec: {x: 1}", "m", false))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(500);
              assertThat(e.getMessage())
                  .isEqualTo(
                      "failed to create typed patch object (default/c; /v1, Kind=ConfigMap):"
                          + " .spec: field not declared in schema");
            });
  }

  @Test
  void applyingNullUnsetsTheField() {
    ObjectNode live = DEPLOYMENTS.apply(null, obj(DeploymentApply.BASE), "m", "", false, T0);
    ObjectNode next =
        DEPLOYMENTS.apply(
            live,
            obj(DeploymentApply.BASE.replace("replicas: 2", "replicas: null")),
            "m",
            "",
            false,
            T1);
    assertThat(next.path("spec").has("replicas")).isFalse();
    assertThat(fields(next, "m")).contains(".spec.replicas");
  }

  @Test
  void kubectlTakesOverWhatClientSideApplyLastApplied() {
    String lastApplied =
        "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"1\"},\"kind\":\"ConfigMap\","
            + "\"metadata\":{\"annotations\":{},\"name\":\"c\",\"namespace\":\"default\"}}\n";
    ObjectNode created = obj(CM + "data: {a: '1'}");
    created.with("metadata").putObject("annotations").put(LastApplied.ANNOTATION, lastApplied);
    CONFIG_MAPS.update(null, created, "kubectl-client-side-apply", "", T0);

    // another manager cannot change a without conflict
    assertThatThrownBy(() -> applyCm(created, "data: {a: '2'}", "other", false))
        .hasMessageContaining("kubectl-client-side-apply");
    // kubectl can: a still holds what client-side apply set
    ObjectNode next = applyCm(created, "data: {a: '2'}", "kubectl", false);
    assertThat(next.path("data").path("a").asText()).isEqualTo("2");
    assertThat(fields(next, "kubectl")).containsExactly(".data.a");
    assertThat(next.path("metadata").path("annotations").path(LastApplied.ANNOTATION).asText())
        .isEqualTo(
            "{\"apiVersion\":\"v1\",\"data\":{\"a\":\"2\"},\"kind\":\"ConfigMap\","
                + "\"metadata\":{\"name\":\"c\",\"namespace\":\"default\"}}\n");
  }

  @Test
  void statusAppliesOwnOnlyTheStatus() {
    ObjectNode live = DEPLOYMENTS.apply(null, obj(DeploymentApply.BASE), "m", "", false, T0);
    ObjectNode status =
        DEPLOYMENTS.apply(
            live,
            obj(
                DeploymentApply.HEADER
                    + "spec: {replicas: 9}\nstatus: {replicas: 2, readyReplicas: 1}"),
            "kcm",
            "status",
            false,
            T1);
    assertThat(managers(status)).containsExactly("m/Apply", "kcm/Apply/status");
    assertThat(fields(status, "kcm")).containsExactly(".status.readyReplicas", ".status.replicas");
    assertThat(status.path("status").path("replicas").asInt()).isEqualTo(2);
    // status of a main-resource apply is not the applier's
    assertThat(fields(status, "m")).noneMatch(p -> p.startsWith(".status"));
  }
}
