package io.kubeloop.apiserver.validation;

import static io.kubeloop.apiserver.validation.Fixtures.render;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ManagedFieldsEntryBuilder;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.kubeloop.apiserver.errors.FieldError;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ObjectMetaValidationTest {

  static ObjectMeta meta() {
    return new ObjectMetaBuilder().withName("a").withNamespace("ns").build();
  }

  static Stream<Arguments> createCases() {
    return Stream.<Arguments>of(
        Arguments.of("valid", (Consumer<ObjectMeta>) m -> {}, List.of()),
        Arguments.of(
            "name required",
            (Consumer<ObjectMeta>) m -> m.setName(null),
            List.of("metadata.name: Required value: name or generateName is required")),
        Arguments.of(
            "bad name",
            (Consumer<ObjectMeta>) m -> m.setName("Foo"),
            List.of("metadata.name: Invalid value: \"Foo\": " + NamesTest.SUBDOMAIN_MSG)),
        Arguments.of(
            "generateName prefix may end with a dash",
            (Consumer<ObjectMeta>) m -> m.setGenerateName("web-"),
            List.of()),
        Arguments.of(
            "bad generateName",
            (Consumer<ObjectMeta>) m -> m.setGenerateName("Web-"),
            List.of("metadata.generateName: Invalid value: \"Web-\": " + NamesTest.SUBDOMAIN_MSG)),
        Arguments.of(
            "namespace required",
            (Consumer<ObjectMeta>) m -> m.setNamespace(""),
            List.of("metadata.namespace: Required value")),
        Arguments.of(
            "namespace must be a label",
            (Consumer<ObjectMeta>) m -> m.setNamespace("a.b"),
            List.of("metadata.namespace: Invalid value: \"a.b\": must not contain dots")),
        Arguments.of(
            "negative generation",
            (Consumer<ObjectMeta>) m -> m.setGeneration(-1L),
            List.of("metadata.generation: Invalid value: -1: must be greater than or equal to 0")),
        Arguments.of(
            "label key and value",
            (Consumer<ObjectMeta>) m -> m.setLabels(Map.of("-k", "v-")),
            List.of(
                "metadata.labels: Invalid value: \"-k\": " + NamesTest.NAME_PART_MSG,
                "metadata.labels: Invalid value: \"v-\": " + NamesTest.LABEL_VALUE_MSG)),
        Arguments.of(
            "annotation keys are qualified names, case-insensitively",
            (Consumer<ObjectMeta>) m -> m.setAnnotations(Map.of("Example.COM/Key", "v")),
            List.of()),
        Arguments.of(
            "annotations at most 256 KiB",
            (Consumer<ObjectMeta>) m -> m.setAnnotations(Map.of("k", "x".repeat(256 * 1024))),
            List.of("metadata.annotations: Too long: may not be more than 262144 bytes")),
        Arguments.of(
            "owner reference fields required",
            (Consumer<ObjectMeta>)
                m -> m.setOwnerReferences(List.of(new OwnerReferenceBuilder().build())),
            List.of(
                "metadata.ownerReferences.apiVersion: Invalid value: \"\": version must not be empty",
                "metadata.ownerReferences.kind: Invalid value: \"\": must not be empty",
                "metadata.ownerReferences.name: Invalid value: \"\": must not be empty",
                "metadata.ownerReferences.uid: Invalid value: \"\": must not be empty")),
        Arguments.of(
            "at most one controller",
            (Consumer<ObjectMeta>)
                m ->
                    m.setOwnerReferences(
                        List.of(owner("ReplicaSet", "a", true), owner("ReplicaSet", "b", true))),
            List.of(
                "metadata.ownerReferences: Invalid value: []v1.OwnerReference{v1.OwnerReference{"
                    + "APIVersion:\"apps/v1\", Kind:\"ReplicaSet\", Name:\"a\", UID:\"u-a\","
                    + " Controller:(*bool)(&true), BlockOwnerDeletion:(*bool)(nil)},"
                    + " v1.OwnerReference{APIVersion:\"apps/v1\", Kind:\"ReplicaSet\", Name:\"b\","
                    + " UID:\"u-b\", Controller:(*bool)(&true), BlockOwnerDeletion:(*bool)(nil)}}:"
                    + " Only one reference can have Controller set to true. Found \"true\" in"
                    + " references for ReplicaSet/a and ReplicaSet/b")),
        Arguments.of(
            "finalizers are qualified names",
            (Consumer<ObjectMeta>) m -> m.setFinalizers(List.of("example.com/-x")),
            List.of(
                "metadata.finalizers: Invalid value: \"example.com/-x\": "
                    + NamesTest.NAME_PART_MSG)),
        Arguments.of(
            "orphan and foreground conflict",
            (Consumer<ObjectMeta>) m -> m.setFinalizers(List.of("orphan", "foregroundDeletion")),
            List.of(
                "metadata.finalizers: Invalid value: []string{\"orphan\", \"foregroundDeletion\"}:"
                    + " finalizer orphan and foregroundDeletion cannot be both set")),
        Arguments.of(
            "managed fields",
            (Consumer<ObjectMeta>)
                m ->
                    m.setManagedFields(
                        List.of(
                            new ManagedFieldsEntryBuilder()
                                .withOperation("Patch")
                                .withManager("k")
                                .build())),
            List.of(
                "metadata.managedFields[0].operation: Invalid value: \"Patch\": must be `Apply` or `Update`")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("createCases")
  void create(String name, Consumer<ObjectMeta> mutate, List<String> expected) {
    ObjectMeta m = meta();
    mutate.accept(m);
    assertThat(render(ObjectMetaValidation.validateCreate(m, true)))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void clusterScopedKindsMayNotHaveANamespace() {
    assertThat(render(ObjectMetaValidation.validateCreate(meta(), false)))
        .containsExactly("metadata.namespace: Forbidden: not allowed on this type");
  }

  @Test
  void builtInKindsRequireQualifiedOrStandardFinalizers() {
    ObjectMeta m = meta();
    m.setFinalizers(List.of("kubernetes", "foo", "example.com/bar"));
    assertThat(
            render(ObjectMetaValidator.validateCreate(m, true, NameRule.DNS1123_SUBDOMAIN, true)))
        .containsExactly(
            "metadata.finalizers[1]: Invalid value: \"foo\": name is neither a standard finalizer"
                + " name nor is it fully qualified");
    // custom resources only get apimachinery's rules
    assertThat(ObjectMetaValidation.validateCreate(m, true)).isEmpty();
  }

  static Stream<Arguments> updateCases() {
    return Stream.<Arguments>of(
        Arguments.of("unchanged", (Consumer<ObjectMeta>) m -> {}, List.of()),
        Arguments.of(
            "name",
            (Consumer<ObjectMeta>) m -> m.setName("b"),
            List.of("metadata.name: Invalid value: \"b\": field is immutable")),
        Arguments.of(
            "namespace",
            (Consumer<ObjectMeta>) m -> m.setNamespace("other"),
            List.of("metadata.namespace: Invalid value: \"other\": field is immutable")),
        Arguments.of(
            "uid",
            (Consumer<ObjectMeta>) m -> m.setUid("other"),
            List.of("metadata.uid: Invalid value: \"other\": field is immutable")),
        Arguments.of(
            "creationTimestamp",
            (Consumer<ObjectMeta>) m -> m.setCreationTimestamp("2025-01-02T03:04:05Z"),
            List.of(
                "metadata.creationTimestamp: Invalid value: 2025-01-02 03:04:05 +0000 UTC: field is"
                    + " immutable")),
        Arguments.of(
            "creationTimestamp in another zone is the same time",
            (Consumer<ObjectMeta>) m -> m.setCreationTimestamp("2024-01-01T01:00:00+01:00"),
            List.of()),
        Arguments.of(
            "deletionTimestamp",
            (Consumer<ObjectMeta>) m -> m.setDeletionTimestamp("2025-01-02T03:04:05Z"),
            List.of(
                "metadata.deletionTimestamp: Invalid value: 2025-01-02 03:04:05 +0000 UTC: field is"
                    + " immutable")),
        Arguments.of(
            "deletionGracePeriodSeconds",
            (Consumer<ObjectMeta>) m -> m.setDeletionGracePeriodSeconds(5L),
            List.of("metadata.deletionGracePeriodSeconds: Invalid value: 5: field is immutable")),
        Arguments.of(
            "resourceVersion required",
            (Consumer<ObjectMeta>) m -> m.setResourceVersion(null),
            List.of(
                "metadata.resourceVersion: Invalid value: \"\": must be specified for an update")),
        Arguments.of(
            "generation may not go down",
            (Consumer<ObjectMeta>) m -> m.setGeneration(1L),
            List.of("metadata.generation: Invalid value: 1: must not be decremented")),
        Arguments.of(
            "labels still validated",
            (Consumer<ObjectMeta>) m -> m.setLabels(Map.of("a", "-")),
            List.of("metadata.labels: Invalid value: \"-\": " + NamesTest.LABEL_VALUE_MSG)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("updateCases")
  void update(String name, Consumer<ObjectMeta> mutate, List<String> expected) {
    ObjectMeta old = meta();
    old.setUid("u1");
    old.setCreationTimestamp("2024-01-01T00:00:00Z");
    old.setResourceVersion("7");
    old.setGeneration(2L);
    ObjectMeta m = new ObjectMetaBuilder(old).build();
    mutate.accept(m);
    assertThat(render(ObjectMetaValidation.validateUpdate(m, old)))
        .containsExactlyElementsOf(expected);
  }

  @Test
  void noNewFinalizersOnceDeleting() {
    ObjectMeta old = meta();
    old.setResourceVersion("1");
    old.setDeletionTimestamp("2024-01-01T00:00:00Z");
    old.setFinalizers(List.of("example.com/a"));
    ObjectMeta m = new ObjectMetaBuilder(old).build();
    m.setFinalizers(List.of("example.com/a", "example.com/c", "example.com/b"));
    List<FieldError> errs = ObjectMetaValidation.validateUpdate(m, old);
    assertThat(render(errs))
        .containsExactly(
            "metadata.finalizers: Forbidden: no new finalizers can be added if the object is being"
                + " deleted, found new finalizers []string{\"example.com/b\", \"example.com/c\"}");
    // removing finalizers is how deletion completes
    m.setFinalizers(List.of());
    assertThat(ObjectMetaValidation.validateUpdate(m, old)).isEmpty();
  }

  @Test
  void eventsMayNotOwnObjects() {
    ObjectMeta m = meta();
    m.setOwnerReferences(
        List.of(
            new OwnerReferenceBuilder()
                .withApiVersion("v1")
                .withKind("Event")
                .withName("e")
                .withUid("u")
                .build()));
    assertThat(render(ObjectMetaValidation.validateCreate(m, true)))
        .containsExactly(
            "metadata.ownerReferences: Invalid value: v1.OwnerReference{APIVersion:\"v1\","
                + " Kind:\"Event\", Name:\"e\", UID:\"u\", Controller:(*bool)(nil),"
                + " BlockOwnerDeletion:(*bool)(nil)}: /v1, Kind=Event is disallowed from being an"
                + " owner");
  }

  private static io.fabric8.kubernetes.api.model.OwnerReference owner(
      String kind, String name, boolean controller) {
    return new OwnerReferenceBuilder()
        .withApiVersion("apps/v1")
        .withKind(kind)
        .withName(name)
        .withUid("u-" + name)
        .withController(controller)
        .build();
  }
}
