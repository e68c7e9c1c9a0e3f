package io.kubeloop.apiserver.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DescriptionsTest {

  @Test
  void typeAndFieldDescriptionsOfABuiltInType() {
    Descriptions.Doc doc = Descriptions.of("io.k8s.api.apps.v1.DeploymentSpec");

    assertThat(doc.type())
        .isEqualTo(
            "DeploymentSpec is the specification of the desired behavior of the Deployment.");
    assertThat(doc.fields().get("replicas")).startsWith("Number of desired pods.");
  }

  @Test
  void kindsSharedByTwoGroupsAndJavaKeywords() {
    assertThat(Descriptions.of("io.k8s.api.core.v1.Event").type())
        .startsWith("Event is a report of an event somewhere in the cluster.");
    assertThat(Descriptions.of("io.k8s.api.events.v1.Event").type())
        .startsWith("Event is a report of an event somewhere in the cluster. It generally denotes");
    assertThat(Descriptions.of("io.k8s.apimachinery.pkg.apis.meta.v1.ListMeta").fields())
        .containsKey("continue");
    assertThat(
            Descriptions.of(
                    "io.k8s.apiextensions-apiserver.pkg.apis.apiextensions.v1.CustomResourceDefinition")
                .type())
        .startsWith("CustomResourceDefinition represents a resource");
  }

  @Test
  void unknownDefinitionsHaveNoText() {
    assertThat(Descriptions.of("com.example.stable.v1.CronTab")).isEqualTo(Descriptions.Doc.NONE);
  }

  @Test
  void servedDefinitionsCarryTheirDescriptions() {
    java.util.Map<String, com.fasterxml.jackson.databind.node.ObjectNode> definitions =
        new java.util.TreeMap<>();
    ModelSchemas.addDefinitions(io.fabric8.kubernetes.api.model.ConfigMap.class, definitions);

    var configMap = definitions.get("io.k8s.api.core.v1.ConfigMap");
    assertThat(configMap.path("description").asText())
        .isEqualTo("ConfigMap holds configuration data for pods to consume.");
    assertThat(configMap.at("/properties/data/description").asText())
        .startsWith("Data contains the configuration data.");
    // the Java client documents no property that refers to another definition
    assertThat(configMap.at("/properties/metadata").toString())
        .isEqualTo("{\"$ref\":\"#/definitions/io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta\"}");
  }
}
