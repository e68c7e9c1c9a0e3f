package io.kubeloop.apiserver.selection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubeloop.apiserver.errors.GroupResource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class FieldSelectorRegistryTest {

  private static final ObjectMapper MAPPER = new ObjectMapper();
  private static final GroupResource PODS = GroupResource.core("pods");
  private static final GroupResource NODES = GroupResource.core("nodes");
  private static final GroupResource EVENTS = GroupResource.core("events");
  private static final GroupResource EVENTS_V1 = new GroupResource("events.k8s.io", "events");
  private static final GroupResource JOBS = new GroupResource("batch", "jobs");

  private final FieldSelectorRegistry registry = FieldSelectorRegistry.withBuiltIns();

  private static JsonNode json(String s) {
    try {
      return MAPPER.readTree(s.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  private boolean selects(GroupResource resource, String fieldSelector, JsonNode object) {
    return registry.predicate(resource, "", fieldSelector).matches(object);
  }

  private String rejection(GroupResource resource, String fieldSelector) {
    try {
      registry.parse(resource, fieldSelector);
    } catch (ApiException e) {
      assertThat(e.code()).isEqualTo(400);
      assertThat(e.reason()).isEqualTo("BadRequest");
      return e.getMessage();
    }
    throw new AssertionError("accepted " + fieldSelector);
  }

  @Test
  void unregisteredResourcesSupportOnlyMetadataFields() {
    GroupResource ingresses = new GroupResource("networking.k8s.io", "ingresses");
    assertThat(rejection(ingresses, "foo.bar=baz"))
        .isEqualTo(
            "\"foo.bar\" is not a known field selector: only \"metadata.name\","
                + " \"metadata.namespace\"");
    JsonNode ing = json("{'metadata':{'name':'a','namespace':'ns'}}");
    assertThat(selects(ingresses, "metadata.name=a,metadata.namespace=ns", ing)).isTrue();
    assertThat(selects(ingresses, "metadata.namespace!=ns", ing)).isFalse();
    // Cluster-scoped kinds without a conversion function accept metadata.namespace too.
    GroupResource crbs = new GroupResource("rbac.authorization.k8s.io", "clusterrolebindings");
    assertThat(selects(crbs, "metadata.namespace=", json("{'metadata':{'name':'x'}}"))).isTrue();
  }

  @Test
  void replicaSetsRejectStatusReplicasAsKubeDoes() {
    assertThat(rejection(new GroupResource("apps", "replicasets"), "status.replicas=0"))
        .isEqualTo(
            "\"status.replicas\" is not a known field selector: only \"metadata.name\","
                + " \"metadata.namespace\"");
  }

  @Test
  void podFields() {
    JsonNode pod =
        json(
            "{'metadata':{'name':'web-1','namespace':'default'},"
                + "'spec':{'nodeName':'n1','restartPolicy':'Always','schedulerName':'default-scheduler',"
                + "'serviceAccountName':'sa','hostNetwork':true},"
                + "'status':{'phase':'Running','podIP':'10.0.0.9','podIPs':[{'ip':'10.0.0.7'},{'ip':'fd00::7'}],"
                + "'nominatedNodeName':'n2'}}");
    assertThat(selects(PODS, "spec.nodeName=n1", pod)).isTrue();
    assertThat(selects(PODS, "spec.host=n1", pod)).isTrue();
    assertThat(selects(PODS, "spec.restartPolicy=Always,spec.schedulerName=default-scheduler", pod))
        .isTrue();
    assertThat(selects(PODS, "spec.serviceAccountName=sa", pod)).isTrue();
    assertThat(selects(PODS, "spec.hostNetwork=true", pod)).isTrue();
    assertThat(selects(PODS, "status.phase!=Running", pod)).isFalse();
    assertThat(selects(PODS, "status.podIP=10.0.0.7", pod)).isTrue();
    assertThat(selects(PODS, "status.nominatedNodeName=n2", pod)).isTrue();
    assertThat(selects(PODS, "metadata.namespace=default,metadata.name=web-1", pod)).isTrue();
    // Accepted, but kube never fills it in: only the empty value matches.
    assertThat(selects(PODS, "status.podIPs=10.0.0.7", pod)).isFalse();
    assertThat(selects(PODS, "status.podIPs=", pod)).isTrue();

    JsonNode pending = json("{'metadata':{'name':'p'},'spec':{},'status':{'podIP':'10.1.1.1'}}");
    assertThat(selects(PODS, "spec.nodeName=", pending)).isTrue();
    assertThat(selects(PODS, "spec.hostNetwork=false", pending)).isTrue();
    assertThat(selects(PODS, "status.podIP=10.1.1.1", pending)).isTrue();

    assertThat(rejection(PODS, "spec.containers=x"))
        .isEqualTo("field label not supported: spec.containers");
    assertThat(registry.parse(PODS, "spec.host=n1").toString()).isEqualTo("spec.nodeName=n1");
  }

  @Test
  void nodeFields() {
    JsonNode cordoned = json("{'metadata':{'name':'n1'},'spec':{'unschedulable':true}}");
    JsonNode ready = json("{'metadata':{'name':'n2'},'spec':{}}");
    assertThat(selects(NODES, "spec.unschedulable=true", cordoned)).isTrue();
    assertThat(selects(NODES, "spec.unschedulable=false", ready)).isTrue();
    assertThat(selects(NODES, "metadata.name=n2", ready)).isTrue();
    // Node's conversion function does not list metadata.namespace.
    assertThat(rejection(NODES, "metadata.namespace=x"))
        .isEqualTo("field label not supported: metadata.namespace");
  }

  @Test
  void coreEventFields() {
    JsonNode event =
        json(
            "{'metadata':{'name':'e','namespace':'ns'},'involvedObject':{'kind':'Pod','namespace':'ns',"
                + "'name':'web','uid':'u1','apiVersion':'v1','resourceVersion':'7','fieldPath':'spec.containers{c}'},"
                + "'reason':'Started','type':'Normal','reportingComponent':'kubelet'}");
    assertThat(
            selects(
                EVENTS,
                "involvedObject.kind=Pod,involvedObject.name=web,involvedObject.namespace=ns,"
                    + "involvedObject.uid=u1,involvedObject.apiVersion=v1,"
                    + "involvedObject.resourceVersion=7,involvedObject.fieldPath=spec.containers{c}",
                event))
        .isTrue();
    assertThat(selects(EVENTS, "reason=Started,type=Normal,reportingComponent=kubelet", event))
        .isTrue();
    // No source.component: source falls back to the reporting controller.
    assertThat(selects(EVENTS, "source=kubelet", event)).isTrue();
    JsonNode withSource =
        json(
            "{'metadata':{'name':'e'},'source':{'component':'scheduler'},'reportingComponent':'x'}");
    assertThat(selects(EVENTS, "source=scheduler", withSource)).isTrue();
    assertThat(rejection(EVENTS, "regarding.name=web"))
        .isEqualTo("field label not supported: regarding.name");
  }

  @Test
  void eventsV1FieldsUseTheNewNames() {
    JsonNode event =
        json(
            "{'metadata':{'name':'e','namespace':'ns'},'regarding':{'kind':'Pod','name':'web'},"
                + "'reason':'Started','type':'Warning','reportingController':'kubelet'}");
    assertThat(selects(EVENTS_V1, "regarding.kind=Pod,regarding.name=web", event)).isTrue();
    assertThat(selects(EVENTS_V1, "reportingController=kubelet,source=kubelet,type=Warning", event))
        .isTrue();
    assertThat(registry.parse(EVENTS_V1, "regarding.name=web,reportingController=k").toString())
        .isEqualTo("involvedObject.name=web,reportingComponent=k");
    assertThat(rejection(EVENTS_V1, "involvedObject.name=web"))
        .isEqualTo("field label not supported: involvedObject.name");
  }

  @Test
  void otherBuiltIns() {
    assertThat(
            selects(
                GroupResource.core("secrets"),
                "type=kubernetes.io/tls",
                json("{'metadata':{'name':'s'},'type':'kubernetes.io/tls'}")))
        .isTrue();
    assertThat(
            selects(
                GroupResource.core("namespaces"),
                "status.phase=Terminating",
                json("{'metadata':{'name':'n'},'status':{'phase':'Terminating'}}")))
        .isTrue();
    assertThat(rejection(GroupResource.core("namespaces"), "metadata.namespace=x"))
        .isEqualTo("field label not supported: metadata.namespace");
    assertThat(
            selects(
                GroupResource.core("services"),
                "spec.type=ClusterIP,spec.clusterIP=10.96.0.1",
                json(
                    "{'metadata':{'name':'s'},'spec':{'type':'ClusterIP','clusterIP':'10.96.0.1'}}")))
        .isTrue();
    assertThat(
            selects(
                GroupResource.core("replicationcontrollers"),
                "status.replicas=0",
                json("{'metadata':{'name':'rc'},'status':{}}")))
        .isTrue();
    GroupResource csrs = new GroupResource("certificates.k8s.io", "certificatesigningrequests");
    assertThat(
            selects(
                csrs,
                "spec.signerName=kubernetes.io/kubelet-serving",
                json(
                    "{'metadata':{'name':'c'},'spec':{'signerName':'kubernetes.io/kubelet-serving'}}")))
        .isTrue();
    assertThat(rejection(csrs, "metadata.namespace=x"))
        .isEqualTo("field label not supported: metadata.namespace");
  }

  @Test
  void jobFields() {
    JsonNode job = json("{'metadata':{'name':'j','namespace':'ns'},'status':{'succeeded':1}}");
    assertThat(selects(JOBS, "status.successful=1", job)).isTrue();
    assertThat(selects(JOBS, "status.successful=0", json("{'metadata':{'name':'j'}}"))).isTrue();
    assertThat(rejection(JOBS, "status.succeeded=1"))
        .isEqualTo("field label \"status.succeeded\" not supported for batchv1.Job");
  }

  @Test
  void customResourcesRegisterTheirSelectableFields() {
    GroupResource ats = new GroupResource("cnat.example.com", "ats");
    registry.register(
        ats,
        SelectableFields.forCustomResource(
            false, List.of(".spec.color", ".spec.size", ".spec.on")));
    JsonNode at =
        json(
            "{'metadata':{'name':'a','namespace':'ns'},'spec':{'color':'red','size':3,'on':true}}");
    assertThat(selects(ats, "spec.color=red,spec.size=3,spec.on=true,metadata.namespace=ns", at))
        .isTrue();
    assertThat(selects(ats, "spec.color=blue", at)).isFalse();
    assertThat(selects(ats, "spec.color=", json("{'metadata':{'name':'b'}}"))).isTrue();
    assertThat(rejection(ats, "spec.other=x")).isEqualTo("field label not supported: spec.other");

    GroupResource clusterScoped = new GroupResource("cnat.example.com", "clusterats");
    registry.register(clusterScoped, SelectableFields.forCustomResource(true, List.of()));
    assertThat(rejection(clusterScoped, "metadata.namespace=x"))
        .isEqualTo("field label not supported: metadata.namespace");

    registry.unregister(ats);
    assertThat(rejection(ats, "spec.color=red"))
        .startsWith("\"spec.color\" is not a known field selector");
    assertThatThrownBy(() -> SelectableFields.forCustomResource(false, List.of(".spec.items[0]")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void labelAndFieldErrorsComeFromThePredicate() {
    assertThatThrownBy(() -> registry.predicate(PODS, "a in", ""))
        .hasMessage("unable to parse requirement: found '' expected: '('");
    assertThatThrownBy(() -> registry.predicate(PODS, "", "x"))
        .hasMessage("invalid selector: 'x'; can't understand 'x'");
  }

  @Test
  void predicateMatchesBytesAndJson() {
    SelectionPredicate predicate = registry.predicate(PODS, "app=web", "spec.nodeName=n1");
    byte[] pod =
        "{\"metadata\":{\"name\":\"p\",\"labels\":{\"app\":\"web\"}},\"spec\":{\"nodeName\":\"n1\"}}"
            .getBytes(StandardCharsets.UTF_8);
    assertThat(predicate.matches(pod)).isTrue();
    assertThat(registry.predicate(PODS, "app=db", "").matches(pod)).isFalse();
    assertThat(registry.predicate(PODS, "", "").isEverything()).isTrue();
    assertThat(
            registry.predicate(PODS, "", "").matches("not json".getBytes(StandardCharsets.UTF_8)))
        .isTrue();
  }
}
