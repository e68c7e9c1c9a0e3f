package io.kubeloop.runtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import org.junit.jupiter.api.Test;

class OwnedObjectsTest {

  static Deployment owner(String namespace, String name, String uid) {
    return new DeploymentBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName(name)
        .withUid(uid)
        .endMetadata()
        .build();
  }

  static ConfigMap owned(String namespace, OwnerReference... refs) {
    return new ConfigMapBuilder()
        .withNewMetadata()
        .withNamespace(namespace)
        .withName("child")
        .withOwnerReferences(refs)
        .endMetadata()
        .build();
  }

  static OwnerReference ref(String apiVersion, String kind, String name, String uid, Boolean ctl) {
    return new OwnerReferenceBuilder()
        .withApiVersion(apiVersion)
        .withKind(kind)
        .withName(name)
        .withUid(uid)
        .withController(ctl)
        .build();
  }

  @Test
  void theControllerReferenceNamesTheOwnerAndBlocksItsDeletion() {
    OwnerReference ref = OwnedObjects.controllerReference(owner("ns", "web", "u-1"));
    assertThat(ref.getApiVersion()).isEqualTo("apps/v1");
    assertThat(ref.getKind()).isEqualTo("Deployment");
    assertThat(ref.getName()).isEqualTo("web");
    assertThat(ref.getUid()).isEqualTo("u-1");
    assertThat(ref.getController()).isTrue();
    assertThat(ref.getBlockOwnerDeletion()).isTrue();
  }

  @Test
  void settingItKeepsOtherOwnersAndReplacesAStaleReferenceToTheSameOwner() {
    OwnerReference other = ref("v1", "ConfigMap", "other", "u-9", null);
    OwnerReference stale = ref("apps/v1beta1", "Deployment", "web", "u-0", false);
    ConfigMap child = owned("ns", other, stale);
    ConfigMap result = OwnedObjects.setControllerReference(owner("ns", "web", "u-1"), child);
    assertThat(result).isSameAs(child);
    assertThat(child.getMetadata().getOwnerReferences())
        .extracting(OwnerReference::getName, OwnerReference::getUid, OwnerReference::getController)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("other", "u-9", null),
            org.assertj.core.groups.Tuple.tuple("web", "u-1", true));
    assertThat(OwnedObjects.isControlledBy(child, owner("ns", "web", "u-1"))).isTrue();
    assertThat(OwnedObjects.isControlledBy(child, owner("ns", "web", "u-0"))).isFalse();
    // setting it again changes nothing
    OwnedObjects.setControllerReference(owner("ns", "web", "u-1"), child);
    assertThat(child.getMetadata().getOwnerReferences()).hasSize(2);
  }

  @Test
  void anObjectControlledByAnotherOwnerIsRefused() {
    ConfigMap child = owned("ns", ref("apps/v1", "Deployment", "api", "u-2", true));
    assertThatThrownBy(() -> OwnedObjects.setControllerReference(owner("ns", "web", "u-1"), child))
        .isInstanceOfSatisfying(
            OwnedObjects.AlreadyOwnedException.class,
            e -> {
              assertThat(e.kind()).isEqualTo("ConfigMap");
              assertThat(e.namespace()).isEqualTo("ns");
              assertThat(e.name()).isEqualTo("child");
              assertThat(e.controller().getName()).isEqualTo("api");
            })
        .hasMessage("ConfigMap ns/child is already owned by another Deployment controller api");
    assertThat(child.getMetadata().getOwnerReferences()).hasSize(1);
  }

  @Test
  void ownersMustBeStoredAndInTheSameNamespace() {
    assertThatThrownBy(
            () -> OwnedObjects.setControllerReference(owner("ns", "web", null), owned("ns")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("has no name or uid");
    assertThatThrownBy(
            () -> OwnedObjects.setControllerReference(owner("a", "web", "u"), owned("b")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage(
            "cross-namespace owner references are disallowed, owner's namespace a, obj's namespace"
                + " b");
    Namespace cluster =
        new NamespaceBuilder().withNewMetadata().withName("x").endMetadata().build();
    assertThatThrownBy(() -> OwnedObjects.setControllerReference(owner("a", "web", "u"), cluster))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageStartingWith(
            "cluster-scoped resource must not have a namespace-scoped owner, owner's namespace a");
    // a cluster-scoped owner may own a namespaced object
    Namespace nsOwner =
        new NamespaceBuilder()
            .withNewMetadata()
            .withName("x")
            .withUid("u-ns")
            .endMetadata()
            .build();
    assertThat(OwnedObjects.controllerOf(OwnedObjects.setControllerReference(nsOwner, owned("b"))))
        .get()
        .extracting(OwnerReference::getKind)
        .isEqualTo("Namespace");
  }

  @Test
  void theGroupOfAnApiVersionIgnoresTheVersion() {
    assertThat(OwnedObjects.group("v1")).isEmpty();
    assertThat(OwnedObjects.group("apps/v1")).isEqualTo("apps");
    assertThat(
            OwnedObjects.sameObject(
                ref("apps/v1", "Deployment", "a", "1", true),
                ref("apps/v1beta2", "Deployment", "a", "2", false)))
        .isTrue();
    assertThat(
            OwnedObjects.sameObject(
                ref("apps/v1", "Deployment", "a", "1", true),
                ref("extensions/v1beta1", "Deployment", "a", "1", true)))
        .isFalse();
  }
}
