package io.kubeloop.apiserver.patch;

import static io.kubeloop.apiserver.patch.PatchTestSupport.bytes;
import static io.kubeloop.apiserver.patch.PatchTestSupport.json;
import static io.kubeloop.apiserver.patch.PatchTestSupport.nestedObjects;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeloop.apiserver.errors.ApiException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class MergePatchTest {

  private static JsonNode merge(String doc, String patch) {
    return MergePatch.apply(json(doc), bytes(patch));
  }

  @Test
  void rfc7386Examples() {
    String[][] cases = {
      {"{'a':'b'}", "{'a':'c'}", "{'a':'c'}"},
      {"{'a':'b'}", "{'b':'c'}", "{'a':'b','b':'c'}"},
      {"{'a':'b'}", "{'a':null}", "{}"},
      {"{'a':'b','b':'c'}", "{'a':null}", "{'b':'c'}"},
      {"{'a':['b']}", "{'a':'c'}", "{'a':'c'}"},
      {"{'a':'c'}", "{'a':['b']}", "{'a':['b']}"},
      {"{'a':{'b':'c'}}", "{'a':{'b':'d','c':null}}", "{'a':{'b':'d'}}"},
      {"{'a':[{'b':'c'}]}", "{'a':[1]}", "{'a':[1]}"},
      {"['a','b']", "['c','d']", "['c','d']"},
      {"{'a':'b'}", "['c']", "['c']"},
      {"{'e':null}", "{'a':1}", "{'e':null,'a':1}"},
      {"[1,2]", "{'a':'b','c':null}", "{'a':'b'}"},
      {"{}", "{'a':{'bb':{'ccc':null}}}", "{'a':{'bb':{}}}"},
    };
    for (String[] c : cases) {
      assertThat(merge(c[0], c[1])).as(c[0] + " + " + c[1]).isEqualTo(json(c[2]));
    }
  }

  @Test
  void refusesNullAndScalarPatchesAsKubeDoes() {
    // RFC 7386 would return the patch itself; evanphx/json-patch (and so kube) refuses.
    for (String patch : new String[] {"null", "'bar'", "1", "true", "", "{", "{'a':}", "x"}) {
      assertThatThrownBy(() -> merge("{'a':'foo'}", patch))
          .as(patch)
          .isInstanceOfSatisfying(
              ApiException.class,
              e -> {
                assertThat(e.code()).isEqualTo(400);
                assertThat(e.reason()).isEqualTo("BadRequest");
                assertThat(e.getMessage()).isEqualTo("Invalid JSON Patch");
              });
    }
  }

  @Test
  void nullRemovesALabel() {
    JsonNode pod =
        json("{'metadata':{'name':'p','labels':{'x':'1','y':'2'}},'spec':{'nodeName':'n'}}");
    JsonNode patched = MergePatch.apply(pod, bytes("{'metadata':{'labels':{'x':null,'z':'3'}}}"));
    assertThat(patched)
        .isEqualTo(
            json("{'metadata':{'name':'p','labels':{'y':'2','z':'3'}},'spec':{'nodeName':'n'}}"));
    // The input is untouched.
    assertThat(pod.path("metadata").path("labels").has("x")).isTrue();
  }

  @Test
  void arraysAreReplacedWhole() {
    JsonNode deployment =
        json(
            "{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'x'},{'name':'b'}]}}}}");
    JsonNode patched =
        MergePatch.apply(
            deployment,
            bytes("{'spec':{'template':{'spec':{'containers':[{'name':'a','image':'y'}]}}}}"));
    assertThat(patched.at("/spec/template/spec/containers"))
        .isEqualTo(json("[{'name':'a','image':'y'}]"));
  }

  @Test
  void prunesNullsFromNewValuesLikeTheGoLibrary() {
    assertThat(merge("{}", "{'a':{'b':null,'c':[1,null,{'d':null}]}}"))
        .isEqualTo(json("{'a':{'c':[1,{}]}}"));
    assertThat(merge("{'a':1}", "{'a':{'x':null,'y':1}}")).isEqualTo(json("{'a':{'y':1}}"));
    assertThat(merge("{'a':1}", "{'a':[null,1]}")).isEqualTo(json("{'a':[1]}"));
    // Replacing an object by a non-object keeps the value as sent.
    assertThat(merge("{'a':{'x':1}}", "{'a':[null,1]}")).isEqualTo(json("{'a':[null,1]}"));
    assertThat(merge("{'a':{'x':1}}", "[null,{'b':null}]")).isEqualTo(json("[{}]"));
  }

  @Test
  void acceptsAnAlreadyParsedPatchWithoutChangingIt() {
    JsonNode patch = json("{'a':{'b':null},'c':[null]}");
    assertThat(MergePatch.apply(json("{'a':{'b':1,'x':2}}"), patch))
        .isEqualTo(json("{'a':{'x':2},'c':[]}"));
    assertThat(patch).isEqualTo(json("{'a':{'b':null},'c':[null]}"));
  }

  @Test
  void mergesTenThousandLevelsWithoutRecursion() {
    JsonNode doc = json(nestedObjects(9_999, "{'keep':1,'drop':2}"));
    byte[] patch = bytes(nestedObjects(9_999, "{'drop':null,'add':3}"));
    JsonNode patched = MergePatch.apply(doc, patch);
    JsonNode leaf = patched;
    for (int i = 0; i < 9_999; i++) {
      leaf = leaf.get("a");
    }
    assertThat(leaf).isEqualTo(json("{'keep':1,'add':3}"));
  }

  @Test
  void refusesDeeperPatchesWith400() {
    byte[] tooDeep = nestedObjects(10_001, "1").getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> MergePatch.apply(json("{}"), tooDeep))
        .isInstanceOf(ApiException.class)
        .hasMessage("Invalid JSON Patch");
    byte[] hostile = "[".repeat(2_000_000).getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> MergePatch.apply(json("{}"), hostile))
        .isInstanceOf(ApiException.class)
        .hasMessage("Invalid JSON Patch");
  }
}
