package io.kubeloop.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.BeanDescription;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class ModelSchemasTest {

  /**
   * The annotation shortcut finds the same fields, with the same types, as the Jackson
   * introspection the server's decoder (and its field validation) relies on.
   */
  @Test
  void fieldsAreWhatJacksonFinds() {
    Map<String, ObjectNode> definitions = new TreeMap<>();
    ModelSchemas.addDefinitions(io.fabric8.kubernetes.api.model.apps.Deployment.class, definitions);
    int checked = 0;
    for (Class<?> type :
        new Class<?>[] {
          io.fabric8.kubernetes.api.model.Pod.class,
          io.fabric8.kubernetes.api.model.PodSpec.class,
          io.fabric8.kubernetes.api.model.Container.class,
          io.fabric8.kubernetes.api.model.ObjectMeta.class,
          io.fabric8.kubernetes.api.model.Volume.class,
          io.fabric8.kubernetes.api.model.apps.DeploymentSpec.class,
          io.fabric8.kubernetes.api.model.apiextensions.v1.JSONSchemaProps.class,
          io.fabric8.kubernetes.api.model.events.v1.Event.class,
          io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec.class
        }) {
      JavaType javaType = Json.MAPPER.constructType(type);
      BeanDescription description = Json.MAPPER.getDeserializationConfig().introspect(javaType);
      Map<String, JavaType> jackson = new TreeMap<>();
      for (BeanPropertyDefinition property : description.findProperties()) {
        if (property.isExplicitlyIncluded() || property.hasSetter() || property.hasField()) {
          jackson.put(property.getName(), property.getPrimaryType());
        }
      }
      jackson.remove("additionalProperties");
      assertThat(ModelSchemas.fields(type)).as(type.getName()).isEqualTo(jackson);
      checked++;
    }
    assertThat(checked).isEqualTo(9);
  }

  @Test
  void kubeNamesFollowGoPackages() {
    assertThat(KubeNames.definition(io.fabric8.kubernetes.api.model.Pod.class))
        .isEqualTo("io.k8s.api.core.v1.Pod");
    assertThat(KubeNames.definition(io.fabric8.kubernetes.api.model.ObjectMeta.class))
        .isEqualTo("io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta");
    assertThat(KubeNames.definition(io.fabric8.kubernetes.api.model.Quantity.class))
        .isEqualTo("io.k8s.apimachinery.pkg.api.resource.Quantity");
    assertThat(KubeNames.definition(io.fabric8.kubernetes.api.model.IntOrString.class))
        .isEqualTo("io.k8s.apimachinery.pkg.util.intstr.IntOrString");
    assertThat(KubeNames.definition(io.fabric8.kubernetes.api.model.apps.Deployment.class))
        .isEqualTo("io.k8s.api.apps.v1.Deployment");
    assertThat(KubeNames.definition(io.fabric8.kubernetes.api.model.coordination.v1.Lease.class))
        .isEqualTo("io.k8s.api.coordination.v1.Lease");
    assertThat(KubeNames.definition(io.fabric8.kubernetes.api.model.events.v1.Event.class))
        .isEqualTo("io.k8s.api.events.v1.Event");
    assertThat(
            KubeNames.definition(
                io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition.class))
        .isEqualTo(
            "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition");
    assertThat(KubeNames.customResource("stable.example.com", "v1", "CronTab"))
        .isEqualTo("com.example.stable.v1.CronTab");
    assertThat(KubeNames.operationGroupVersion("", "v1")).isEqualTo("CoreV1");
    assertThat(KubeNames.operationGroupVersion("coordination.k8s.io", "v1"))
        .isEqualTo("CoordinationV1");
    assertThat(KubeNames.operationGroupVersion("stable.example.com", "v1beta1"))
        .isEqualTo("StableExampleComV1beta1");
    assertThat(Operations.tag("apps", "v1")).isEqualTo("apps_v1");
    assertThat(Operations.tag("", "v1")).isEqualTo("core_v1");
  }

  @Test
  void acceptHeadersAreReadAsGoautonegReadsThem() {
    var offered = java.util.List.of("application/json", "application/x-protobuf");
    assertThat(MediaRanges.negotiate(null, offered)).isEqualTo("application/json");
    assertThat(MediaRanges.negotiate("*/*", offered)).isEqualTo("application/json");
    assertThat(MediaRanges.negotiate("application/x-protobuf, */*;q=0.1", offered))
        .isEqualTo("application/x-protobuf");
    assertThat(MediaRanges.negotiate("application/*;q=0.5, application/x-protobuf", offered))
        .isEqualTo("application/x-protobuf");
    assertThat(MediaRanges.negotiate("text/html", offered)).isNull();
    assertThat(MediaRanges.negotiate("application/json;q=0", offered)).isNull();
  }
}
