package io.kubeloop.apiserver.protobuf;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.ByteString;
import com.google.protobuf.MessageLite;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubernetes.client.proto.IntStr;
import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Resource;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authentication;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ProtobufBodiesTest {

  /** kube's wire form: magic, then runtime.Unknown around the object's message. */
  static byte[] envelope(String apiVersion, String kind, MessageLite object) {
    Runtime.Unknown unknown =
        Runtime.Unknown.newBuilder()
            .setTypeMeta(
                Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind).build())
            .setRaw(object.toByteString())
            .build();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(new byte[] {'k', '8', 's', 0});
    out.writeBytes(unknown.toByteArray());
    return out.toByteArray();
  }

  /** ObjectMeta as Go writes it: every non-pointer field, zero or not. */
  static Meta.ObjectMeta.Builder meta(String name) {
    return Meta.ObjectMeta.newBuilder()
        .setName(name)
        .setGenerateName("")
        .setNamespace("")
        .setUid("")
        .setResourceVersion("")
        .setGeneration(0)
        .setCreationTimestamp(Meta.Time.newBuilder().build());
  }

  @Test
  void configMapBecomesTheJsonAClientWouldSend() {
    V1.ConfigMap cm =
        V1.ConfigMap.newBuilder()
            .setMetadata(meta("c1").putLabels("app", "web"))
            .putData("a", "b")
            .putData("empty", "")
            .build();

    ObjectNode json = ProtobufBodies.decode(envelope("v1", "ConfigMap", cm));

    assertThat(json.toString())
        .isEqualTo(
            "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"c1\","
                + "\"creationTimestamp\":null,\"labels\":{\"app\":\"web\"}},"
                + "\"data\":{\"a\":\"b\",\"empty\":\"\"}}");
  }

  @Test
  void secretBytesAreBase64() {
    V1.Secret secret =
        V1.Secret.newBuilder()
            .setMetadata(meta("s1"))
            .putData("key", ByteString.copyFrom("value", StandardCharsets.UTF_8))
            .setType("Opaque")
            .build();

    ObjectNode json = ProtobufBodies.decode(envelope("v1", "Secret", secret));

    assertThat(json.path("data").path("key").asText()).isEqualTo("dmFsdWU=");
    assertThat(json.path("type").asText()).isEqualTo("Opaque");
  }

  @Test
  void deploymentKeepsPointerZerosInlinesEmbeddedStructsAndReadsKubeScalars() {
    V1.Container container =
        V1.Container.newBuilder()
            .setName("web")
            .setImage("nginx")
            .setWorkingDir("")
            .addPorts(V1.ContainerPort.newBuilder().setContainerPort(80).setProtocol("TCP"))
            .setResources(
                V1.ResourceRequirements.newBuilder()
                    .putLimits("cpu", Resource.Quantity.newBuilder().setString("500m").build()))
            .setReadinessProbe(
                V1.Probe.newBuilder()
                    .setHandler(
                        V1.ProbeHandler.newBuilder()
                            .setHttpGet(
                                V1.HTTPGetAction.newBuilder()
                                    .setPath("/")
                                    .setPort(
                                        IntStr.IntOrString.newBuilder()
                                            .setType(1)
                                            .setStrVal("http"))))
                    .setPeriodSeconds(5))
            .build();
    V1.Volume volume =
        V1.Volume.newBuilder()
            .setName("config")
            .setVolumeSource(
                V1.VolumeSource.newBuilder()
                    .setConfigMap(
                        V1.ConfigMapVolumeSource.newBuilder()
                            .setLocalObjectReference(
                                V1.LocalObjectReference.newBuilder().setName("c1"))))
            .build();
    V1Apps.Deployment deployment =
        V1Apps.Deployment.newBuilder()
            .setMetadata(meta("web"))
            .setSpec(
                V1Apps.DeploymentSpec.newBuilder()
                    .setReplicas(0)
                    .setSelector(Meta.LabelSelector.newBuilder().putMatchLabels("app", "web"))
                    .setTemplate(
                        V1.PodTemplateSpec.newBuilder()
                            .setMetadata(meta("").putLabels("app", "web"))
                            .setSpec(
                                V1.PodSpec.newBuilder()
                                    .addContainers(container)
                                    .addVolumes(volume))))
            .setStatus(V1Apps.DeploymentStatus.newBuilder())
            .build();

    JsonNode json = ProtobufBodies.decode(envelope("apps/v1", "Deployment", deployment));

    assertThat(json.at("/spec/replicas").isInt()).isTrue();
    assertThat(json.at("/spec/replicas").asInt()).isZero();
    assertThat(json.at("/status").toString()).isEqualTo("{}");
    JsonNode pod = json.at("/spec/template/spec");
    assertThat(pod.at("/volumes/0").toString())
        .isEqualTo("{\"name\":\"config\",\"configMap\":{\"name\":\"c1\"}}");
    JsonNode c = pod.at("/containers/0");
    assertThat(c.has("workingDir")).isFalse();
    assertThat(c.at("/resources/limits/cpu").asText()).isEqualTo("500m");
    assertThat(c.at("/readinessProbe").toString())
        .isEqualTo("{\"httpGet\":{\"path\":\"/\",\"port\":\"http\"},\"periodSeconds\":5}");
    assertThat(c.at("/ports/0/containerPort").asInt()).isEqualTo(80);
  }

  @Test
  void timesAreRfc3339AndGoFieldNamesBecomeJsonNames() {
    V1Authentication.TokenRequest request =
        V1Authentication.TokenRequest.newBuilder()
            .setMetadata(
                meta("robot")
                    .setCreationTimestamp(Meta.Time.newBuilder().setSeconds(1_700_000_000L)))
            .setSpec(
                V1Authentication.TokenRequestSpec.newBuilder()
                    .addAudiences("api")
                    .setExpirationSeconds(3600)
                    .setBoundObjectRef(
                        V1Authentication.BoundObjectReference.newBuilder()
                            .setKind("Pod")
                            .setName("p")
                            .setUID("1234")))
            .build();

    JsonNode json =
        ProtobufBodies.decode(envelope("authentication.k8s.io/v1", "TokenRequest", request));

    assertThat(json.at("/metadata/creationTimestamp").asText()).isEqualTo("2023-11-14T22:13:20Z");
    assertThat(json.at("/spec/boundObjectRef").toString())
        .isEqualTo("{\"kind\":\"Pod\",\"name\":\"p\",\"uid\":\"1234\"}");
    assertThat(json.at("/spec/expirationSeconds").asLong()).isEqualTo(3600);
  }

  @Test
  void goDurations() {
    assertThat(MessageToJson.goDuration(0)).isEqualTo("0s");
    assertThat(MessageToJson.goDuration(1_500_000)).isEqualTo("1.5ms");
    assertThat(MessageToJson.goDuration(3_600_000_000_000L)).isEqualTo("1h0m0s");
    assertThat(MessageToJson.goDuration(62_500_000_000L)).isEqualTo("1m2.5s");
    assertThat(MessageToJson.goDuration(-2_000_000_000L)).isEqualTo("-2s");
  }

  @Test
  void rejectsBodiesThatAreNotKubeProtobuf() {
    assertThatThrownBy(() -> ProtobufBodies.decode("{}".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.getMessage()).contains("expected prefix [107 56 115 0]");
            });
  }

  @Test
  void kindsWithoutASchemaAre415() {
    byte[] body = envelope("stable.example.com/v1", "CronTab", V1.ConfigMap.getDefaultInstance());

    assertThatThrownBy(() -> ProtobufBodies.decode(body))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(415));
    assertThat(ProtobufBodies.supports("apps/v1", "Deployment")).isTrue();
    assertThat(ProtobufBodies.supports("v1", "DeleteOptions")).isTrue();
    assertThat(ProtobufBodies.supports("stable.example.com/v1", "CronTab")).isFalse();
  }

  @Test
  void mediaType() {
    assertThat(ProtobufBodies.isProtobuf("application/vnd.kubernetes.protobuf")).isTrue();
    assertThat(ProtobufBodies.isProtobuf("application/vnd.kubernetes.protobuf; charset=x"))
        .isTrue();
    assertThat(ProtobufBodies.isProtobuf("application/json")).isFalse();
    assertThat(ProtobufBodies.isProtobuf(null)).isFalse();
  }
}
