package io.kubeloop.apiserver.patch;

import static io.kubeloop.apiserver.patch.PatchTestSupport.bytes;
import static io.kubeloop.apiserver.patch.PatchTestSupport.json;
import static io.kubeloop.apiserver.patch.PatchTestSupport.nestedObjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubeloop.apiserver.errors.ApiException;
import org.junit.jupiter.api.Test;

/** The statuses kube-apiserver answers a strategic merge patch it cannot apply with. */
class StrategicMergeErrorsTest {

  private static final String DEPLOYMENT =
      "{'spec':{'template':{'spec':{'containers':[{'name':'nginx','image':'nginx'}]}}}}";

  private static ApiException failure(Class<?> type, String document, String patch) {
    try {
      JsonNode result = StrategicMergePatch.apply(json(document), bytes(patch), type);
      throw new AssertionError("expected a failure, got " + result);
    } catch (ApiException e) {
      return e;
    }
  }

  private static void assertStatus(ApiException e, int code, String reason, String message) {
    assertThat(e.code()).as(e.getMessage()).isEqualTo(code);
    assertThat(e.reason()).as(e.getMessage()).isEqualTo(reason);
    assertThat(e.getMessage()).isEqualTo(message);
  }

  /** kube's plain Go errors: 500 with no reason, the error text as the message. */
  private static void assertPlain(Class<?> type, String document, String patch, String message) {
    assertStatus(failure(type, document, patch), 500, null, message.replace('\'', '"'));
  }

  @Test
  void bodiesThatAreNotJsonObjectsAreBadRequests() {
    String[][] cases = {
      {"[]", "json: cannot unmarshal array into Go value of type map[string]interface {}"},
      {"'x'", "json: cannot unmarshal string into Go value of type map[string]interface {}"},
      {"1", "json: cannot unmarshal number into Go value of type map[string]interface {}"},
      {"true", "json: cannot unmarshal bool into Go value of type map[string]interface {}"},
      {"", "unexpected end of JSON input"},
      {"{", "unexpected end of JSON input"},
      {"{'a':}", "invalid character '}' looking for beginning of value"},
      {"{'a':1e400}", "json: cannot unmarshal number into Go value of type float64"},
    };
    for (String[] c : cases) {
      assertStatus(failure(Pod.class, "{}", c[0]), 400, "BadRequest", c[1]);
    }
    assertStatus(
        failure(Pod.class, "{}", nestedObjects(10001, "1")),
        400,
        "BadRequest",
        "invalid character '{' exceeded max depth");
  }

  @Test
  void aPatchElementWithoutItsMergeKeyIsAPlainError() {
    // What kubectl shows as: Error from server: map: map[image:httpd] does not contain ...
    assertPlain(
        Deployment.class,
        DEPLOYMENT,
        "{'spec':{'template':{'spec':{'containers':[{'image':'httpd'}]}}}}",
        "map: map[image:httpd] does not contain declared merge key: name");
    assertPlain(
        Deployment.class,
        DEPLOYMENT,
        "{'spec':{'template':{'spec':{'containers':[{'$patch':'delete'}]}}}}",
        "map: map[$patch:delete] does not contain declared merge key: name");
    // Nested maps and lists print with Go's %v; float64 with %g, int64 as is.
    assertPlain(
        Deployment.class,
        DEPLOYMENT,
        "{'spec':{'template':{'spec':{'containers':[{'image':'x','ports':[{'containerPort':1e6},"
            + "{'containerPort':80,'hostIP':null}],'tty':true}]}}}}",
        "map: map[image:x ports:[map[containerPort:1e+06] map[containerPort:80 hostIP:<nil>]] "
            + "tty:true] does not contain declared merge key: name");
  }

  @Test
  void aServerElementWithoutTheMergeKeyFailsEveryPatchOfThatList() {
    // An empty imagePullSecrets entry: the known cause of "map: map[] does not contain ...".
    String pod = "{'spec':{'imagePullSecrets':[{}],'containers':[{'name':'a'}]}}";
    assertPlain(
        Pod.class,
        pod,
        "{'spec':{'imagePullSecrets':[{'name':'x'}]}}",
        "map: map[] does not contain declared merge key: name");
    // Patches that leave the list alone still work.
    assertThat(
            StrategicMergePatch.apply(
                json(pod), bytes("{'spec':{'containers':[{'name':'a','image':'b'}]}}"), Pod.class))
        .isEqualTo(
            json("{'spec':{'imagePullSecrets':[{}],'containers':[{'name':'a','image':'b'}]}}"));
  }

  @Test
  void unknownPatchDirectivesArePlainErrors() {
    String pod = "{'spec':{'nodeSelector':{'a':'b'},'containers':[{'name':'a'}]}}";
    assertPlain(
        Pod.class,
        pod,
        "{'spec':{'nodeSelector':{'$patch':'foo','a':'b'}}}",
        "unknown patch type: foo in map: map[$patch:foo a:b]");
    assertPlain(
        Pod.class,
        pod,
        "{'spec':{'nodeSelector':{'$patch':'merge'}}}",
        "unknown patch type: merge in map: map[$patch:merge]");
    assertPlain(
        Pod.class,
        pod,
        "{'spec':{'containers':[{'name':'a','$patch':1}]}}",
        "unknown patch type: %!s(int64=1) in map: map[$patch:1 name:a]");
    assertPlain(
        Pod.class,
        pod,
        "{'spec':{'nodeSelector':{'$patch':null}}}",
        "unknown patch type: %!s(<nil>) in map: map[$patch:<nil>]");
    assertPlain(
        Pod.class,
        pod,
        "{'spec':{'containers':[{'$patch':'merge'}]}}",
        "merging lists cannot yet be specified in the patch");
  }

  @Test
  void malformedParallelListsAreBadRequests() {
    String pod =
        "{'metadata':{'finalizers':['a']},'spec':{'volumes':[{'name':'v','emptyDir':{}}],"
            + "'containers':[{'name':'a'},{'name':'b'}]}}";
    String[][] cases = {
      {
        "{'spec':{'volumes':[{'name':'v','$retainKeys':'name'}]}}",
        "invalid patch format of retainKeys"
      },
      {
        "{'spec':{'volumes':[{'name':'v','$retainKeys':['name'],'configMap':{'name':'c'}}]}}",
        "invalid patch format of retainKeys"
      },
      {
        "{'metadata':{'$deleteFromPrimitiveListfinalizers':['a']}}",
        "invalid patch format of primitive list"
      },
      {"{'spec':{'$setElementOrder':[]}}", "invalid patch format of setElementOrder list"},
      {
        "{'spec':{'$setElementOrderX/containers':[]}}",
        "invalid patch format of setElementOrder list"
      },
    };
    for (String[] c : cases) {
      assertStatus(failure(Pod.class, pod, c[0]), 400, "BadRequest", c[1]);
    }
    assertStatus(
        failure(
            Pod.class,
            pod,
            "{'spec':{'$setElementOrder/containers':[{'name':'a'}],'containers':[{'name':'b','tty':true}]}}"),
        500,
        null,
        "The order in patch list:\n[map[name:b tty:true]]\n doesn't match $setElementOrder list:\n"
            + "[map[name:a]]\n");
    assertPlain(
        Pod.class,
        pod,
        "{'spec':{'$setElementOrder/containers':'a'}}",
        "expected a []interface {}, but received a string");
    assertPlain(
        Pod.class,
        pod,
        "{'spec':{'$setElementOrder/containers':['a'],'containers':[{'name':'a'}]}}",
        "expected a map[string]interface {}, but received a string");
    assertPlain(
        Pod.class,
        pod,
        "{'spec':{'$setElementOrder/nodeName':['a']}}",
        "expected slice or array type, but got: struct");
  }

  @Test
  void listsOfListsAre422AndMixedListsPlainErrors() {
    String pod = "{'metadata':{'finalizers':[]},'spec':{'containers':[{'name':'a','args':['x']}]}}";
    assertStatus(
        failure(Pod.class, pod, "{'metadata':{'finalizers':[['b']]}}"),
        422,
        "Invalid",
        "the server rejected our request due to an error in our request");
    assertPlain(
        Pod.class,
        "{'metadata':{'finalizers':['a']}}",
        "{'metadata':{'finalizers':[1]}}",
        "list element types are not identical: [[a] [1]]");
    assertPlain(
        Pod.class,
        pod,
        "{'metadata':{'finalizers':['a',null]}}",
        "list element types are not identical: [[] [a <nil>]]");
  }

  @Test
  void fieldsTheTypeDoesNotHaveFailWhereBothSidesHoldObjects() {
    assertPlain(
        Pod.class,
        "{'spec':{'foo':{'a':1}}}",
        "{'spec':{'foo':{'b':2}}}",
        "unable to find api field in struct PodSpec for the json field 'foo'");
    assertPlain(
        Pod.class,
        "{'spec':{'nodeName':{'a':{'x':1}}}}",
        "{'spec':{'nodeName':{'a':{'y':1}}}}",
        "merging an object in json but data type is not map or struct, instead is: string");
    assertPlain(
        Pod.class,
        "{'metadata':{'finalizers':[{'a':1}]}}",
        "{'metadata':{'finalizers':[{'b':1}]}}",
        "cannot merge lists without merge key for string");
  }

  @Test
  void whereGoWouldPanicTheAnswerIs500() {
    // kube hashes the $setElementOrder items of a primitive list: a map there panics.
    assertStatus(
        failure(
            Pod.class,
            "{'metadata':{'finalizers':['a']}}",
            "{'metadata':{'$setElementOrder/finalizers':[{'a':1}]}}"),
        500,
        "InternalError",
        StrategicMergeErrors.PANICKED);
    // A null first element: kube asks a nil type for its kind.
    assertStatus(
        failure(Pod.class, "{'metadata':{'finalizers':[]}}", "{'metadata':{'finalizers':[null]}}"),
        500,
        "InternalError",
        StrategicMergeErrors.PANICKED);
  }

  @Test
  void customResourcesAreNotSupportedAndOtherClassesAreMistakes() {
    assertStatus(
        failure(GenericKubernetesResource.class, "{}", "{}"),
        400,
        "BadRequest",
        "strategic merge patch format is not supported");
    assertThatThrownBy(() -> StrategicMergePatch.apply(json("{}"), bytes("{}"), String.class))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> StrategicMergePatch.apply(json("[]"), bytes("{}"), Pod.class))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void deepNewValuesAreCleanedWithoutRecursion() {
    int depth = 9000;
    String patch = "{'metadata':{'labels':{'x':" + nestedObjects(depth, "{'n':null,'k':1}") + "}}}";
    JsonNode result =
        StrategicMergePatch.apply(
            json("{'metadata':{'labels':{'a':'b'}}}"), bytes(patch), Pod.class);
    JsonNode node = result.path("metadata").path("labels").path("x");
    for (int i = 0; i < depth; i++) {
      node = node.path("a");
    }
    assertThat(node.isObject()).isTrue();
    assertThat(node.has("n")).isFalse();
    assertThat(node.path("k").intValue()).isEqualTo(1);
  }
}
