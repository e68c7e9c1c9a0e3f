package io.kubeloop.apiserver.validation;

import static io.kubeloop.apiserver.validation.Fixtures.create;
import static io.kubeloop.apiserver.validation.Fixtures.update;
import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.ServicePortBuilder;
import java.util.List;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ServiceRulesTest {

  static Service service() {
    return new ServiceBuilder()
        .withNewMetadata()
        .withName("web")
        .withNamespace("default")
        .endMetadata()
        .withNewSpec()
        .addToSelector("app", "web")
        .withPorts(port(null, 80))
        .endSpec()
        .build();
  }

  static ServicePort port(String name, int number) {
    return new ServicePortBuilder().withName(name).withPort(number).build();
  }

  @Test
  void defaults() {
    Service svc = service();
    assertThat(create(Service.class, svc)).isEmpty();
    var spec = svc.getSpec();
    assertThat(spec.getType()).isEqualTo("ClusterIP");
    assertThat(spec.getSessionAffinity()).isEqualTo("None");
    assertThat(spec.getInternalTrafficPolicy()).isEqualTo("Cluster");
    assertThat(spec.getExternalTrafficPolicy()).isNull();
    assertThat(spec.getPorts().get(0).getProtocol()).isEqualTo("TCP");
    assertThat(spec.getPorts().get(0).getTargetPort()).isEqualTo(new IntOrString(80));
    // allocation is someone else's job
    assertThat(spec.getClusterIP()).isNull();
  }

  @Test
  void loadBalancerDefaults() {
    Service svc = service();
    svc.getSpec().setType("LoadBalancer");
    svc.getSpec().setSessionAffinity("ClientIP");
    assertThat(create(Service.class, svc)).isEmpty();
    assertThat(svc.getSpec().getExternalTrafficPolicy()).isEqualTo("Cluster");
    assertThat(svc.getSpec().getAllocateLoadBalancerNodePorts()).isTrue();
    assertThat(svc.getSpec().getSessionAffinityConfig().getClientIP().getTimeoutSeconds())
        .isEqualTo(10800);
  }

  static Stream<Arguments> invalid() {
    return Stream.<Arguments>of(
        Arguments.of(
            "names are DNS-1035 labels",
            (Consumer<Service>) s -> s.getMetadata().setName("1web"),
            List.of("metadata.name: Invalid value: \"1web\": " + NamesTest.DNS1035_MSG)),
        Arguments.of(
            "ports required",
            (Consumer<Service>) s -> s.getSpec().setPorts(List.of()),
            List.of("spec.ports: Required value")),
        Arguments.of(
            "headless services need no ports",
            (Consumer<Service>)
                s -> {
                  s.getSpec().setPorts(List.of());
                  s.getSpec().setClusterIP("None");
                },
            List.of()),
        Arguments.of(
            "ExternalName services need no ports but a name",
            (Consumer<Service>)
                s -> {
                  s.getSpec().setPorts(List.of());
                  s.getSpec().setType("ExternalName");
                },
            List.of("spec.externalName: Required value")),
        Arguments.of(
            "port names required with several ports",
            (Consumer<Service>)
                s -> s.getSpec().setPorts(List.of(port(null, 80), port("https", 443))),
            List.of("spec.ports[0].name: Required value")),
        Arguments.of(
            "port names unique",
            (Consumer<Service>)
                s -> s.getSpec().setPorts(List.of(port("web", 80), port("web", 81))),
            List.of("spec.ports[1].name: Duplicate value: \"web\"")),
        Arguments.of(
            "ports unique per protocol",
            (Consumer<Service>) s -> s.getSpec().setPorts(List.of(port("a", 80), port("b", 80))),
            List.of(
                "spec.ports[1]: Duplicate value: core.ServicePort{Name:\"\", Protocol:\"TCP\","
                    + " AppProtocol:(*string)(nil), Port:80, TargetPort:intstr.IntOrString{Type:0,"
                    + " IntVal:0, StrVal:\"\"}, NodePort:0}")),
        Arguments.of(
            "port range",
            (Consumer<Service>) s -> s.getSpec().setPorts(List.of(port(null, 0))),
            List.of(
                "spec.ports[0].port: Invalid value: 0: must be between 1 and 65535, inclusive",
                "spec.ports[0].targetPort: Invalid value: 0: must be between 1 and 65535, inclusive")),
        Arguments.of(
            "protocol",
            (Consumer<Service>) s -> s.getSpec().getPorts().get(0).setProtocol("ICMP"),
            List.of(
                "spec.ports[0].protocol: Unsupported value: \"ICMP\": supported values: \"SCTP\","
                    + " \"TCP\", \"UDP\"")),
        Arguments.of(
            "named target port",
            (Consumer<Service>)
                s -> s.getSpec().getPorts().get(0).setTargetPort(new IntOrString("Http")),
            List.of(
                "spec.ports[0].targetPort: Invalid value: \"Http\": must contain only alpha-numeric"
                    + " characters (a-z, 0-9), and hyphens (-)")),
        Arguments.of(
            "type",
            (Consumer<Service>) s -> s.getSpec().setType("Magic"),
            List.of(
                "spec.type: Unsupported value: \"Magic\": supported values: \"ClusterIP\","
                    + " \"ExternalName\", \"LoadBalancer\", \"NodePort\"")),
        Arguments.of(
            "no node ports on ClusterIP services",
            (Consumer<Service>) s -> s.getSpec().getPorts().get(0).setNodePort(30000),
            List.of(
                "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'")),
        Arguments.of(
            "NodePort services are not headless",
            (Consumer<Service>)
                s -> {
                  s.getSpec().setType("NodePort");
                  s.getSpec().setClusterIP("None");
                },
            List.of(
                "spec.clusterIPs[0]: Invalid value: \"None\": may not be set to 'None' for NodePort services")),
        Arguments.of(
            "selector labels",
            (Consumer<Service>) s -> s.getSpec().getSelector().put("app", "-"),
            List.of("spec.selector: Invalid value: \"-\": " + NamesTest.LABEL_VALUE_MSG)),
        Arguments.of(
            "affinity config only with ClientIP",
            (Consumer<Service>) s -> s.getSpec().setSessionAffinity("Sticky"),
            List.of(
                "spec.sessionAffinity: Unsupported value: \"Sticky\": supported values: \"ClientIP\","
                    + " \"None\"")),
        Arguments.of(
            "external IPs",
            (Consumer<Service>) s -> s.getSpec().setExternalIPs(List.of("1.2.3", "127.0.0.1")),
            List.of(
                "spec.externalIPs[0]: Invalid value: \"1.2.3\": must be a valid IP address, (e.g."
                    + " 10.9.8.7 or 2001:db8::ffff)",
                "spec.externalIPs[1]: Invalid value: \"127.0.0.1\": may not be in the loopback range"
                    + " (127.0.0.0/8, ::1/128)")));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("invalid")
  void validation(String name, Consumer<Service> mutate, List<String> expected) {
    Service svc = service();
    mutate.accept(svc);
    assertThat(create(Service.class, svc)).containsExactlyElementsOf(expected);
  }

  @Test
  void clusterIpMayNotChangeOnceSet() {
    Service old = service();
    Fixtures.rules(Service.class).applyDefaults(old);
    old.getSpec().setClusterIP("10.0.0.10");
    old.getSpec().setClusterIPs(List.of("10.0.0.10"));
    old.getMetadata().setResourceVersion("2");
    Service svc = new ServiceBuilder(old).build();
    svc.getSpec().setClusterIP("10.0.0.11");
    svc.getSpec().setClusterIPs(List.of("10.0.0.11"));
    assertThat(update(Service.class, svc, old))
        .containsExactly(
            "spec.clusterIPs[0]: Invalid value: []string{\"10.0.0.11\"}: may not change once set");
    Service relabeled = new ServiceBuilder(old).build();
    relabeled.getSpec().getPorts().get(0).setPort(8080);
    assertThat(update(Service.class, relabeled, old)).isEmpty();
  }
}
