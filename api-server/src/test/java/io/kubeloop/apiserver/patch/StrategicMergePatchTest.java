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

/** What strategic merge patch does to built-in objects: the merge rules and the directives. */
class StrategicMergePatchTest {

  /** One case: a document, a patch and the expected result, all in single-quoted JSON. */
  private record Case(String name, String document, String patch, String expected) {}

  private static JsonNode smp(Class<?> type, String document, String patch) {
    return StrategicMergePatch.apply(json(document), bytes(patch), type);
  }

  private static void check(Class<?> type, Case... cases) {
    for (Case c : cases) {
      assertThat(smp(type, c.document, c.patch)).as(c.name).isEqualTo(json(c.expected));
    }
  }

  @Test
  void objectsMergeRecursivelyAndNullDeletes() {
    check(
        Pod.class,
        new Case(
            "labels merge, null deletes one",
            "{'metadata':{'name':'p','labels':{'a':'1','b':'2'}}}",
            "{'metadata':{'labels':{'a':null,'c':'3'}}}",
            "{'metadata':{'name':'p','labels':{'b':'2','c':'3'}}}"),
        new Case(
            "null deletes a whole object",
            "{'metadata':{'name':'p'},'spec':{'nodeSelector':{'a':'b'},'nodeName':'n'}}",
            "{'spec':{'nodeSelector':null}}",
            "{'metadata':{'name':'p'},'spec':{'nodeName':'n'}}"),
        new Case(
            "null for a key that is not there",
            "{'metadata':{'name':'p'}}",
            "{'metadata':{'labels':null}}",
            "{'metadata':{'name':'p'}}"),
        new Case(
            "new values lose their nulls",
            "{'metadata':{'name':'p'}}",
            "{'metadata':{'labels':{'a':'1','b':null}},'spec':{'securityContext':{'runAsUser':null}}}",
            "{'metadata':{'name':'p','labels':{'a':'1'}},'spec':{'securityContext':{}}}"),
        new Case(
            "a value of another type replaces",
            "{'spec':{'nodeSelector':{'a':'b'}}}",
            "{'spec':{'nodeSelector':'x'}}",
            "{'spec':{'nodeSelector':'x'}}"),
        new Case(
            "keys the type does not have are kept for decoding to judge",
            "{'metadata':{'name':'p'}}",
            "{'bogus':{'x':1}}",
            "{'metadata':{'name':'p'},'bogus':{'x':1}}"),
        new Case("an empty patch", "{'metadata':{'name':'p'}}", "{}", "{'metadata':{'name':'p'}}"),
        new Case("a null patch", "{'metadata':{'name':'p'}}", "null", "{'metadata':{'name':'p'}}"));
  }

  @Test
  void listsWithoutStrategyAreReplaced() {
    check(
        Pod.class,
        new Case(
            "tolerations",
            "{'spec':{'tolerations':[{'key':'a','operator':'Exists'},{'key':'b','operator':'Exists'}]}}",
            "{'spec':{'tolerations':[{'key':'c','operator':'Exists'}]}}",
            "{'spec':{'tolerations':[{'key':'c','operator':'Exists'}]}}"),
        new Case(
            "command and envFrom inside a merged container",
            "{'spec':{'containers':[{'name':'a','command':['x','y'],'envFrom':[{'configMapRef':{'name':'m'}}]}]}}",
            "{'spec':{'containers':[{'name':'a','command':['z'],'envFrom':[{'secretRef':{'name':'s'}}]}]}}",
            "{'spec':{'containers':[{'name':'a','command':['z'],'envFrom':[{'secretRef':{'name':'s'}}]}]}}"),
        new Case(
            "the patch list is taken as given, nulls and directives included",
            "{'spec':{'tolerations':[{'key':'a'}]}}",
            "{'spec':{'tolerations':[{'key':'b','value':null},{'$patch':'delete','key':'a'}]}}",
            "{'spec':{'tolerations':[{'key':'b','value':null},{'$patch':'delete','key':'a'}]}}"));
  }

  @Test
  void mergeListsMergeByTheirKey() {
    check(
        Pod.class,
        new Case(
            // kube's order: patch items in patch order; a server item goes before the next patch
            // item only if both are on the server and it comes first there. So new items that
            // lead the patch come first (the kubectl patch docs show the added container first).
            "containers by name: update in place, new ones where the patch puts them",
            "{'spec':{'containers':[{'name':'a','image':'a:1'},{'name':'b','image':'b:1'}]}}",
            "{'spec':{'containers':[{'name':'d','image':'d:1'},{'name':'b','image':'b:2'},{'name':'c','image':'c:1'}]}}",
            "{'spec':{'containers':[{'name':'d','image':'d:1'},{'name':'a','image':'a:1'},"
                + "{'name':'b','image':'b:2'},{'name':'c','image':'c:1'}]}}"),
        new Case(
            "env by name inside a container",
            "{'spec':{'containers':[{'name':'a','env':[{'name':'X','value':'1'},{'name':'Y','value':'2'}]}]}}",
            "{'spec':{'containers':[{'name':'a','env':[{'name':'Y','value':'3'},{'name':'Z','value':'4'}]}]}}",
            "{'spec':{'containers':[{'name':'a','env':[{'name':'X','value':'1'},"
                + "{'name':'Y','value':'3'},{'name':'Z','value':'4'}]}]}}"),
        new Case(
            "ports by containerPort",
            "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'name':'http'},{'containerPort':443}]}]}}",
            "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'name':'web'},{'containerPort':9090}]}]}}",
            "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80,'name':'web'},"
                + "{'containerPort':9090},{'containerPort':443}]}]}}"),
        new Case(
            "80.0 is not 80: Go compares float64 and int64 as different",
            "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80}]}]}}",
            "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80.0,'protocol':'UDP'}]}]}}",
            "{'spec':{'containers':[{'name':'a','ports':[{'containerPort':80.0,'protocol':'UDP'},"
                + "{'containerPort':80}]}]}}"),
        new Case(
            "volumeMounts by mountPath, volumeDevices by devicePath, initContainers by name",
            "{'spec':{'initContainers':[{'name':'i','volumeMounts':[{'name':'v','mountPath':'/a'}],"
                + "'volumeDevices':[{'name':'d','devicePath':'/dev/x'}]}]}}",
            "{'spec':{'initContainers':[{'name':'i','volumeMounts':[{'name':'w','mountPath':'/a'}],"
                + "'volumeDevices':[{'name':'e','devicePath':'/dev/y'}]}]}}",
            "{'spec':{'initContainers':[{'name':'i','volumeMounts':[{'name':'w','mountPath':'/a'}],"
                + "'volumeDevices':[{'name':'e','devicePath':'/dev/y'},{'name':'d','devicePath':'/dev/x'}]}]}}"),
        new Case(
            "imagePullSecrets by name, hostAliases by ip",
            "{'spec':{'imagePullSecrets':[{'name':'a'}],'hostAliases':[{'ip':'1.2.3.4','hostnames':['a']}]}}",
            "{'spec':{'imagePullSecrets':[{'name':'b'}],'hostAliases':[{'ip':'1.2.3.4','hostnames':['b']}]}}",
            "{'spec':{'imagePullSecrets':[{'name':'b'},{'name':'a'}],"
                + "'hostAliases':[{'ip':'1.2.3.4','hostnames':['b']}]}}"),
        new Case(
            "topologySpreadConstraints by topologyKey",
            "{'spec':{'topologySpreadConstraints':[{'topologyKey':'zone','maxSkew':1}]}}",
            "{'spec':{'topologySpreadConstraints':[{'topologyKey':'zone','maxSkew':2},{'topologyKey':'host','maxSkew':1}]}}",
            "{'spec':{'topologySpreadConstraints':[{'topologyKey':'zone','maxSkew':2},"
                + "{'topologyKey':'host','maxSkew':1}]}}"),
        new Case(
            "ownerReferences by uid",
            "{'metadata':{'ownerReferences':[{'uid':'1','name':'a','kind':'ReplicaSet'}]}}",
            "{'metadata':{'ownerReferences':[{'uid':'1','controller':true},{'uid':'2','name':'b'}]}}",
            "{'metadata':{'ownerReferences':[{'uid':'1','name':'a','kind':'ReplicaSet','controller':true},"
                + "{'uid':'2','name':'b'}]}}"),
        new Case(
            "status conditions by type",
            "{'status':{'conditions':[{'type':'Ready','status':'False'},{'type':'PodScheduled','status':'True'}]}}",
            "{'status':{'conditions':[{'type':'Ready','status':'True'}]}}",
            "{'status':{'conditions':[{'type':'Ready','status':'True'},{'type':'PodScheduled','status':'True'}]}}"),
        new Case(
            "two patch elements with one key: the second merges into the first",
            "{'spec':{'containers':[]}}",
            "{'spec':{'containers':[{'name':'a','image':'x'},{'name':'a','tty':true}]}}",
            "{'spec':{'containers':[{'name':'a','image':'x','tty':true}]}}"));
  }

  @Test
  void primitiveMergeListsAreUnions() {
    check(
        Pod.class,
        new Case(
            "finalizers: patch items in patch order, then the server's in server order",
            "{'metadata':{'finalizers':['a','b']}}",
            "{'metadata':{'finalizers':['c','a']}}",
            "{'metadata':{'finalizers':['c','a','b']}}"),
        new Case(
            "a new item goes first",
            "{'metadata':{'finalizers':['a','b']}}",
            "{'metadata':{'finalizers':['c']}}",
            "{'metadata':{'finalizers':['c','a','b']}}"),
        new Case(
            "duplicates collapse",
            "{'metadata':{'finalizers':['a']}}",
            "{'metadata':{'finalizers':['a','a']}}",
            "{'metadata':{'finalizers':['a']}}"),
        new Case(
            "$deleteFromPrimitiveList/finalizers",
            "{'metadata':{'finalizers':['a','b','c']}}",
            "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b','x']}}",
            "{'metadata':{'finalizers':['a','c']}}"),
        new Case(
            "a deletion list for a list that is not there changes nothing",
            "{'metadata':{'name':'p'}}",
            "{'metadata':{'$deleteFromPrimitiveList/finalizers':['b']}}",
            "{'metadata':{'name':'p'}}"),
        new Case(
            "a deletion list on a list without the merge strategy still deletes",
            "{'spec':{'containers':[{'name':'a','args':['x','y']}]}}",
            "{'spec':{'containers':[{'name':'a','$deleteFromPrimitiveList/args':['x']}]}}",
            "{'spec':{'containers':[{'name':'a','args':['y']}]}}"));
    check(
        Node.class,
        new Case(
            "node podCIDRs",
            "{'spec':{'podCIDRs':['10.0.0.0/24']}}",
            "{'spec':{'podCIDRs':['fd00::/64']}}",
            "{'spec':{'podCIDRs':['fd00::/64','10.0.0.0/24']}}"),
        new Case(
            "node addresses by type",
            "{'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.1'},{'type':'Hostname','address':'n'}]}}",
            "{'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.2'}]}}",
            "{'status':{'addresses':[{'type':'InternalIP','address':'10.0.0.2'},{'type':'Hostname','address':'n'}]}}"));
  }

  @Test
  void patchDirectiveDeletesAndReplaces() {
    check(
        Pod.class,
        new Case(
            "$patch: delete removes the container with that name",
            "{'spec':{'containers':[{'name':'a'},{'name':'b'},{'name':'c'}]}}",
            "{'spec':{'containers':[{'name':'b','$patch':'delete'}]}}",
            "{'spec':{'containers':[{'name':'a'},{'name':'c'}]}}"),
        new Case(
            "deleting what is not there",
            "{'spec':{'containers':[{'name':'a'}]}}",
            "{'spec':{'containers':[{'name':'x','$patch':'delete'}]}}",
            "{'spec':{'containers':[{'name':'a'}]}}"),
        new Case(
            "$patch: replace makes the other elements the list",
            "{'spec':{'containers':[{'name':'a','image':'a'},{'name':'b'}]}}",
            "{'spec':{'containers':[{'name':'c'},{'$patch':'replace'},{'name':'a','tty':true}]}}",
            "{'spec':{'containers':[{'name':'c'},{'name':'a','tty':true}]}}"),
        new Case(
            "$patch: replace on an object",
            "{'spec':{'nodeSelector':{'a':'1','b':'2'}}}",
            "{'spec':{'nodeSelector':{'$patch':'replace','c':'3'}}}",
            "{'spec':{'nodeSelector':{'c':'3'}}}"),
        new Case(
            "$patch: replace keeps the replacement as given",
            "{'spec':{'securityContext':{'runAsUser':1}}}",
            "{'spec':{'securityContext':{'$patch':'replace','fsGroup':2,'runAsGroup':null}}}",
            "{'spec':{'securityContext':{'fsGroup':2,'runAsGroup':null}}}"),
        new Case(
            "$patch: delete on an object empties it",
            "{'spec':{'nodeSelector':{'a':'1'},'nodeName':'n'}}",
            "{'spec':{'nodeSelector':{'$patch':'delete'}}}",
            "{'spec':{'nodeSelector':{},'nodeName':'n'}}"),
        new Case(
            "a $patch object the original does not have is dropped",
            "{'spec':{'nodeName':'n'}}",
            "{'spec':{'nodeSelector':{'$patch':'replace','a':'1'},'affinity':{'nodeAffinity':{'$patch':'delete'}}}}",
            "{'spec':{'nodeName':'n','affinity':{}}}"),
        new Case(
            "a new list loses its $patch elements",
            "{'spec':{'nodeName':'n'}}",
            "{'spec':{'containers':[{'name':'a'},{'name':'b','$patch':'delete'}]}}",
            "{'spec':{'nodeName':'n','containers':[{'name':'a'}]}}"),
        new Case(
            "the whole object replaced",
            "{'metadata':{'name':'p'},'spec':{'nodeName':'n'}}",
            "{'$patch':'replace','metadata':{'name':'q'}}",
            "{'metadata':{'name':'q'}}"));
  }

  @Test
  void setElementOrderOrdersTheMergedList() {
    check(
        Pod.class,
        new Case(
            "reorder without other changes",
            "{'spec':{'containers':[{'name':'a','image':'1'},{'name':'b','image':'2'},{'name':'c','image':'3'}]}}",
            "{'spec':{'$setElementOrder/containers':[{'name':'c'},{'name':'a'},{'name':'b'}]}}",
            "{'spec':{'containers':[{'name':'c','image':'3'},{'name':'a','image':'1'},{'name':'b','image':'2'}]}}"),
        new Case(
            "order, change and add",
            "{'spec':{'containers':[{'name':'a','image':'1'},{'name':'b','image':'2'}]}}",
            "{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'n'},{'name':'a'}],"
                + "'containers':[{'name':'n','image':'n'},{'name':'a','image':'9'}]}}",
            "{'spec':{'containers':[{'name':'b','image':'2'},{'name':'n','image':'n'},{'name':'a','image':'9'}]}}"),
        new Case(
            "server-only items come before the ordered ones where the server has them first",
            "{'spec':{'containers':[{'name':'a'},{'name':'x'},{'name':'b'}]}}",
            "{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}]}}",
            "{'spec':{'containers':[{'name':'x'},{'name':'b'},{'name':'a'}]}}"),
        new Case(
            "primitive lists",
            "{'metadata':{'finalizers':['a','b','c']}}",
            "{'metadata':{'$setElementOrder/finalizers':['c','a'],'$deleteFromPrimitiveList/finalizers':['b']}}",
            "{'metadata':{'finalizers':['c','a']}}"),
        new Case(
            "a list the original does not have",
            "{'spec':{'nodeName':'n'}}",
            "{'spec':{'$setElementOrder/containers':[{'name':'b'},{'name':'a'}],"
                + "'containers':[{'name':'b'},{'name':'a'}]}}",
            "{'spec':{'nodeName':'n','containers':[{'name':'b'},{'name':'a'}]}}"));
  }

  @Test
  void retainKeysClearsWhatIsNotListed() {
    check(
        Pod.class,
        new Case(
            "a volume switched from emptyDir to configMap",
            "{'spec':{'volumes':[{'name':'v','emptyDir':{}},{'name':'w','secret':{'secretName':'s'}}]}}",
            "{'spec':{'volumes':[{'name':'v','$retainKeys':['configMap','name'],'configMap':{'name':'c'}}]}}",
            "{'spec':{'volumes':[{'name':'v','configMap':{'name':'c'}},{'name':'w','secret':{'secretName':'s'}}]}}"),
        new Case(
            "without $retainKeys both sources stay",
            "{'spec':{'volumes':[{'name':'v','emptyDir':{}}]}}",
            "{'spec':{'volumes':[{'name':'v','configMap':{'name':'c'}}]}}",
            "{'spec':{'volumes':[{'name':'v','emptyDir':{},'configMap':{'name':'c'}}]}}"),
        new Case(
            "null members of the patch need not be listed",
            "{'spec':{'volumes':[{'name':'v','emptyDir':{},'hostPath':{'path':'/x'}}]}}",
            "{'spec':{'volumes':[{'name':'v','$retainKeys':['emptyDir','name'],'hostPath':null}]}}",
            "{'spec':{'volumes':[{'name':'v','emptyDir':{}}]}}"));
    check(
        Deployment.class,
        new Case(
            "RollingUpdate to Recreate clears rollingUpdate",
            "{'spec':{'replicas':2,'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':'25%','maxUnavailable':'25%'}}}}",
            "{'spec':{'strategy':{'$retainKeys':['type'],'type':'Recreate'}}}",
            "{'spec':{'replicas':2,'strategy':{'type':'Recreate'}}}"),
        new Case(
            "without $retainKeys rollingUpdate stays (and validation will refuse it)",
            "{'spec':{'strategy':{'type':'RollingUpdate','rollingUpdate':{'maxSurge':1}}}}",
            "{'spec':{'strategy':{'type':'Recreate'}}}",
            "{'spec':{'strategy':{'type':'Recreate','rollingUpdate':{'maxSurge':1}}}}"));
  }

  @Test
  void servicePortsMergeByPortOnly() {
    check(
        Service.class,
        new Case(
            "the key is the port: a UDP port 53 updates the TCP one, as in kube",
            "{'spec':{'ports':[{'port':53,'protocol':'TCP','name':'dns-tcp'},{'port':80,'name':'http'}]}}",
            "{'spec':{'ports':[{'port':53,'protocol':'UDP','name':'dns'}]}}",
            "{'spec':{'ports':[{'port':53,'protocol':'UDP','name':'dns'},{'port':80,'name':'http'}]}}"),
        new Case(
            "a new port comes before the server's",
            "{'spec':{'ports':[{'port':80}]}}",
            "{'spec':{'ports':[{'port':443}]}}",
            "{'spec':{'ports':[{'port':443},{'port':80}]}}"));
  }

  @Test
  void neverModifiesItsArguments() {
    JsonNode document =
        json("{'metadata':{'labels':{'a':'1'}},'spec':{'containers':[{'name':'a','image':'x'}]}}");
    JsonNode patch =
        json(
            "{'metadata':{'labels':{'a':null}},'spec':{'$setElementOrder/containers':[{'name':'a'}],"
                + "'containers':[{'name':'a','image':'y'},{'name':'b','$patch':'delete'}]}}");
    JsonNode documentCopy = document.deepCopy();
    JsonNode patchCopy = patch.deepCopy();
    JsonNode result = StrategicMergePatch.apply(document, patch, Pod.class);
    assertThat(result)
        .isEqualTo(
            json("{'metadata':{'labels':{}},'spec':{'containers':[{'name':'a','image':'y'}]}}"));
    assertThat(document).isEqualTo(documentCopy);
    assertThat(patch).isEqualTo(patchCopy);
  }
}
