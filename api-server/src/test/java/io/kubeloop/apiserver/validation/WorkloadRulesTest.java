package io.kubeloop.apiserver.validation;

import static io.kubeloop.apiserver.validation.Fixtures.create;
import static io.kubeloop.apiserver.validation.Fixtures.deployment;
import static io.kubeloop.apiserver.validation.Fixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.apps.RollingUpdateDeployment;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkloadRulesTest {

  @Test
  void deploymentDefaults() {
    Deployment d = deployment();
    Fixtures.rules(Deployment.class).applyDefaults(d);
    var spec = d.getSpec();
    assertThat(spec.getReplicas()).isEqualTo(1);
    assertThat(spec.getStrategy().getType()).isEqualTo("RollingUpdate");
    assertThat(spec.getStrategy().getRollingUpdate().getMaxSurge().getStrVal()).isEqualTo("25%");
    assertThat(spec.getStrategy().getRollingUpdate().getMaxUnavailable().getStrVal())
        .isEqualTo("25%");
    assertThat(spec.getRevisionHistoryLimit()).isEqualTo(10);
    assertThat(spec.getProgressDeadlineSeconds()).isEqualTo(600);
    var podSpec = spec.getTemplate().getSpec();
    assertThat(podSpec.getRestartPolicy()).isEqualTo("Always");
    assertThat(podSpec.getTerminationGracePeriodSeconds()).isEqualTo(30L);
    assertThat(podSpec.getContainers().get(0).getImagePullPolicy()).isEqualTo("Always");
    // pod-only defaults stay off templates, as in kube
    assertThat(podSpec.getEnableServiceLinks()).isNull();
    assertThat(Fixtures.rules(Deployment.class).validate(d)).isEmpty();
  }

  @Test
  void recreateGetsNoRollingUpdateDefaults() {
    Deployment d = deployment();
    d.getSpec()
        .setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategy(null, "Recreate"));
    assertThat(create(Deployment.class, d)).isEmpty();
    assertThat(d.getSpec().getStrategy().getRollingUpdate()).isNull();
  }

  static Stream<Arguments> invalidDeployments() {
    return Stream.<Arguments>of(
        Arguments.of(
            "selector required",
            (Consumer<Deployment>) d -> d.getSpec().setSelector(null),
            List.of(
                "spec.selector: Required value",
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}:"
                    + " `selector` does not match template `labels`")),
        Arguments.of(
            "selector must match the template",
            (Consumer<Deployment>)
                d -> d.getSpec().getTemplate().getMetadata().getLabels().put("app", "other"),
            List.of(
                "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"other\"}:"
                    + " `selector` does not match template `labels`")),
        Arguments.of(
            "empty selector",
            (Consumer<Deployment>) d -> d.getSpec().setSelector(new LabelSelector()),
            List.of(
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil),"
                    + " MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid"
                    + " for deployment")),
        Arguments.of(
            "invalid selector",
            (Consumer<Deployment>)
                d ->
                    d.getSpec()
                        .setSelector(
                            new LabelSelectorBuilder()
                                .withMatchExpressions(
                                    new LabelSelectorRequirement("app", "In", List.of()))
                                .build()),
            List.of(
                "spec.selector.matchExpressions[0].values: Required value: must be specified when"
                    + " `operator` is 'In' or 'NotIn'",
                "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil),"
                    + " MatchExpressions:[]v1.LabelSelectorRequirement{v1.LabelSelectorRequirement{"
                    + "Key:\"app\", Operator:\"In\", Values:[]string(nil)}}}: invalid label selector")),
        Arguments.of(
            "template restartPolicy must be Always",
            (Consumer<Deployment>)
                d -> d.getSpec().getTemplate().getSpec().setRestartPolicy("Never"),
            List.of(
                "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values:"
                    + " \"Always\"")),
        Arguments.of(
            "no activeDeadlineSeconds in templates",
            (Consumer<Deployment>)
                d -> d.getSpec().getTemplate().getSpec().setActiveDeadlineSeconds(5L),
            List.of(
                "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in"
                    + " ReplicaSet is not Supported")),
        Arguments.of(
            "template containers are validated",
            (Consumer<Deployment>)
                d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).setImage(""),
            List.of("spec.template.spec.containers[0].image: Required value")),
        Arguments.of(
            "replicas not negative",
            (Consumer<Deployment>) d -> d.getSpec().setReplicas(-1),
            List.of("spec.replicas: Invalid value: -1: must be greater than or equal to 0")),
        Arguments.of(
            "maxSurge and maxUnavailable not both 0",
            (Consumer<Deployment>)
                d ->
                    d.getSpec()
                        .setStrategy(
                            new io.fabric8.kubernetes.api.model.apps.DeploymentStrategy(
                                new RollingUpdateDeployment(
                                    new IntOrString(0), new IntOrString("0%")),
                                "RollingUpdate")),
            List.of(
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value:"
                    + " intstr.IntOrString{Type:1, IntVal:0, StrVal:\"0%\"}: may not be 0 when"
                    + " `maxSurge` is 0")),
        Arguments.of(
            "maxUnavailable at most 100%",
            (Consumer<Deployment>)
                d ->
                    d.getSpec()
                        .setStrategy(
                            new io.fabric8.kubernetes.api.model.apps.DeploymentStrategy(
                                new RollingUpdateDeployment(
                                    new IntOrString(1), new IntOrString("150%")),
                                "RollingUpdate")),
            List.of(
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value:"
                    + " intstr.IntOrString{Type:1, IntVal:0, StrVal:\"150%\"}: must not be greater than"
                    + " 100%")),
        Arguments.of(
            "percentages are percentages",
            (Consumer<Deployment>)
                d ->
                    d.getSpec()
                        .setStrategy(
                            new io.fabric8.kubernetes.api.model.apps.DeploymentStrategy(
                                new RollingUpdateDeployment(
                                    new IntOrString("x"), new IntOrString(1)),
                                "RollingUpdate")),
            List.of(
                "spec.strategy.rollingUpdate.maxSurge: Invalid value: intstr.IntOrString{Type:1,"
                    + " IntVal:0, StrVal:\"x\"}: a valid percent string must be a numeric string"
                    + " followed by an ending '%' (e.g. '1%',  or '93%', regex used for validation is"
                    + " '[0-9]+%')")),
        Arguments.of(
            "strategy type",
            (Consumer<Deployment>)
                d ->
                    d.getSpec()
                        .setStrategy(
                            new io.fabric8.kubernetes.api.model.apps.DeploymentStrategy(
                                null, "BlueGreen")),
            List.of(
                "spec.strategy: Unsupported value: apps.DeploymentStrategy{Type:\"BlueGreen\","
                    + " RollingUpdate:(*apps.RollingUpdateDeployment)(nil)}: supported values:"
                    + " \"Recreate\", \"RollingUpdate\"")),
        Arguments.of(
            "progress deadline after minReadySeconds",
            (Consumer<Deployment>)
                d -> {
                  d.getSpec().setMinReadySeconds(30);
                  d.getSpec().setProgressDeadlineSeconds(30);
                },
            List.of(
                "spec.progressDeadlineSeconds: Invalid value: 30: must be greater than minReadySeconds")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalidDeployments")
  void deploymentValidation(String name, Consumer<Deployment> mutate, List<String> expected) {
    Deployment d = deployment();
    mutate.accept(d);
    assertThat(create(Deployment.class, d)).containsExactlyElementsOf(expected);
  }

  @Test
  void deploymentSelectorIsImmutable() {
    Deployment old = deployment();
    Fixtures.rules(Deployment.class).applyDefaults(old);
    old.getMetadata().setResourceVersion("3");
    Deployment d = new DeploymentBuilder(old).build();
    d.getSpec().getSelector().getMatchLabels().put("tier", "front");
    d.getSpec().getTemplate().getMetadata().getLabels().put("tier", "front");
    assertThat(update(Deployment.class, d, old))
        .containsExactly(
            "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string{\"app\":\"web\","
                + " \"tier\":\"front\"}, MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: field is"
                + " immutable");
    // scaling and new templates are what updates are for
    Deployment scaled = new DeploymentBuilder(old).build();
    scaled.getSpec().setReplicas(5);
    scaled.getSpec().getTemplate().getSpec().getContainers().get(0).setImage("nginx:2");
    assertThat(update(Deployment.class, scaled, old)).isEmpty();
  }

  @Test
  void deploymentStatusCounters() {
    Deployment old = deployment();
    Fixtures.rules(Deployment.class).applyDefaults(old);
    old.getMetadata().setResourceVersion("3");
    Deployment d =
        new DeploymentBuilder(old)
            .withNewStatus()
            .withReplicas(1)
            .withReadyReplicas(2)
            .withAvailableReplicas(3)
            .endStatus()
            .build();
    assertThat(Fixtures.render(Fixtures.rules(Deployment.class).validateStatusUpdate(d, old)))
        .containsExactly(
            "status.readyReplicas: Invalid value: 2: cannot be greater than status.replicas",
            "status.availableReplicas: Invalid value: 3: cannot be greater than status.replicas",
            "status.availableReplicas: Invalid value: 3: cannot be greater than readyReplicas");
  }

  static ReplicaSet replicaSet() {
    return new ReplicaSetBuilder()
        .withNewMetadata()
        .withName("web-abc")
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .withNewSelector()
        .addToMatchLabels("app", "web")
        .endSelector()
        .withTemplate(Fixtures.template("web"))
        .endSpec()
        .build();
  }

  @Test
  void replicaSetDefaultsAndValidation() {
    ReplicaSet rs = replicaSet();
    assertThat(create(ReplicaSet.class, rs)).isEmpty();
    assertThat(rs.getSpec().getReplicas()).isEqualTo(1);
    assertThat(rs.getSpec().getTemplate().getSpec().getDnsPolicy()).isEqualTo("ClusterFirst");

    ReplicaSet mismatched = replicaSet();
    mismatched.getSpec().getSelector().getMatchLabels().put("app", "db");
    assertThat(create(ReplicaSet.class, mismatched))
        .containsExactly(
            "spec.template.metadata.labels: Invalid value: map[string]string{\"app\":\"web\"}:"
                + " `selector` does not match template `labels`");

    ReplicaSet empty = replicaSet();
    empty.getSpec().setSelector(new LabelSelector());
    // kube's replica set message says "deployment" too
    assertThat(create(ReplicaSet.class, empty))
        .containsExactly(
            "spec.selector: Invalid value: v1.LabelSelector{MatchLabels:map[string]string(nil),"
                + " MatchExpressions:[]v1.LabelSelectorRequirement(nil)}: empty selector is invalid"
                + " for deployment");
  }

  @Test
  void replicaSetSelectorIsImmutable() {
    ReplicaSet old = replicaSet();
    Fixtures.rules(ReplicaSet.class).applyDefaults(old);
    old.getMetadata().setResourceVersion("3");
    ReplicaSet rs = new ReplicaSetBuilder(old).build();
    rs.getSpec()
        .setSelector(
            new LabelSelectorBuilder()
                .addToMatchLabels("app", "web")
                .addToMatchLabels("x", "y")
                .build());
    rs.getSpec().getTemplate().getMetadata().getLabels().put("x", "y");
    assertThat(update(ReplicaSet.class, rs, old))
        .singleElement()
        .asString()
        .startsWith("spec.selector: Invalid value:")
        .endsWith("field is immutable");
    ReplicaSet scaled = new ReplicaSetBuilder(old).build();
    scaled.getSpec().setReplicas(3);
    assertThat(update(ReplicaSet.class, scaled, old)).isEmpty();
  }
}
