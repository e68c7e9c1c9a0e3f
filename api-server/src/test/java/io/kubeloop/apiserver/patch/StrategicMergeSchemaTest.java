package io.kubeloop.apiserver.patch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import io.fabric8.kubernetes.api.model.ComponentStatus;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplate;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.MutatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.admissionregistration.v1.ValidatingWebhookConfiguration;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v2.HorizontalPodAutoscaler;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.networking.v1.Ingress;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.storage.CSINode;
import io.fabric8.kubernetes.api.model.storage.StorageClass;
import io.kubeloop.apiserver.errors.ApiException;
import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The table of patch strategies against the Fabric8 model it describes. */
class StrategicMergeSchemaTest {

  /** The built-in kinds served with strategic merge patch that the table must cover. */
  private static final List<Class<?>> ROOTS =
      List.of(
          Pod.class,
          PodTemplate.class,
          ReplicationController.class,
          Service.class,
          Node.class,
          Namespace.class,
          ConfigMap.class,
          Secret.class,
          ServiceAccount.class,
          Event.class,
          Endpoints.class,
          PersistentVolume.class,
          PersistentVolumeClaim.class,
          ComponentStatus.class,
          Deployment.class,
          ReplicaSet.class,
          StatefulSet.class,
          DaemonSet.class,
          Job.class,
          CronJob.class,
          Lease.class,
          io.fabric8.kubernetes.api.model.events.v1.Event.class,
          Ingress.class,
          NetworkPolicy.class,
          PodDisruptionBudget.class,
          Role.class,
          RoleBinding.class,
          ClusterRole.class,
          ClusterRoleBinding.class,
          HorizontalPodAutoscaler.class,
          StorageClass.class,
          CSINode.class,
          ValidatingWebhookConfiguration.class,
          MutatingWebhookConfiguration.class);

  @Test
  void everyEntryNamesAFieldOfItsClassWithTheRightShape() {
    Map<Class<?>, Map<String, StrategicMergeStrategies.Tags>> table =
        StrategicMergeStrategies.table();
    assertThat(table).isNotEmpty();
    table.forEach(
        (type, fields) ->
            fields.forEach(
                (field, tags) -> {
                  StrategicMergeSchema schema = StrategicMergeSchema.forResource(type);
                  String where = type.getSimpleName() + "." + field;
                  if (tags.patchStrategy().equals("merge")) {
                    StrategicMergeSchema.Field list = schema.lookupForSlice(field);
                    assertThat(list.tags()).as(where).isEqualTo(tags);
                    if (tags.mergeKey().isEmpty()) {
                      assertThat(list.schema().name()).as(where).isEqualTo("string");
                    } else {
                      assertThat(list.schema().name()).as(where).isEqualTo("struct");
                      // The merge key is a field of the element type.
                      list.schema().lookupForStruct(tags.mergeKey());
                    }
                  } else {
                    StrategicMergeSchema.Field object = schema.lookupForStruct(field);
                    assertThat(object.schema().name()).as(where).isEqualTo("struct");
                    assertThat(tags.strategies()).as(where).containsExactly("retainKeys");
                  }
                }));
  }

  @Test
  void everyClassInTheTableIsReachableFromTheServedKinds() {
    Set<Class<?>> reachable = new HashSet<>();
    ArrayDeque<JavaType> work = new ArrayDeque<>();
    ROOTS.forEach(root -> work.push(JsonTrees.MAPPER.constructType(root)));
    while (!work.isEmpty()) {
      JavaType type = work.pop();
      if (type.isContainerType()) {
        work.push(type.getContentType());
        continue;
      }
      Class<?> raw = type.getRawClass();
      if (!raw.getName().startsWith("io.fabric8.kubernetes.api.model") || !reachable.add(raw)) {
        continue;
      }
      BeanDescription description = JsonTrees.MAPPER.getDeserializationConfig().introspect(type);
      for (BeanPropertyDefinition property : description.findProperties()) {
        work.push(property.getPrimaryType());
      }
    }
    assertThat(reachable).containsAll(StrategicMergeStrategies.table().keySet());
  }

  @Test
  void lookupsFollowTheFabric8Model() {
    StrategicMergeSchema pod = StrategicMergeSchema.forResource(Pod.class);
    StrategicMergeSchema spec = pod.lookupForStruct("spec").schema();
    StrategicMergeSchema.Field containers = spec.lookupForSlice("containers");
    assertThat(containers.tags().patchStrategy()).isEqualTo("merge");
    assertThat(containers.tags().mergeKey()).isEqualTo("name");
    StrategicMergeSchema.Field env = containers.schema().lookupForSlice("env");
    assertThat(env.tags().mergeKey()).isEqualTo("name");
    assertThat(env.schema().lookupForStruct("valueFrom").schema().name()).isEqualTo("struct");
    StrategicMergeSchema.Field volumes = spec.lookupForSlice("volumes");
    assertThat(volumes.tags().strategies()).containsExactly("merge", "retainKeys");
    assertThat(volumes.tags().patchStrategy()).isEqualTo("merge");
    // Lists without a strategy, maps and their values.
    assertThat(spec.lookupForSlice("tolerations").tags().patchStrategy()).isEmpty();
    StrategicMergeSchema labels =
        pod.lookupForStruct("metadata").schema().lookupForStruct("labels").schema();
    assertThat(labels.name()).isEqualTo("map");
    assertThat(labels.lookupForStruct("anything").schema().name()).isEqualTo("string");
    // Go's encoding/json matches a field case-insensitively when no exact match exists.
    assertThat(spec.lookupForSlice("Containers").tags().mergeKey()).isEqualTo("name");
    // Quantities are structs on the Go side with no JSON fields of their own.
    StrategicMergeSchema limits =
        containers
            .schema()
            .lookupForStruct("resources")
            .schema()
            .lookupForStruct("limits")
            .schema();
    assertThatThrownBy(() -> limits.lookupForStruct("cpu").schema().lookupForStruct("x"))
        .isInstanceOf(ApiException.class)
        .hasMessage("unable to find api field in struct Quantity for the json field \"x\"");
  }

  @Test
  void deploymentStrategyRetainsKeys() {
    StrategicMergeSchema.Field strategy =
        StrategicMergeSchema.forResource(Deployment.class)
            .lookupForStruct("spec")
            .schema()
            .lookupForStruct("strategy");
    assertThat(strategy.tags().strategies()).containsExactly("retainKeys");
    assertThat(strategy.tags().patchStrategy()).isEmpty();
  }
}
