package io.kubeloop.apiserver.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kubeloop.apiserver.security.Clients;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A user's session with a real kubectl against the in-process server, one step per test, in order:
 * each step runs kubectl as a person would and asserts on what it printed. Subclasses name the
 * kubectl version; a version whose binary is missing is skipped (see {@link Clients#kubectl}).
 * kubectl behaviour the server does not match yet is a disabled step saying why.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class KubectlScenario {

  static final String NS = "kl-it";

  static final String DEPLOYMENT =
      """
      apiVersion: apps/v1
      kind: Deployment
      metadata:
        name: web
        labels: {app: web}
      spec:
        replicas: 1
        selector: {matchLabels: {app: web}}
        template:
          metadata: {labels: {app: web}}
          spec:
            containers:
            - name: web
              image: nginx:1.27
      """;

  static final String CRD =
      """
      apiVersion: apiextensions.k8s.io/v1
      kind: CustomResourceDefinition
      metadata:
        name: crontabs.stable.example.com
      spec:
        group: stable.example.com
        scope: Namespaced
        names: {plural: crontabs, singular: crontab, kind: CronTab, shortNames: [ct]}
        versions:
        - name: v1
          served: true
          storage: true
          schema:
            openAPIV3Schema:
              type: object
              properties:
                spec:
                  type: object
                  properties:
                    cronSpec: {type: string}
                    replicas: {type: integer}
          additionalPrinterColumns:
          - {name: Spec, type: string, jsonPath: .spec.cronSpec}
      """;

  static final String CRONTAB =
      """
      apiVersion: stable.example.com/v1
      kind: CronTab
      metadata:
        name: tick
      spec:
        cronSpec: "* * * * */5"
        replicas: 1
      """;

  private ServerFixture fixture;
  private KubectlRunner kubectl;
  private Path work;

  /** The kubectl minor version this scenario runs, e.g. {@code "1.35"}. */
  abstract String version();

  @BeforeAll
  void start() throws Exception {
    Optional<Path> binary = Clients.kubectl(version());
    assumeTrue(binary.isPresent(), Clients.kubectlMissing(version()));
    fixture = ServerFixture.start();
    work = Files.createTempDirectory("kubectl-" + version());
    kubectl = new KubectlRunner(binary.get(), fixture.server.kubeconfig(), work);
  }

  @AfterAll
  void stop() {
    if (fixture != null) {
      fixture.close();
    }
  }

  /** Runs kubectl in the scenario's namespace and expects it to succeed. */
  private KubectlRunner.Result ok(String... args) {
    return okWithInput(null, args);
  }

  private KubectlRunner.Result okWithInput(String stdin, String... args) {
    String[] namespaced = new String[args.length + 1];
    namespaced[0] = "--namespace=" + NS;
    System.arraycopy(args, 0, namespaced, 1, args.length);
    KubectlRunner.Result result = kubectl.runWithInput(stdin, namespaced);
    assertThat(result.exitCode()).as(result.describe()).isZero();
    return result;
  }

  private String jsonpath(String resource, String path) {
    return ok("get", resource, "-o", "jsonpath=" + path).out();
  }

  @Test
  @Order(1)
  void createNamespace() {
    assertThat(ok("create", "namespace", NS).out()).isEqualTo("namespace/" + NS + " created");
  }

  @Test
  @Order(2)
  void createConfigMapAndSecretImperatively() {
    assertThat(ok("create", "configmap", "c1", "--from-literal=a=b").out())
        .isEqualTo("configmap/c1 created");
    assertThat(ok("create", "secret", "generic", "s1", "--from-literal=key=value").out())
        .isEqualTo("secret/s1 created");

    assertThat(jsonpath("configmap/c1", "{.data.a}")).isEqualTo("b");
    assertThat(jsonpath("secret/s1", "{.data.key}")).isEqualTo("dmFsdWU=");
    assertThat(jsonpath("secret/s1", "{.type}")).isEqualTo("Opaque");
  }

  @Test
  @Order(3)
  void createDeploymentImperativelyKeepsZeroReplicas() {
    assertThat(ok("create", "deployment", "made", "--image=nginx", "--replicas=0").out())
        .isEqualTo("deployment.apps/made created");

    assertThat(jsonpath("deployment/made", "{.spec.replicas}")).isEqualTo("0");
    assertThat(jsonpath("deployment/made", "{.spec.template.spec.containers[0].image}"))
        .isEqualTo("nginx");
  }

  @Test
  @Order(4)
  void applyDeploymentCrdAndCustomResource() {
    assertThat(okWithInput(DEPLOYMENT, "apply", "-f", "-").out())
        .isEqualTo("deployment.apps/web created");
    assertThat(okWithInput(CRD, "apply", "-f", "-").out())
        .isEqualTo(
            "customresourcedefinition.apiextensions.k8s.io/crontabs.stable.example.com created");
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> kubectl.run("--namespace=" + NS, "get", "crontabs").exitCode() == 0);
    assertThat(okWithInput(CRONTAB, "apply", "-f", "-").out())
        .isEqualTo("crontab.stable.example.com/tick created");

    assertThat(okWithInput(DEPLOYMENT, "apply", "-f", "-").out())
        .isEqualTo("deployment.apps/web unchanged");
  }

  @Test
  @Order(5)
  void getPrintsTables() {
    String deployments = ok("get", "deployments").out();
    assertThat(deployments.lines().findFirst().orElseThrow())
        .matches("NAME +READY +UP-TO-DATE +AVAILABLE +AGE");
    assertThat(deployments).containsPattern("(?m)^web +0/1 +0 +0 +\\d+s$");

    String crontabs = ok("get", "ct").out();
    assertThat(crontabs.lines().toList()).hasSize(2).first().asString().matches("NAME +SPEC");
    assertThat(crontabs).containsPattern("(?m)^tick +\\* \\* \\* \\* \\*/5$");
  }

  @Test
  @Order(6)
  void getWide() {
    String wide = ok("get", "deployment", "web", "-o", "wide").out();
    assertThat(wide.lines().findFirst().orElseThrow())
        .matches("NAME +READY +UP-TO-DATE +AVAILABLE +AGE +CONTAINERS +IMAGES +SELECTOR");
    assertThat(wide).containsPattern("(?m)^web .* web +nginx:1\\.27 +app=web$");
  }

  @Test
  @Order(7)
  void getYaml() throws Exception {
    JsonNode yaml = new YAMLMapper().readTree(ok("get", "deployment", "web", "-o", "yaml").out());

    assertThat(yaml.path("kind").asText()).isEqualTo("Deployment");
    assertThat(yaml.path("apiVersion").asText()).isEqualTo("apps/v1");
    assertThat(yaml.at("/metadata/name").asText()).isEqualTo("web");
    assertThat(yaml.at("/metadata/namespace").asText()).isEqualTo(NS);
    assertThat(yaml.at("/metadata/uid").asText()).isNotEmpty();
    assertThat(yaml.at("/metadata/resourceVersion").asText()).matches("\\d+");
    assertThat(yaml.at("/spec/replicas").asInt()).isEqualTo(1);
    assertThat(yaml.at("/spec/template/spec/containers/0/image").asText()).isEqualTo("nginx:1.27");
  }

  @Test
  @Order(8)
  void getJsonpath() {
    assertThat(jsonpath("deployments", "{.items[*].metadata.name}")).isEqualTo("made web");
    assertThat(jsonpath("crontab/tick", "{.spec.cronSpec}")).isEqualTo("* * * * */5");
  }

  @Test
  @Order(9)
  void watchPrintsEvents() throws Exception {
    Path out = work.resolve("watch.txt");
    Process watch =
        kubectl.start(out, "--namespace=" + NS, "get", "configmaps", "-w", "--output-watch-events");
    try {
      // the initial list comes first: once c1 is printed the watch is running
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> Files.readString(out).contains("c1"));
      ok("create", "configmap", "w1", "--from-literal=x=1");
      ok("label", "configmap", "w1", "seen=yes");
      ok("delete", "configmap", "w1");
      Awaitility.await()
          .atMost(Duration.ofSeconds(20))
          .until(() -> Files.readString(out).contains("DELETED"));
    } finally {
      watch.destroy();
      watch.waitFor();
    }
    String printed = Files.readString(out);
    assertThat(printed.lines().findFirst().orElseThrow()).matches("EVENT +NAME +DATA +AGE");
    assertThat(printed).containsPattern("(?m)^ADDED +c1 +1 ");
    assertThat(printed).containsPattern("(?m)^ADDED +w1 +1 ");
    assertThat(printed).containsPattern("(?m)^MODIFIED +w1 +1 ");
    assertThat(printed).containsPattern("(?m)^DELETED +w1 +1 ");
  }

  @Test
  @Order(10)
  void labelAndAnnotate() {
    assertThat(ok("label", "configmap", "c1", "tier=backend").out())
        .isEqualTo("configmap/c1 labeled");
    assertThat(ok("annotate", "configmap", "c1", "note=hello").out())
        .isEqualTo("configmap/c1 annotated");

    assertThat(ok("get", "configmaps", "-l", "tier=backend", "-o", "name").out())
        .isEqualTo("configmap/c1");
    assertThat(jsonpath("configmap/c1", "{.metadata.annotations.note}")).isEqualTo("hello");
    // kubectl 1.20 says "labeled" for a removal too
    assertThat(ok("label", "configmap", "c1", "tier-").out()).matches("configmap/c1 (un)?labeled");
    assertThat(ok("get", "configmaps", "-l", "tier", "-o", "name").out()).isEmpty();
  }

  @Test
  @Order(11)
  void patchStrategicMergeAndJson() {
    assertThat(
            ok(
                    "patch",
                    "deployment",
                    "web",
                    "-p",
                    "{\"spec\":{\"template\":{\"spec\":{\"containers\":"
                        + "[{\"name\":\"web\",\"image\":\"nginx:1.28\"}]}}}}")
                .out())
        .isEqualTo("deployment.apps/web patched");
    assertThat(
            ok("patch", "configmap", "c1", "--type=merge", "-p", "{\"data\":{\"m\":\"1\"}}").out())
        .isEqualTo("configmap/c1 patched");
    assertThat(
            ok(
                    "patch",
                    "configmap",
                    "c1",
                    "--type=json",
                    "-p",
                    "[{\"op\":\"add\",\"path\":\"/data/j\",\"value\":\"2\"}]")
                .out())
        .isEqualTo("configmap/c1 patched");

    assertThat(jsonpath("deployment/web", "{.spec.template.spec.containers[*].image}"))
        .isEqualTo("nginx:1.28");
    assertThat(jsonpath("configmap/c1", "{.data}"))
        .isEqualTo("{\"a\":\"b\",\"j\":\"2\",\"m\":\"1\"}");
  }

  @Test
  @Order(12)
  void replaceAnEditedObject() {
    String edited =
        ok("get", "configmap", "c1", "-o", "yaml").out().replace("  a: b\n", "  a: edited\n");

    assertThat(okWithInput(edited, "replace", "-f", "-").out()).isEqualTo("configmap/c1 replaced");
    assertThat(jsonpath("configmap/c1", "{.data.a}")).isEqualTo("edited");
  }

  @Test
  @Order(13)
  void scale() {
    assertThat(ok("scale", "deployment", "web", "--replicas=3").out())
        .isEqualTo("deployment.apps/web scaled");

    assertThat(jsonpath("deployment/web", "{.spec.replicas}")).isEqualTo("3");
  }

  @Test
  @Order(14)
  void explain() {
    String explained = ok("explain", "deployment.spec.replicas").out();

    assertThat(explained).containsPattern("(?m)^KIND: +Deployment$");
    // 1.35 prints the group on a line of its own
    assertThat(explained).containsPattern("(?m)^(VERSION: +apps/v1|GROUP: +apps)$");
    assertThat(explained).containsPattern("(?m)^FIELD: +replicas <integer>$");
    assertThat(explained)
        .containsPattern(
            "Number of desired pods\\. This is a pointer to distinguish between explicit\\s+zero");
    String configMaps = ok("explain", "configmaps").out();
    assertThat(configMaps).contains("ConfigMap holds configuration data for pods to consume.");
    assertThat(configMaps).containsPattern("(?m)^ +data\t<map\\[string\\]string>$");
  }

  @Test
  @Order(15)
  void apiResourcesAndVersions() {
    String resources = ok("api-resources").out();
    assertThat(resources).containsPattern("(?m)^deployments +deploy +apps/v1 +true +Deployment$");
    assertThat(resources)
        .containsPattern("(?m)^crontabs +ct +stable\\.example\\.com/v1 +true +CronTab$");
    assertThat(resources)
        .containsPattern(
            "(?m)^selfsubjectaccessreviews +authorization\\.k8s\\.io/v1 +false"
                + " +SelfSubjectAccessReview$");

    assertThat(ok("api-versions").out().lines().toList())
        .contains("v1", "apps/v1", "authorization.k8s.io/v1", "stable.example.com/v1");
  }

  @Test
  @Order(16)
  void authCanI() {
    assertThat(ok("auth", "can-i", "create", "deployments").out()).isEqualTo("yes");
    assertThat(ok("auth", "can-i", "get", "/healthz").out()).isEqualTo("yes");
    String list = ok("auth", "can-i", "--list").out();
    assertThat(list.lines().findFirst().orElseThrow())
        .matches("Resources +Non-Resource URLs +Resource Names +Verbs");
    assertThat(list).containsPattern("(?m)^\\*\\.\\* +\\[\\] +\\[\\] +\\[\\*\\]$");
  }

  @Test
  @Order(17)
  void diffShowsWhatApplyWouldChange() {
    KubectlRunner.Result diff =
        kubectl.runWithInput(
            DEPLOYMENT.replace("nginx:1.27", "nginx:1.29"), "--namespace=" + NS, "diff", "-f", "-");

    assertThat(diff.exitCode()).as(diff.describe()).isEqualTo(1); // 1: differences found
    assertThat(diff.out()).containsPattern("(?m)^-  replicas: 3$");
    assertThat(diff.out()).containsPattern("(?m)^\\+  replicas: 1$");
    assertThat(diff.out()).containsPattern("(?m)^-      - image: nginx:1\\.28$");
    assertThat(diff.out()).containsPattern("(?m)^\\+      - image: nginx:1\\.29$");
  }

  @Test
  @Order(18)
  void deleteWaits() {
    assertThat(ok("delete", "crontab", "tick", "--wait=true").out())
        .startsWith("crontab.stable.example.com \"tick\" deleted");
    assertThat(ok("delete", "deployment", "web", "--wait=true").out())
        .startsWith("deployment.apps \"web\" deleted");

    KubectlRunner.Result gone = kubectl.run("--namespace=" + NS, "get", "deployment", "web");
    assertThat(gone.exitCode()).isEqualTo(1);
    assertThat(gone.err())
        .isEqualTo("Error from server (NotFound): deployments.apps \"web\" not found");
  }

  @Test
  @Order(19)
  @Disabled(
      "kubectl create token posts a TokenRequest to serviceaccounts/<name>/token, a subresource"
          + " the server does not serve yet (404)")
  void createToken() {
    ok("create", "serviceaccount", "robot");
    assertThat(ok("create", "token", "robot").out())
        .matches("[A-Za-z0-9_-]+\\.[A-Za-z0-9_-]+\\..+");
  }

  @Test
  @Order(20)
  @Disabled(
      "the server does not implement impersonation (Impersonate-User), so --as=... asks as the"
          + " caller and an unprivileged user is told yes")
  void authCanIAsAnotherUser() {
    KubectlRunner.Result denied =
        kubectl.run("--namespace=" + NS, "auth", "can-i", "delete", "pods", "--as=nobody");
    assertThat(denied.out()).isEqualTo("no");
    assertThat(denied.exitCode()).isEqualTo(1);
  }
}
