package io.kubeloop.apiserver.patch;

import static io.kubeloop.apiserver.patch.PatchTestSupport.bytes;
import static io.kubeloop.apiserver.patch.PatchTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.kubeloop.apiserver.errors.ApiException;
import org.junit.jupiter.api.Test;

/**
 * Cases from apimachinery's strategicpatch tests ({@code TestCustomStrategicMergePatch} and the
 * three-way cases, applied to "current"), moved onto real fields: their {@code mergingList} (merge
 * by name) is {@code spec.containers}, {@code mergingIntList} is {@code metadata.finalizers},
 * {@code simpleMap} is {@code spec.nodeSelector}, {@code nonMergingList} inside a list element is
 * {@code envFrom}, {@code retainKeysMap} is a Deployment's {@code spec.strategy} and {@code
 * retainKeysMergingList} is {@code spec.volumes}. Keys and values stay as kube wrote them (names
 * are integers).
 */
class StrategicMergeKubeCasesTest {

  private record Case(String name, String current, String patch, String result) {}

  private static void check(Class<?> type, Case... cases) {
    for (Case c : cases) {
      assertThat(StrategicMergePatch.apply(json(c.current), bytes(c.patch), type))
          .as(c.name)
          .isEqualTo(json(c.result));
    }
  }

  private static String containers(String list) {
    return "{'spec':{'containers':" + list + "}}";
  }

  private static String finalizers(String list) {
    return "{'metadata':{'finalizers':" + list + "}}";
  }

  @Test
  void customCases() {
    check(
        Pod.class,
        new Case(
            "unique scalars when merging lists",
            finalizers("[1,2]"),
            finalizers("[2,3]"),
            finalizers("[1,2,3]")),
        new Case(
            "delete map from nested map",
            "{'spec':{'nodeSelector':{'key1':1,'key2':1}}}",
            "{'spec':{'nodeSelector':{'$patch':'delete'}}}",
            "{'spec':{'nodeSelector':{}}}"),
        new Case(
            "delete all items from merging list",
            containers("[{'name':1},{'name':2}]"),
            containers("[{'$patch':'replace'}]"),
            containers("[]")),
        new Case("merge empty merging lists", containers("[]"), containers("[]"), containers("[]")),
        new Case(
            "delete all keys from map",
            "{'spec':{'name':1,'value':1}}",
            "{'spec':{'$patch':'replace'}}",
            "{'spec':{}}"),
        new Case(
            "add key and delete all keys from map",
            "{'spec':{'name':1,'value':1}}",
            "{'spec':{'other':'a','$patch':'replace'}}",
            "{'spec':{'other':'a'}}"),
        new Case(
            "delete all duplicate entries in a merging list",
            containers("[{'name':1},{'name':1},{'name':2,'value':'a'},{'name':3},{'name':3}]"),
            containers("[{'name':1,'$patch':'delete'},{'name':3,'$patch':'delete'}]"),
            containers("[{'name':2,'value':'a'}]")),
        new Case(
            "retainKeys list can add a field when no retainKeys directive present",
            "{'spec':{'volumes':[{'name':'bar'},{'name':'foo'}]}}",
            "{'spec':{'volumes':[{'name':'foo','value':'a'}]}}",
            "{'spec':{'volumes':[{'name':'bar'},{'name':'foo','value':'a'}]}}"),
        new Case(
            "retainKeys list can delete a field when no retainKeys directive present",
            "{'spec':{'volumes':[{'name':'bar'},{'name':'foo','value':'a'}]}}",
            "{'spec':{'volumes':[{'name':'foo','value':null}]}}",
            "{'spec':{'volumes':[{'name':'bar'},{'name':'foo'}]}}"),
        new Case(
            "preserve the order from the patch in a merging list",
            containers("[{'name':1},{'name':2,'value':'b'},{'name':3}]"),
            containers("[{'name':3,'value':'c'},{'name':1,'value':'a'},{'name':2,'other':'x'}]"),
            containers(
                "[{'name':3,'value':'c'},{'name':1,'value':'a'},{'name':2,'value':'b','other':'x'}]")),
        new Case(
            "preserve the order from the patch in a merging list 2",
            containers("[{'name':1},{'name':2,'value':'b'},{'name':3}]"),
            containers("[{'name':3,'value':'c'},{'name':1,'value':'a'}]"),
            containers("[{'name':2,'value':'b'},{'name':3,'value':'c'},{'name':1,'value':'a'}]")),
        new Case(
            "preserve the order from the patch in a merging int list",
            finalizers("[1,2,3]"),
            finalizers("[3,1,2]"),
            finalizers("[3,1,2]")),
        new Case(
            "preserve the order from the patch in a merging int list 2",
            finalizers("[1,2,3]"),
            finalizers("[3,1]"),
            finalizers("[2,3,1]")),
        new Case(
            "$setElementOrder contains item that is not present in the list to be merged",
            containers("[{'name':1},{'name':3}]"),
            "{'spec':{'$setElementOrder/containers':[{'name':3},{'name':2},{'name':1}],"
                + "'containers':[{'name':3,'value':3},{'name':1,'value':1}]}}",
            containers("[{'name':3,'value':3},{'name':1,'value':1}]")),
        new Case(
            "$setElementOrder contains item that is not present in the int list to be merged",
            finalizers("[1,3]"),
            "{'metadata':{'$setElementOrder/finalizers':[3,2,1]}}",
            finalizers("[3,1]")),
        new Case(
            "$deleteFromPrimitiveList of nonexistent item should not add the item to the list",
            finalizers("[1,2]"),
            "{'metadata':{'$deleteFromPrimitiveList/finalizers':[3]}}",
            finalizers("[1,2]")),
        new Case(
            "$deleteFromPrimitiveList on empty primitive list should not add the item to the list",
            finalizers("null"),
            "{'metadata':{'$deleteFromPrimitiveList/finalizers':[3]}}",
            finalizers("null")),
        new Case(
            "$deleteFromPrimitiveList on nonexistent primitive list should not add the list",
            "{'metadata':{'foo':['bar']}}",
            "{'metadata':{'$deleteFromPrimitiveList/finalizers':[3]}}",
            "{'metadata':{'foo':['bar']}}"));
    check(
        Deployment.class,
        new Case(
            "retainKeys map can add a field when no retainKeys directive present",
            "{'spec':{'strategy':{'name':'foo'}}}",
            "{'spec':{'strategy':{'value':'bar'}}}",
            "{'spec':{'strategy':{'name':'foo','value':'bar'}}}"),
        new Case(
            "retainKeys map can delete a field when no retainKeys directive present",
            "{'spec':{'strategy':{'name':'foo','value':'a'}}}",
            "{'spec':{'strategy':{'value':null}}}",
            "{'spec':{'strategy':{'name':'foo'}}}"),
        new Case(
            "retainKeys map merge an empty map",
            "{'spec':{'strategy':{'name':'foo','value':'a'}}}",
            "{'spec':{'strategy':{}}}",
            "{'spec':{'strategy':{'name':'foo','value':'a'}}}"));
  }

  @Test
  void customErrorCases() {
    String[][] cases = {
      {
        containers("[{'name':1},{'name':3},{'name':2}]"),
        "{'spec':{'$setElementOrder/containers':[{'name':1},{'name':2},{'name':3}],"
            + "'containers':[{'name':3,'value':3},{'name':1,'value':1}]}}",
        "doesn't match"
      },
      {
        finalizers("[1,3,2]"),
        "{'metadata':{'$setElementOrder/finalizers':[1,2,3],'finalizers':[3,1]}}",
        "doesn't match"
      },
      {
        containers("[{'name':1,'value':'a'}]"),
        containers("[{'value':'b'}]"),
        "does not contain declared merge key"
      },
    };
    for (String[] c : cases) {
      assertThatThrownBy(() -> StrategicMergePatch.apply(json(c[0]), bytes(c[1]), Pod.class))
          .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(500))
          .hasMessageContaining(c[2]);
    }
  }

  @Test
  void threeWayPatchesAppliedToTheCurrentObject() {
    check(
        Pod.class,
        new Case(
            "nested patch merge with empty list",
            "{'spec':{'name':'hi','containers':[{'name':'hello2'}]}}",
            "{'spec':{'$setElementOrder/containers':[{'name':'hello'},{'name':'doesntexist'}],"
                + "'containers':[{'name':'hello'},{'$patch':'delete','name':'doesntexist'}]}}",
            "{'spec':{'name':'hi','containers':[{'name':'hello'},{'name':'hello2'}]}}"),
        new Case(
            "delete items in lists of scalars",
            finalizers("[1,2,3,4]"),
            "{'metadata':{'$setElementOrder/finalizers':[1,2],'$deleteFromPrimitiveList/finalizers':[3]}}",
            finalizers("[1,2,4]")),
        new Case(
            "delete all duplicate items in lists of scalars",
            finalizers("[1,2,3,3,4]"),
            "{'metadata':{'$setElementOrder/finalizers':[1,2],'$deleteFromPrimitiveList/finalizers':[3]}}",
            finalizers("[1,2,4]")),
        new Case(
            "add and delete items in lists of scalars",
            finalizers("[1,2,3,4]"),
            "{'metadata':{'$setElementOrder/finalizers':[1,2,4],'$deleteFromPrimitiveList/finalizers':[3]}}",
            finalizers("[1,2,4]")),
        new Case(
            "merge lists of maps",
            containers("[{'name':1,'other':'a'},{'name':2,'value':2,'other':'b'}]"),
            "{'spec':{'$setElementOrder/containers':[{'name':4},{'name':1},{'name':2},{'name':3}],"
                + "'containers':[{'name':4,'value':4},{'name':3,'value':3}]}}",
            containers(
                "[{'name':4,'value':4},{'name':1,'other':'a'},{'name':2,'value':2,'other':'b'},"
                    + "{'name':3,'value':3}]")),
        new Case(
            "merge lists of maps with conflict",
            containers("[{'name':1,'other':'a'},{'name':2,'value':3,'other':'b'}]"),
            "{'spec':{'$setElementOrder/containers':[{'name':1},{'name':2},{'name':3}],"
                + "'containers':[{'name':2,'value':2},{'name':3,'value':3}]}}",
            containers(
                "[{'name':1,'other':'a'},{'name':2,'value':2,'other':'b'},{'name':3,'value':3}]")),
        new Case(
            "add field to map in merging list with conflict",
            containers("[{'name':1,'other':'a'},{'name':3,'value':2,'other':'b'}]"),
            "{'spec':{'$setElementOrder/containers':[{'name':1},{'name':2}],"
                + "'containers':[{'name':1,'value':1},{'name':2,'value':2}]}}",
            containers(
                "[{'name':1,'value':1,'other':'a'},{'name':2,'value':2},"
                    + "{'name':3,'value':2,'other':'b'}]")),
        new Case(
            "delete map from merging list",
            containers("[{'name':1},{'name':2,'other':'b'}]"),
            "{'spec':{'$setElementOrder/containers':[{'name':2}],"
                + "'containers':[{'name':1,'$patch':'delete'}]}}",
            containers("[{'name':2,'other':'b'}]")),
        new Case(
            "delete missing map from merging list with conflict",
            containers("[{'name':3,'other':'a'}]"),
            "{'spec':{'$setElementOrder/containers':[{'name':2}],"
                + "'containers':[{'name':2},{'name':1,'$patch':'delete'}]}}",
            containers("[{'name':2},{'name':3,'other':'a'}]")),
        new Case(
            // The result depends on Go appending into the room the deletion left in the
            // original slice, which $setElementOrder then orders by.
            "add map and delete map from merging list",
            containers("[{'name':1},{'name':2,'other':'b'},{'name':4,'other':'c'}]"),
            "{'spec':{'$setElementOrder/containers':[{'name':2},{'name':3}],"
                + "'containers':[{'name':3},{'name':1,'$patch':'delete'}]}}",
            containers("[{'name':2,'other':'b'},{'name':4,'other':'c'},{'name':3}]")),
        new Case(
            "add map and delete map from merging list with conflict",
            containers("[{'name':1,'other':'a'},{'name':4,'other':'c'}]"),
            "{'spec':{'$setElementOrder/containers':[{'name':2},{'name':3}],"
                + "'containers':[{'name':2},{'name':3},{'name':1,'$patch':'delete'}]}}",
            containers("[{'name':4,'other':'c'},{'name':2},{'name':3}]")),
        new Case(
            "delete field from map in merging list",
            containers("[{'name':1,'value':1,'other':'a'},{'name':2,'value':2,'other':'b'}]"),
            "{'spec':{'$setElementOrder/containers':[{'name':1},{'name':2}],"
                + "'containers':[{'name':1,'value':null}]}}",
            containers("[{'name':1,'other':'a'},{'name':2,'value':2,'other':'b'}]")),
        new Case(
            "replace non merging list nested in merging list",
            containers(
                "[{'name':1,'other':'a','envFrom':[{'name':1},{'name':2,'value':2}]},"
                    + "{'name':2,'other':'b'}]"),
            "{'spec':{'$setElementOrder/containers':[{'name':1},{'name':2}],"
                + "'containers':[{'name':1,'envFrom':[{'name':1,'value':1}]}]}}",
            containers(
                "[{'name':1,'other':'a','envFrom':[{'name':1,'value':1}]},{'name':2,'other':'b'}]")));
  }
}
