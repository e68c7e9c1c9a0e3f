package io.kubeloop.apiserver.apply;

import static io.kubeloop.apiserver.apply.Docs.entry;
import static io.kubeloop.apiserver.apply.Docs.fields;
import static io.kubeloop.apiserver.apply.Docs.managers;
import static io.kubeloop.apiserver.apply.Docs.obj;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** Managed fields of creates, updates and patches ({@code Update} entries). */
class FieldManagerUpdateTest {

  static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");
  static final Instant T1 = Instant.parse("2024-05-01T11:00:00Z");

  static final FieldManager DEPLOYMENTS =
      FieldManager.forBuiltin(Deployment.class, "apps/v1", "Deployment", true);
  static final FieldManager CONFIG_MAPS =
      FieldManager.forBuiltin(ConfigMap.class, "v1", "ConfigMap", false);

  static ObjectNode deployment() {
    return obj(
        """
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: nginx
          namespace: default
          labels: {app: nginx}
        spec:
          progressDeadlineSeconds: 600
          replicas: 1
          revisionHistoryLimit: 10
          selector: {matchLabels: {app: nginx}}
          strategy:
            rollingUpdate: {maxSurge: 25%, maxUnavailable: 25%}
            type: RollingUpdate
          template:
            metadata:
              labels: {app: nginx}
            spec:
              containers:
              - image: nginx
                imagePullPolicy: Always
                name: nginx
                resources: {}
                terminationMessagePath: /dev/termination-log
                terminationMessagePolicy: File
              dnsPolicy: ClusterFirst
              restartPolicy: Always
              schedulerName: default-scheduler
              securityContext: {}
              terminationGracePeriodSeconds: 30
        status: {}
        """);
  }

  @Test
  void createRecordsTheCreatorLikeKubectlCreateShowsIt() {
    ObjectNode created = deployment();
    DEPLOYMENTS.update(null, created, "kubectl-create", "", T0);
    ObjectNode expected =
        obj(
            """
            - manager: kubectl-create
              operation: Update
              apiVersion: apps/v1
              time: "2024-05-01T10:00:00Z"
              fieldsType: FieldsV1
              fieldsV1:
                f:metadata:
                  f:labels:
                    .: {}
                    f:app: {}
                f:spec:
                  f:progressDeadlineSeconds: {}
                  f:replicas: {}
                  f:revisionHistoryLimit: {}
                  f:selector: {}
                  f:strategy:
                    f:rollingUpdate:
                      .: {}
                      f:maxSurge: {}
                      f:maxUnavailable: {}
                    f:type: {}
                  f:template:
                    f:metadata:
                      f:labels:
                        .: {}
                        f:app: {}
                    f:spec:
                      f:containers:
                        k:{"name":"nginx"}:
                          .: {}
                          f:image: {}
                          f:imagePullPolicy: {}
                          f:name: {}
                          f:resources: {}
                          f:terminationMessagePath: {}
                          f:terminationMessagePolicy: {}
                      f:dnsPolicy: {}
                      f:restartPolicy: {}
                      f:schedulerName: {}
                      f:securityContext: {}
                      f:terminationGracePeriodSeconds: {}
            """
                .replace("- manager", "list:\n- manager")
                .replace("\n  ", "\n  "));
    assertThat(created.path("metadata").path("managedFields").toString())
        .isEqualTo(expected.path("list").toString());
  }

  @Test
  void anUpdateGetsWhatItChangedAndTakesItFromOthers() {
    ObjectNode live = deployment();
    DEPLOYMENTS.update(null, live, "kubectl-create", "", T0);
    ObjectNode next = live.deepCopy();
    next.with("spec").put("replicas", 3);
    next.withObject("/metadata/labels").put("tier", "web");
    DEPLOYMENTS.update(live, next, "kubectl-edit", "", T1);

    assertThat(managers(next)).containsExactly("kubectl-create/Update", "kubectl-edit/Update");
    assertThat(fields(next, "kubectl-edit"))
        .containsExactly(".metadata.labels.tier", ".spec.replicas");
    assertThat(fields(next, "kubectl-create")).doesNotContain(".spec.replicas");
    assertThat(entry(next, "kubectl-edit").path("time").asText()).isEqualTo("2024-05-01T11:00:00Z");
    assertThat(entry(next, "kubectl-create").path("time").asText())
        .isEqualTo("2024-05-01T10:00:00Z");
  }

  @Test
  void removedFieldsLeaveEveryManagerAndEmptyEntriesGo() {
    ObjectNode live = obj("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: '1'}}");
    CONFIG_MAPS.update(null, live, "creator", "", T0);
    ObjectNode next = live.deepCopy();
    ((ObjectNode) next.get("data")).remove("a");
    ((ObjectNode) next.get("data")).put("b", "2");
    CONFIG_MAPS.update(live, next, "editor", "", T1);
    // the creator still owns the map it created, as in kube
    assertThat(managers(next)).containsExactly("creator/Update", "editor/Update");
    assertThat(fields(next, "creator")).containsExactly(".data");
    assertThat(fields(next, "editor")).containsExactly(".data.b");

    ObjectNode emptied = next.deepCopy();
    emptied.remove("data");
    CONFIG_MAPS.update(next, emptied, "cleaner", "", T1);
    assertThat(emptied.path("metadata").has("managedFields")).isFalse();
  }

  @Test
  void aWriteThatChangesNothingLeavesTheRecordAlone() {
    ObjectNode live = obj("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: '1'}}");
    CONFIG_MAPS.update(null, live, "creator", "", T0);
    ObjectNode next = live.deepCopy();
    CONFIG_MAPS.update(live, next, "someone-else", "", T1);
    assertThat(next).isEqualTo(live);
  }

  @Test
  void entriesOfOneManagerMergeAndStatusWritesAreTheirOwn() {
    ObjectNode live = deployment();
    DEPLOYMENTS.update(null, live, "ctl", "", T0);
    ObjectNode next = live.deepCopy();
    next.with("spec").put("replicas", 2);
    DEPLOYMENTS.update(live, next, "ctl", "", T1);
    assertThat(managers(next)).containsExactly("ctl/Update");
    assertThat(fields(next, "ctl")).contains(".spec.replicas", ".spec.template.spec.dnsPolicy");

    ObjectNode status = next.deepCopy();
    status.with("status").put("replicas", 2);
    DEPLOYMENTS.update(next, status, "ctl", "status", T1);
    assertThat(managers(status)).containsExactly("ctl/Update", "ctl/Update/status");
    assertThat(entry(status, "ctl").path("subresource").isMissingNode()).isTrue();
  }

  @Test
  void theMainResourceDoesNotTrackStatusAndTheStatusSubresourceNothingElse() {
    ObjectNode created = deployment();
    created.with("status").put("replicas", 5);
    DEPLOYMENTS.update(null, created, "ctl", "", T0);
    assertThat(fields(created, "ctl")).noneMatch(p -> p.startsWith(".status"));

    ObjectNode next = created.deepCopy();
    next.with("status").put("replicas", 1);
    next.with("spec").put("paused", true);
    DEPLOYMENTS.update(created, next, "status-writer", "status", T1);
    assertThat(fields(next, "status-writer")).containsExactly(".status.replicas");
  }

  @Test
  void clientManagedFieldsReplaceTheRecordAndAnEmptyListClearsIt() {
    ObjectNode live = deployment();
    DEPLOYMENTS.update(null, live, "creator", "", T0);

    ObjectNode cleared = live.deepCopy();
    cleared.with("metadata").putArray("managedFields");
    cleared.with("spec").put("replicas", 9);
    DEPLOYMENTS.update(live, cleared, "editor", "", T1);
    assertThat(cleared.path("metadata").has("managedFields")).isFalse();

    ObjectNode resetWithEmptyEntry = live.deepCopy();
    resetWithEmptyEntry.with("metadata").putArray("managedFields").addObject();
    DEPLOYMENTS.update(live, resetWithEmptyEntry, "editor", "", T1);
    assertThat(resetWithEmptyEntry.path("metadata").has("managedFields")).isFalse();

    ObjectNode replaced = live.deepCopy();
    ((ObjectNode) replaced.path("metadata").path("managedFields").get(0)).put("manager", "renamed");
    DEPLOYMENTS.update(live, replaced, "editor", "", T1);
    assertThat(managers(replaced)).containsExactly("renamed/Update");

    ObjectNode omitted = live.deepCopy();
    ((ObjectNode) omitted.get("metadata")).remove("managedFields");
    DEPLOYMENTS.update(live, omitted, "editor", "", T1);
    assertThat(managers(omitted)).containsExactly("creator/Update");
  }

  @Test
  void subresourcesIgnoreManagedFieldsTheClientSent() {
    ObjectNode live = deployment();
    DEPLOYMENTS.update(null, live, "creator", "", T0);
    ObjectNode next = live.deepCopy();
    next.with("metadata").putArray("managedFields");
    next.with("status").put("replicas", 1);
    DEPLOYMENTS.update(live, next, "kcm", "status", T1);
    assertThat(managers(next)).containsExactly("creator/Update", "kcm/Update/status");
  }

  @Test
  void anExistingObjectWithoutRecordStaysUntracked() {
    ObjectNode live =
        obj("{apiVersion: v1, kind: ConfigMap, metadata: {name: c, uid: u}, data: {a: '1'}}");
    ObjectNode next = live.deepCopy();
    ((ObjectNode) next.get("data")).put("a", "2");
    CONFIG_MAPS.update(live, next, "editor", "", T1);
    assertThat(next.path("metadata").has("managedFields")).isFalse();
  }

  @Test
  void anUnnamedManagerIsUnknown() {
    ObjectNode created =
        obj("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {a: '1'}}");
    CONFIG_MAPS.update(null, created, "", "", T0);
    assertThat(managers(created)).containsExactly("unknown/Update");
  }

  @Test
  void moreThanTenUpdatersMergeIntoAncientChanges() {
    ObjectNode current =
        obj("{apiVersion: v1, kind: ConfigMap, metadata: {name: c}, data: {k0: v}}");
    CONFIG_MAPS.update(null, current, "m0", "", T0);
    for (int i = 1; i <= 11; i++) {
      ObjectNode next = current.deepCopy();
      ((ObjectNode) next.get("data")).put("k" + i, "v");
      CONFIG_MAPS.update(current, next, "m" + i, "", T0.plusSeconds(i));
      current = next;
    }
    assertThat(managers(current)).hasSize(10).contains("ancient-changes/Update");
    assertThat(fields(current, "ancient-changes"))
        .containsExactly(".data", ".data.k0", ".data.k1", ".data.k2");
  }
}
