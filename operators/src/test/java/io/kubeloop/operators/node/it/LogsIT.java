package io.kubeloop.operators.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import io.fabric8.kubernetes.client.http.HttpRequest;
import io.fabric8.kubernetes.client.http.HttpResponse;
import io.kubeloop.operators.node.NodeAgent;
import io.kubeloop.operators.node.ProcessRuntime;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** pods/log options and errors; environments and command resolution seen through logs. */
class LogsIT {

  static final String NODE = "logs-1";
  static final String NS = "logs";

  static Cluster cluster;
  static NodeAgent agent;

  @BeforeAll
  static void start() {
    cluster = Cluster.shared();
    cluster.namespace(NS);
    agent =
        NodeAgent.builder(cluster.client)
            .name(NODE)
            .address("127.0.0.1")
            .runtime(ProcessRuntime.create())
            .build()
            .start();
  }

  @AfterAll
  static void stop() {
    if (agent != null) {
      agent.close();
    }
  }

  private static PodBuilder pod(String name) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .endMetadata()
        .withNewSpec()
        .withNodeName(NODE)
        .withRestartPolicy("Never")
        .endSpec();
  }

  private static Pod run(Pod pod, String phase) {
    cluster.client.pods().inNamespace(NS).resource(pod).create();
    String name = pod.getMetadata().getName();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(() -> phase.equals(cluster.pod(NS, name).getStatus().getPhase()));
    return cluster.pod(NS, name);
  }

  private static String log(String name) {
    return cluster.client.pods().inNamespace(NS).withName(name).getLog();
  }

  /** A raw GET, for the errors Fabric8 would turn into exceptions. */
  private static HttpResponse<String> get(String pathAndQuery) throws Exception {
    String url = cluster.client.getMasterUrl().toString().replaceAll("/$", "") + pathAndQuery;
    HttpRequest request = cluster.client.getHttpClient().newHttpRequestBuilder().uri(url).build();
    return cluster
        .client
        .getHttpClient()
        .sendAsync(request, String.class)
        .get(30, TimeUnit.SECONDS);
  }

  @Test
  void optionsShapeTheOutput() throws Exception {
    run(
        pod("lines")
            .editSpec()
            .addNewContainer()
            .withName("main")
            .withImage("busybox")
            .withCommand("sh", "-c", "echo one; echo two; echo three")
            .endContainer()
            .endSpec()
            .build(),
        "Succeeded");
    var logs = cluster.client.pods().inNamespace(NS).withName("lines");
    assertThat(logs.tailingLines(2).getLog()).isEqualTo("two\nthree\n");
    assertThat(logs.tailingLines(0).getLog()).isEmpty();
    assertThat(logs.limitBytes(6).getLog()).isEqualTo("one\ntw");
    assertThat(logs.sinceSeconds(3600).getLog()).isEqualTo("one\ntwo\nthree\n");
    assertThat(get("/api/v1/namespaces/logs/pods/lines/log?tailLines=1&timestamps=true").body())
        .matches("\\S+Z three\\n");
    HttpResponse<String> invalid = get("/api/v1/namespaces/logs/pods/lines/log?tailLines=-1");
    assertThat(invalid.code()).isEqualTo(422);
    assertThat(invalid.body())
        .contains(
            "PodLogOptions \\\"lines\\\" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0");
    HttpResponse<String> previous = get("/api/v1/namespaces/logs/pods/lines/log?previous=true");
    assertThat(previous.code()).isEqualTo(400);
    assertThat(previous.body())
        .contains("previous terminated container \\\"main\\\" in pod \\\"lines\\\" not found");
  }

  @Test
  void containerNamesAreCheckedAsKubeChecksThem() throws Exception {
    run(
        pod("two")
            .editSpec()
            .addNewContainer()
            .withName("a")
            .withImage("busybox")
            .withCommand("sh", "-c", "echo from a")
            .endContainer()
            .addNewContainer()
            .withName("b")
            .withImage("busybox")
            .withCommand("sh", "-c", "echo from b")
            .endContainer()
            .endSpec()
            .build(),
        "Succeeded");
    HttpResponse<String> none = get("/api/v1/namespaces/logs/pods/two/log");
    assertThat(none.code()).isEqualTo(400);
    assertThat(none.body())
        .contains("a container name must be specified for pod two, choose one of: [a b]");
    HttpResponse<String> wrong = get("/api/v1/namespaces/logs/pods/two/log?container=c");
    assertThat(wrong.code()).isEqualTo(400);
    assertThat(wrong.body()).contains("container c is not valid for pod two");
    assertThat(get("/api/v1/namespaces/logs/pods/missing/log").code()).isEqualTo(404);
    assertThat(cluster.client.pods().inNamespace(NS).withName("two").inContainer("b").getLog())
        .isEqualTo("from b\n");
    if (Cluster.hasKubectl()) {
      Cluster.KubectlResult result = cluster.kubectl("logs", "-n", NS, "two", "-c", "a");
      assertThat(result.out()).isEqualTo("from a\n");
    }
  }

  @Test
  void aWaitingContainerHasNoLogYet() throws Exception {
    Pod pod =
        pod("cfg")
            .editSpec()
            .addNewContainer()
            .withName("main")
            .withImage("busybox")
            .withCommand("sh", "-c", "echo $X")
            .addNewEnv()
            .withName("X")
            .withNewValueFrom()
            .withNewConfigMapKeyRef("x", "nope", false)
            .endValueFrom()
            .endEnv()
            .endContainer()
            .endSpec()
            .build();
    cluster.client.pods().inNamespace(NS).resource(pod).create();
    await()
        .atMost(Duration.ofSeconds(20))
        .until(
            () -> {
              var statuses = cluster.pod(NS, "cfg").getStatus().getContainerStatuses();
              return !statuses.isEmpty()
                  && statuses.get(0).getState().getWaiting() != null
                  && "CreateContainerConfigError"
                      .equals(statuses.get(0).getState().getWaiting().getReason());
            });
    assertThat(
            cluster
                .pod(NS, "cfg")
                .getStatus()
                .getContainerStatuses()
                .get(0)
                .getState()
                .getWaiting()
                .getMessage())
        .isEqualTo("configmap \"nope\" not found");
    HttpResponse<String> waiting = get("/api/v1/namespaces/logs/pods/cfg/log");
    assertThat(waiting.code()).isEqualTo(400);
    assertThat(waiting.body())
        .contains(
            "container \\\"main\\\" in pod \\\"cfg\\\" is waiting to start: CreateContainerConfigError");
  }

  @Test
  void environmentsComeFromValuesTheDownwardApiConfigMapsAndSecrets() {
    cluster
        .client
        .configMaps()
        .inNamespace(NS)
        .resource(
            new ConfigMapBuilder()
                .withNewMetadata()
                .withName("settings")
                .endMetadata()
                .withData(Map.of("color", "blue"))
                .build())
        .create();
    cluster
        .client
        .secrets()
        .inNamespace(NS)
        .resource(
            new SecretBuilder()
                .withNewMetadata()
                .withName("creds")
                .endMetadata()
                .withData(
                    Map.of(
                        "token",
                        Base64.getEncoder()
                            .encodeToString("s3cr3t".getBytes(StandardCharsets.UTF_8))))
                .build())
        .create();
    Pod pod =
        pod("env")
            .editSpec()
            .addNewContainer()
            .withName("main")
            .withImage("busybox")
            .withCommand("sh", "-c", "echo $GREETING $POD $NS $NODE $COLOR $TOKEN $(GREETING)")
            .addNewEnv()
            .withName("GREETING")
            .withValue("hi")
            .endEnv()
            .addNewEnv()
            .withName("POD")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.name")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("NS")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("metadata.namespace")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("NODE")
            .withNewValueFrom()
            .withNewFieldRef()
            .withFieldPath("spec.nodeName")
            .endFieldRef()
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("COLOR")
            .withNewValueFrom()
            .withNewConfigMapKeyRef("color", "settings", false)
            .endValueFrom()
            .endEnv()
            .addNewEnv()
            .withName("TOKEN")
            .withNewValueFrom()
            .withNewSecretKeyRef("token", "creds", false)
            .endValueFrom()
            .endEnv()
            .endContainer()
            .endSpec()
            .build();
    run(pod, "Succeeded");
    assertThat(log("env")).isEqualTo("hi env logs logs-1 blue s3cr3t hi\n");
  }

  @Test
  void commandsResolveAsInAContainer() {
    run(
        pod("relative")
            .editSpec()
            .addNewContainer()
            .withName("main")
            .withImage("busybox")
            .withWorkingDir("/usr")
            .withCommand("bin/sh", "-c", "pwd")
            .endContainer()
            .endSpec()
            .build(),
        "Succeeded");
    assertThat(log("relative")).isEqualTo("/usr\n");
    run(
        pod("argsonly")
            .editSpec()
            .addNewContainer()
            .withName("main")
            .withImage("busybox")
            .withArgs("sh", "-c", "echo from args")
            .endContainer()
            .endSpec()
            .build(),
        "Succeeded");
    assertThat(log("argsonly")).isEqualTo("from args\n");
    Pod none =
        run(
            pod("nothing")
                .editSpec()
                .addNewContainer()
                .withName("main")
                .withImage("busybox")
                .endContainer()
                .endSpec()
                .build(),
            "Failed");
    var terminated = none.getStatus().getContainerStatuses().get(0).getState().getTerminated();
    assertThat(terminated.getReason()).isEqualTo("StartError");
    assertThat(terminated.getMessage()).startsWith("no command specified");
  }
}
