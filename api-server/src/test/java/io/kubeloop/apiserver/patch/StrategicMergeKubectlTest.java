package io.kubeloop.apiserver.patch;

import static io.kubeloop.apiserver.patch.PatchTestSupport.bytes;
import static io.kubeloop.apiserver.patch.PatchTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import org.junit.jupiter.api.Test;

/** The strategic merge patches kubectl and the kubelet send, applied to realistic objects. */
class StrategicMergeKubectlTest {

  private static final String DEPLOYMENT =
      """
      {'apiVersion':'apps/v1','kind':'Deployment',
       'metadata':{'name':'web','namespace':'default','labels':{'app':'web','tier':'front'},
         'annotations':{'deployment.kubernetes.io/revision':'1',
           'kubectl.kubernetes.io/last-applied-configuration':'{old}'}},
       'spec':{'replicas':2,'selector':{'matchLabels':{'app':'web'}},
         'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}},
         'template':{'metadata':{'labels':{'app':'web'}},
           'spec':{
             'containers':[
               {'name':'nginx','image':'nginx:1.24','ports':[{'containerPort':80,'protocol':'TCP'}],
                'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}],
                'volumeMounts':[{'name':'data','mountPath':'/data'}]},
               {'name':'sidecar','image':'busybox','args':['sleep','3600']}],
             'volumes':[{'name':'data','emptyDir':{}}],
             'tolerations':[{'key':'k','operator':'Exists'}]}}}}
      """;

  private static JsonNode patch(Class<?> type, String document, String patch) {
    return StrategicMergePatch.apply(json(document), bytes(patch), type);
  }

  private static JsonNode deployment() {
    return json(DEPLOYMENT);
  }

  @Test
  void kubectlSetImage() {
    JsonNode result =
        patch(
            Deployment.class,
            DEPLOYMENT,
            "{'spec':{'template':{'spec':{'containers':[{'image':'nginx:1.25','name':'nginx'}]}}}}");
    JsonNode expected = deployment();
    ((com.fasterxml.jackson.databind.node.ObjectNode)
            expected.at("/spec/template/spec/containers/0"))
        .put("image", "nginx:1.25");
    assertThat(result).isEqualTo(expected);
  }

  @Test
  void kubectlRolloutRestart() {
    String restart =
        "{'spec':{'template':{'metadata':{'annotations':"
            + "{'kubectl.kubernetes.io/restartedAt':'2024-05-01T10:00:00Z'}}}}}";
    JsonNode once = patch(Deployment.class, DEPLOYMENT, restart);
    assertThat(once.at("/spec/template/metadata"))
        .isEqualTo(
            json(
                "{'labels':{'app':'web'},"
                    + "'annotations':{'kubectl.kubernetes.io/restartedAt':'2024-05-01T10:00:00Z'}}"));
    JsonNode twice =
        StrategicMergePatch.apply(
            once, bytes(restart.replace("10:00:00", "11:30:00")), Deployment.class);
    assertThat(twice.at("/spec/template/metadata/annotations"))
        .isEqualTo(json("{'kubectl.kubernetes.io/restartedAt':'2024-05-01T11:30:00Z'}"));
    assertThat(twice.at("/spec/template/spec")).isEqualTo(deployment().at("/spec/template/spec"));
  }

  @Test
  void kubectlEdit() {
    // The two-way patch kubectl edit sends after changing A, dropping B and adding port 443.
    String edit =
        """
        {'spec':{'template':{'spec':{
          '$setElementOrder/containers':[{'name':'nginx'},{'name':'sidecar'}],
          'containers':[{'name':'nginx',
            '$setElementOrder/env':[{'name':'A'}],
            '$setElementOrder/ports':[{'containerPort':80},{'containerPort':443}],
            'env':[{'name':'A','value':'3'},{'$patch':'delete','name':'B'}],
            'ports':[{'containerPort':443,'protocol':'TCP'}]}]}}}}
        """;
    JsonNode result = patch(Deployment.class, DEPLOYMENT, edit);
    assertThat(result.at("/spec/template/spec/containers/0"))
        .isEqualTo(
            json(
                "{'name':'nginx','image':'nginx:1.24',"
                    + "'ports':[{'containerPort':80,'protocol':'TCP'},{'containerPort':443,'protocol':'TCP'}],"
                    + "'env':[{'name':'A','value':'3'}],"
                    + "'volumeMounts':[{'name':'data','mountPath':'/data'}]}"));
    assertThat(result.at("/spec/template/spec/containers/1/name").asText()).isEqualTo("sidecar");
  }

  @Test
  void kubectlApply() {
    // kubectl apply's three-way patch: a new image, the sidecar and a label removed, the volume
    // switched to a ConfigMap and the strategy to Recreate (both with $retainKeys).
    String apply =
        """
        {'metadata':{'annotations':{'kubectl.kubernetes.io/last-applied-configuration':'{new}'},
                     'labels':{'tier':null}},
         'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'},
           'template':{'spec':{
             '$setElementOrder/containers':[{'name':'nginx'}],
             '$setElementOrder/volumes':[{'name':'data'}],
             'containers':[{'image':'nginx:1.25','name':'nginx'},{'$patch':'delete','name':'sidecar'}],
             'volumes':[{'$retainKeys':['configMap','name'],'configMap':{'name':'web-config'},
                         'emptyDir':null,'name':'data'}]}}}}
        """;
    JsonNode result = patch(Deployment.class, DEPLOYMENT, apply);
    assertThat(result.at("/metadata"))
        .isEqualTo(
            json(
                "{'name':'web','namespace':'default','labels':{'app':'web'},"
                    + "'annotations':{'deployment.kubernetes.io/revision':'1',"
                    + "'kubectl.kubernetes.io/last-applied-configuration':'{new}'}}"));
    assertThat(result.at("/spec/strategy")).isEqualTo(json("{'type':'Recreate'}"));
    assertThat(result.at("/spec/template/spec"))
        .isEqualTo(
            json(
                """
                {'containers':[
                   {'name':'nginx','image':'nginx:1.25','ports':[{'containerPort':80,'protocol':'TCP'}],
                    'env':[{'name':'A','value':'1'},{'name':'B','value':'2'}],
                    'volumeMounts':[{'name':'data','mountPath':'/data'}]}],
                 'volumes':[{'name':'data','configMap':{'name':'web-config'}}],
                 'tolerations':[{'key':'k','operator':'Exists'}]}
                """));
    assertThat(result.at("/spec/replicas").intValue()).isEqualTo(2);
  }

  @Test
  void kubectlPatchAddingAContainerPutsItFirst() {
    // As the kubectl patch task page shows: the added container comes before the existing one.
    JsonNode result =
        patch(
            Deployment.class,
            "{'spec':{'template':{'spec':{'containers':[{'name':'patch-demo-ctr','image':'nginx'}],"
                + "'tolerations':[{'effect':'NoSchedule','key':'dedicated','value':'test-team'}]}}}}",
            "{'spec':{'template':{'spec':{'containers':[{'name':'patch-demo-ctr-2','image':'redis'}],"
                + "'tolerations':[{'effect':'NoSchedule','key':'disktype','value':'ssd'}]}}}}");
    assertThat(result.at("/spec/template/spec"))
        .isEqualTo(
            json(
                "{'containers':[{'name':'patch-demo-ctr-2','image':'redis'},"
                    + "{'name':'patch-demo-ctr','image':'nginx'}],"
                    + "'tolerations':[{'effect':'NoSchedule','key':'disktype','value':'ssd'}]}"));
  }

  @Test
  void kubectlCordonAndTaint() {
    String node =
        "{'metadata':{'name':'n1'},'spec':{'podCIDR':'10.0.0.0/24',"
            + "'taints':[{'key':'a','effect':'NoSchedule'}]}}";
    assertThat(patch(Node.class, node, "{'spec':{'unschedulable':true}}").at("/spec/unschedulable"))
        .isEqualTo(json("true"));
    // kubectl taint sends the whole new list; taints have no strategy, so it replaces.
    JsonNode tainted =
        patch(
            Node.class,
            node,
            "{'spec':{'taints':[{'effect':'NoSchedule','key':'a'},"
                + "{'effect':'NoExecute','key':'b','value':'1'}]}}");
    assertThat(tainted.at("/spec/taints"))
        .isEqualTo(
            json(
                "[{'effect':'NoSchedule','key':'a'},{'effect':'NoExecute','key':'b','value':'1'}]"));
  }

  @Test
  void kubeletStatusPatch() {
    String pod =
        """
        {'metadata':{'name':'p','uid':'u1'},
         'status':{'phase':'Pending',
           'conditions':[{'type':'PodScheduled','status':'True'},
                         {'type':'Initialized','status':'True'},
                         {'type':'Ready','status':'False'},
                         {'type':'ContainersReady','status':'False'}],
           'containerStatuses':[{'name':'a','ready':false,'restartCount':0}]}}
        """;
    String status =
        """
        {'metadata':{'uid':'u1'},
         'status':{'$setElementOrder/conditions':[{'type':'Initialized'},{'type':'Ready'},
                     {'type':'ContainersReady'},{'type':'PodScheduled'}],
           'conditions':[{'type':'Ready','status':'True'},{'type':'ContainersReady','status':'True'}],
           'containerStatuses':[{'name':'a','ready':true,'restartCount':0,'started':true}],
           'phase':'Running','podIP':'10.0.0.5','podIPs':[{'ip':'10.0.0.5'}]}}
        """;
    assertThat(patch(Pod.class, pod, status).at("/status"))
        .isEqualTo(
            json(
                """
                {'phase':'Running',
                 'conditions':[{'type':'Initialized','status':'True'},{'type':'Ready','status':'True'},
                               {'type':'ContainersReady','status':'True'},
                               {'type':'PodScheduled','status':'True'}],
                 'containerStatuses':[{'name':'a','ready':true,'restartCount':0,'started':true}],
                 'podIP':'10.0.0.5','podIPs':[{'ip':'10.0.0.5'}]}
                """));
  }

  @Test
  void kubectlPatchOfAServicePort() {
    String service =
        "{'spec':{'type':'NodePort','ports':[{'name':'http','port':80,'targetPort':8080,'nodePort':31000},"
            + "{'name':'https','port':443,'targetPort':8443}]}}";
    assertThat(
            patch(Service.class, service, "{'spec':{'ports':[{'port':80,'nodePort':30080}]}}")
                .at("/spec/ports"))
        .isEqualTo(
            json(
                "[{'name':'http','port':80,'targetPort':8080,'nodePort':30080},"
                    + "{'name':'https','port':443,'targetPort':8443}]"));
  }

  @Test
  void controllerRemovingItsFinalizer() {
    String pod = "{'metadata':{'name':'p','finalizers':['example.com/a','example.com/b']}}";
    assertThat(
            patch(
                    Pod.class,
                    pod,
                    "{'metadata':{'$deleteFromPrimitiveList/finalizers':['example.com/a']}}")
                .at("/metadata/finalizers"))
        .isEqualTo(json("['example.com/b']"));
  }
}
