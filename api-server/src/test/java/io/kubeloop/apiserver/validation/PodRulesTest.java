package io.kubeloop.apiserver.validation;

import static io.kubeloop.apiserver.validation.Fixtures.create;
import static io.kubeloop.apiserver.validation.Fixtures.pod;
import static io.kubeloop.apiserver.validation.Fixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.ContainerPortBuilder;
import io.fabric8.kubernetes.api.model.EnvVarBuilder;
import io.fabric8.kubernetes.api.model.EphemeralContainerBuilder;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.ProbeBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.ResourceRequirementsBuilder;
import io.fabric8.kubernetes.api.model.Toleration;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeBuilder;
import io.fabric8.kubernetes.api.model.VolumeMountBuilder;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class PodRulesTest {

  @Test
  void defaults() {
    Pod pod = pod();
    pod.getSpec()
        .getContainers()
        .get(0)
        .setPorts(List.of(new ContainerPortBuilder().withContainerPort(80).build()));
    pod.getSpec()
        .getContainers()
        .get(0)
        .setResources(
            new ResourceRequirementsBuilder().addToLimits("cpu", new Quantity("2000m")).build());
    pod.getSpec()
        .getContainers()
        .get(0)
        .setReadinessProbe(
            new ProbeBuilder().withNewHttpGet().withPort(new IntOrString(80)).endHttpGet().build());
    pod.getSpec().setVolumes(List.of(new VolumeBuilder().withName("scratch").build()));
    Fixtures.rules(Pod.class).applyDefaults(pod);

    var spec = pod.getSpec();
    assertThat(spec.getRestartPolicy()).isEqualTo("Always");
    assertThat(spec.getDnsPolicy()).isEqualTo("ClusterFirst");
    assertThat(spec.getSchedulerName()).isEqualTo("default-scheduler");
    assertThat(spec.getTerminationGracePeriodSeconds()).isEqualTo(30L);
    assertThat(spec.getSecurityContext()).isNotNull();
    assertThat(spec.getEnableServiceLinks()).isTrue();
    assertThat(spec.getVolumes().get(0).getEmptyDir()).isNotNull();
    Container c = spec.getContainers().get(0);
    assertThat(c.getImagePullPolicy()).isEqualTo("IfNotPresent");
    assertThat(c.getTerminationMessagePath()).isEqualTo("/dev/termination-log");
    assertThat(c.getTerminationMessagePolicy()).isEqualTo("File");
    assertThat(c.getPorts().get(0).getProtocol()).isEqualTo("TCP");
    // limits are printed as kube prints them, and requests default to limits
    assertThat(c.getResources().getLimits()).containsEntry("cpu", new Quantity("2"));
    assertThat(c.getResources().getRequests()).containsEntry("cpu", new Quantity("2"));
    Probe probe = c.getReadinessProbe();
    assertThat(probe.getTimeoutSeconds()).isEqualTo(1);
    assertThat(probe.getPeriodSeconds()).isEqualTo(10);
    assertThat(probe.getSuccessThreshold()).isEqualTo(1);
    assertThat(probe.getFailureThreshold()).isEqualTo(3);
    assertThat(probe.getHttpGet().getPath()).isEqualTo("/");
    assertThat(probe.getHttpGet().getScheme()).isEqualTo("HTTP");
    assertThat(Fixtures.rules(Pod.class).validate(pod)).isEmpty();
  }

  @ParameterizedTest
  @CsvSource({
    "nginx, Always",
    "nginx:latest, Always",
    "nginx:1.27, IfNotPresent",
    "registry:5000/app, Always",
    "registry:5000/app:v2, IfNotPresent",
    "nginx@sha256:abcd, IfNotPresent",
  })
  void imagePullPolicyDefault(String image, String policy) {
    assertThat(PodDefaults.defaultPullPolicy(image)).isEqualTo(policy);
  }

  static Stream<Arguments> invalid() {
    return Stream.<Arguments>of(
        Arguments.of(
            "bad name",
            (Consumer<Pod>) p -> p.getMetadata().setName("Foo"),
            List.of("metadata.name: Invalid value: \"Foo\": " + NamesTest.SUBDOMAIN_MSG)),
        Arguments.of(
            "containers required",
            (Consumer<Pod>) p -> p.getSpec().setContainers(List.of()),
            List.of("spec.containers: Required value")),
        Arguments.of(
            "duplicate container names",
            (Consumer<Pod>) p -> p.getSpec().setContainers(List.of(container("a"), container("a"))),
            List.of("spec.containers[1].name: Duplicate value: \"a\"")),
        Arguments.of(
            "container name is a DNS label",
            (Consumer<Pod>) p -> p.getSpec().setContainers(List.of(container("App"))),
            List.of("spec.containers[0].name: Invalid value: \"App\": " + NamesTest.LABEL_MSG)),
        Arguments.of(
            "image required",
            (Consumer<Pod>) p -> p.getSpec().getContainers().get(0).setImage(null),
            List.of("spec.containers[0].image: Required value")),
        Arguments.of(
            "image without surrounding spaces",
            (Consumer<Pod>) p -> p.getSpec().getContainers().get(0).setImage(" nginx"),
            List.of(
                "spec.containers[0].image: Invalid value: \" nginx\": must not have leading or trailing"
                    + " whitespace")),
        Arguments.of(
            "restartPolicy values",
            (Consumer<Pod>) p -> p.getSpec().setRestartPolicy("Sometimes"),
            List.of(
                "spec.restartPolicy: Unsupported value: \"Sometimes\": supported values: \"Always\","
                    + " \"OnFailure\", \"Never\"")),
        Arguments.of(
            "dnsPolicy values",
            (Consumer<Pod>) p -> p.getSpec().setDnsPolicy("Google"),
            List.of(
                "spec.dnsPolicy: Unsupported value: \"Google\": supported values:"
                    + " \"ClusterFirstWithHostNet\", \"ClusterFirst\", \"Default\", \"None\"")),
        Arguments.of(
            "container port number",
            (Consumer<Pod>)
                p ->
                    p.getSpec()
                        .getContainers()
                        .get(0)
                        .setPorts(
                            List.of(new ContainerPortBuilder().withContainerPort(70000).build())),
            List.of(
                "spec.containers[0].ports[0].containerPort: Invalid value: 70000: must be between 1"
                    + " and 65535, inclusive")),
        Arguments.of(
            "duplicate port names",
            (Consumer<Pod>)
                p ->
                    p.getSpec()
                        .getContainers()
                        .get(0)
                        .setPorts(
                            List.of(
                                new ContainerPortBuilder()
                                    .withName("http")
                                    .withContainerPort(80)
                                    .build(),
                                new ContainerPortBuilder()
                                    .withName("http")
                                    .withContainerPort(81)
                                    .build())),
            List.of("spec.containers[0].ports[1].name: Duplicate value: \"http\"")),
        Arguments.of(
            "env var names are relaxed but not '='",
            (Consumer<Pod>)
                p ->
                    p.getSpec()
                        .getContainers()
                        .get(0)
                        .setEnv(
                            List.of(
                                new EnvVarBuilder().withName("my.var-1").withValue("x").build(),
                                new EnvVarBuilder().withName("A=B").withValue("x").build())),
            List.of(
                "spec.containers[0].env[1].name: Invalid value: \"A=B\": a valid environment"
                    + " variable name must consist only of printable ASCII characters other than '='")),
        Arguments.of(
            "requests within limits",
            (Consumer<Pod>)
                p ->
                    p.getSpec()
                        .getContainers()
                        .get(0)
                        .setResources(
                            new ResourceRequirementsBuilder()
                                .addToLimits("cpu", new Quantity("1"))
                                .addToRequests("cpu", new Quantity("2000m"))
                                .build()),
            List.of(
                "spec.containers[0].resources.requests: Invalid value: \"2\": must be less than or"
                    + " equal to cpu limit of 1")),
        Arguments.of(
            "quantities must parse",
            (Consumer<Pod>)
                p ->
                    p.getSpec()
                        .getContainers()
                        .get(0)
                        .setResources(
                            new ResourceRequirementsBuilder()
                                .addToLimits("memory", new Quantity("lots"))
                                .build()),
            List.of(
                "spec.containers[0].resources.limits[memory]: Invalid value: \"lots\": quantities"
                    + " must match the regular expression"
                    + " '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'",
                "spec.containers[0].resources.requests[memory]: Invalid value: \"lots\": quantities"
                    + " must match the regular expression"
                    + " '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'")),
        Arguments.of(
            "resource names",
            (Consumer<Pod>)
                p ->
                    p.getSpec()
                        .getContainers()
                        .get(0)
                        .setResources(
                            new ResourceRequirementsBuilder()
                                .addToLimits("gpu", new Quantity("1"))
                                .build()),
            List.of(
                "spec.containers[0].resources.limits[gpu]: Invalid value: \"gpu\": must be a standard"
                    + " resource type or fully qualified",
                "spec.containers[0].resources.requests[gpu]: Invalid value: \"gpu\": must be a"
                    + " standard resource type or fully qualified")),
        Arguments.of(
            "mounts need a volume",
            (Consumer<Pod>)
                p ->
                    p.getSpec()
                        .getContainers()
                        .get(0)
                        .setVolumeMounts(
                            List.of(
                                new VolumeMountBuilder()
                                    .withName("data")
                                    .withMountPath("/data")
                                    .build())),
            List.of("spec.containers[0].volumeMounts[0].name: Not found: \"data\"")),
        Arguments.of(
            "one source per volume",
            (Consumer<Pod>)
                p ->
                    p.getSpec()
                        .setVolumes(
                            List.of(
                                new VolumeBuilder()
                                    .withName("v")
                                    .withNewEmptyDir()
                                    .endEmptyDir()
                                    .withNewConfigMap()
                                    .withName("c")
                                    .endConfigMap()
                                    .build())),
            List.of(
                "spec.volumes[0].configMap: Forbidden: may not specify more than 1 volume type")),
        Arguments.of(
            "duplicate volumes",
            (Consumer<Pod>) p -> p.getSpec().setVolumes(List.of(emptyDir("v"), emptyDir("v"))),
            List.of("spec.volumes[1].name: Duplicate value: \"v\"")),
        Arguments.of(
            "liveness probes succeed once",
            (Consumer<Pod>)
                p ->
                    p.getSpec()
                        .getContainers()
                        .get(0)
                        .setLivenessProbe(
                            new ProbeBuilder()
                                .withNewExec()
                                .withCommand("true")
                                .endExec()
                                .withSuccessThreshold(2)
                                .build()),
            List.of(
                "spec.containers[0].livenessProbe.successThreshold: Invalid value: 2: must be 1")),
        Arguments.of(
            "probes need a handler",
            (Consumer<Pod>) p -> p.getSpec().getContainers().get(0).setReadinessProbe(new Probe()),
            List.of(
                "spec.containers[0].readinessProbe: Required value: must specify a handler type")),
        Arguments.of(
            "init containers share the name space of containers",
            (Consumer<Pod>) p -> p.getSpec().setInitContainers(List.of(container("app"))),
            List.of("spec.initContainers[0].name: Duplicate value: \"app\"")),
        Arguments.of(
            "tolerations",
            (Consumer<Pod>)
                p ->
                    p.getSpec()
                        .setTolerations(
                            List.of(new TolerationBuilder().withOperator("Equal").build())),
            List.of(
                "spec.tolerations[0].operator: Invalid value: \"Equal\": operator must be Exists when"
                    + " `key` is empty, which means \"match all values and all keys\"")),
        Arguments.of(
            "ephemeral containers only through their subresource",
            (Consumer<Pod>)
                p ->
                    p.getSpec()
                        .setEphemeralContainers(
                            List.of(
                                new EphemeralContainerBuilder()
                                    .withName("debug")
                                    .withImage("busybox")
                                    .build())),
            List.of("spec.ephemeralContainers: Forbidden: cannot be set on create")),
        Arguments.of(
            "mirror pods name their node",
            (Consumer<Pod>)
                p -> p.getMetadata().setAnnotations(Map.of("kubernetes.io/config.mirror", "x")),
            List.of(
                "metadata.annotations[kubernetes.io/config.mirror]: Invalid value: \"x\": must set"
                    + " spec.nodeName if mirror pod annotation is set")),
        Arguments.of(
            "namespace required",
            (Consumer<Pod>) p -> p.getMetadata().setNamespace(null),
            List.of("metadata.namespace: Required value")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void validation(String name, Consumer<Pod> mutate, List<String> expected) {
    Pod pod = pod();
    mutate.accept(pod);
    assertThat(create(Pod.class, pod)).containsExactlyElementsOf(expected);
  }

  static Stream<Arguments> updates() {
    return Stream.<Arguments>of(
        Arguments.of(
            "image may change",
            (Consumer<Pod>) p -> p.getSpec().getContainers().get(0).setImage("nginx:1.28"),
            List.of()),
        Arguments.of(
            "deadline may be set",
            (Consumer<Pod>) p -> p.getSpec().setActiveDeadlineSeconds(60L),
            List.of()),
        Arguments.of(
            "tolerations may be added",
            (Consumer<Pod>)
                p -> p.getSpec().setTolerations(List.of(toleration("a"), toleration("b"))),
            List.of()),
        Arguments.of(
            "tolerations may not be removed",
            (Consumer<Pod>) p -> p.getSpec().setTolerations(List.of()),
            List.of(
                "spec.tolerations: Forbidden: existing toleration can not be modified except its"
                    + " tolerationSeconds")),
        Arguments.of(
            "labels may change",
            (Consumer<Pod>) p -> p.getMetadata().setLabels(Map.of("a", "b")),
            List.of()),
        Arguments.of(
            "container count is fixed",
            (Consumer<Pod>)
                p -> p.getSpec().setContainers(List.of(container("app"), container("b"))),
            List.of("spec.containers: Forbidden: pod updates may not add or remove containers")),
        Arguments.of(
            "name is immutable",
            (Consumer<Pod>) p -> p.getMetadata().setName("other"),
            List.of("metadata.name: Invalid value: \"other\": field is immutable")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("updates")
  void updateRules(String name, Consumer<Pod> mutate, List<String> expected) {
    Pod old = Fixtures.defaultedPod();
    old.getSpec().setTolerations(List.of(toleration("a")));
    old.getMetadata().setResourceVersion("5");
    Pod pod = new PodBuilder(old).build();
    mutate.accept(pod);
    assertThat(update(Pod.class, pod, old)).containsExactlyElementsOf(expected);
  }

  @Test
  void deadlineMayOnlyShrink() {
    Pod old = Fixtures.defaultedPod();
    old.getSpec().setActiveDeadlineSeconds(30L);
    old.getMetadata().setResourceVersion("5");
    Pod pod = new PodBuilder(old).build();
    pod.getSpec().setActiveDeadlineSeconds(60L);
    assertThat(update(Pod.class, pod, old))
        .containsExactly(
            "spec.activeDeadlineSeconds: Invalid value: 60: must be less than or equal to previous value");
  }

  @Test
  void nodeNameChangesOnlyThroughBinding() {
    Pod old = Fixtures.defaultedPod();
    old.getMetadata().setResourceVersion("5");
    Pod pod = new PodBuilder(old).build();
    pod.getSpec().setNodeName("node-1");
    List<String> errs = update(Pod.class, pod, old);
    assertThat(errs).hasSize(1);
    assertThat(errs.get(0))
        .startsWith(
            "spec: Forbidden: pod updates may not change fields other than `spec.containers[*].image`")
        .endsWith("+ spec.nodeName: \"node-1\"");
    assertThat(Fixtures.render(Fixtures.rules(Pod.class).validateStatusUpdate(pod, old)))
        .containsExactly("status.nodeName: Forbidden: may not be changed directly");
  }

  private static Container container(String name) {
    return new ContainerBuilder().withName(name).withImage("nginx").build();
  }

  private static Volume emptyDir(String name) {
    return new VolumeBuilder().withName(name).withNewEmptyDir().endEmptyDir().build();
  }

  private static Toleration toleration(String key) {
    return new TolerationBuilder()
        .withKey(key)
        .withOperator("Exists")
        .withEffect("NoSchedule")
        .build();
  }
}
