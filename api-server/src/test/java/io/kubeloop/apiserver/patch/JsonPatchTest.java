package io.kubeloop.apiserver.patch;

import static io.kubeloop.apiserver.patch.PatchTestSupport.bytes;
import static io.kubeloop.apiserver.patch.PatchTestSupport.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeloop.apiserver.errors.ApiException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JsonPatchTest {

  private static JsonNode patch(String doc, String ops) {
    return JsonPatch.apply(json(doc), bytes(ops));
  }

  private static void assertRejected(String doc, String ops) {
    assertThatThrownBy(() -> patch(doc, ops))
        .as(ops)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(422);
              assertThat(e.reason()).isEqualTo("Invalid");
              assertThat(e.getMessage())
                  .isEqualTo("the server rejected our request due to an error in our request");
            });
  }

  private static void assertBadRequest(String ops, String message) {
    assertThatThrownBy(() -> patch("{}", ops))
        .as(ops)
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(400);
              assertThat(e.reason()).isEqualTo("BadRequest");
              assertThat(e.getMessage()).isEqualTo(message);
            });
  }

  @Test
  void rfc6902Examples() {
    String[][] cases = {
      // A.1 - A.8, A.10, A.11, A.14, A.16
      {"{'foo':'bar'}", "[{'op':'add','path':'/baz','value':'qux'}]", "{'baz':'qux','foo':'bar'}"},
      {
        "{'foo':['bar','baz']}",
        "[{'op':'add','path':'/foo/1','value':'qux'}]",
        "{'foo':['bar','qux','baz']}"
      },
      {"{'baz':'qux','foo':'bar'}", "[{'op':'remove','path':'/baz'}]", "{'foo':'bar'}"},
      {"{'foo':['bar','qux','baz']}", "[{'op':'remove','path':'/foo/1'}]", "{'foo':['bar','baz']}"},
      {
        "{'baz':'qux','foo':'bar'}",
        "[{'op':'replace','path':'/baz','value':'boo'}]",
        "{'baz':'boo','foo':'bar'}"
      },
      {
        "{'foo':{'bar':'baz','waldo':'fred'},'qux':{'corge':'grault'}}",
        "[{'op':'move','from':'/foo/waldo','path':'/qux/thud'}]",
        "{'foo':{'bar':'baz'},'qux':{'corge':'grault','thud':'fred'}}"
      },
      {
        "{'foo':['all','grass','cows','eat']}",
        "[{'op':'move','from':'/foo/1','path':'/foo/3'}]",
        "{'foo':['all','cows','eat','grass']}"
      },
      {
        "{'baz':'qux','foo':['a',2,'c']}",
        "[{'op':'test','path':'/baz','value':'qux'},{'op':'test','path':'/foo/1','value':2}]",
        "{'baz':'qux','foo':['a',2,'c']}"
      },
      {
        "{'foo':'bar'}",
        "[{'op':'add','path':'/child','value':{'grandchild':{}}}]",
        "{'foo':'bar','child':{'grandchild':{}}}"
      },
      {
        "{'foo':'bar'}",
        "[{'op':'add','path':'/baz','value':'qux','xyz':123}]",
        "{'foo':'bar','baz':'qux'}"
      },
      {"{'/':9,'~1':10}", "[{'op':'test','path':'/~01','value':10}]", "{'/':9,'~1':10}"},
      {
        "{'foo':['bar']}",
        "[{'op':'add','path':'/foo/-','value':['abc','def']}]",
        "{'foo':['bar',['abc','def']]}"
      },
      {"{'a':{'b':1}}", "[{'op':'copy','from':'/a','path':'/c'}]", "{'a':{'b':1},'c':{'b':1}}"},
    };
    for (String[] c : cases) {
      assertThat(patch(c[0], c[1])).as(c[1]).isEqualTo(json(c[2]));
    }
  }

  @Test
  void failedOperationsAre422WithKubesGenericMessage() {
    assertRejected("{'baz':'qux'}", "[{'op':'test','path':'/baz','value':'bar'}]"); // A.9
    assertRejected("{'foo':'bar'}", "[{'op':'add','path':'/baz/bat','value':'qux'}]"); // A.12
    assertRejected("{'/':9,'~1':10}", "[{'op':'test','path':'/~01','value':'10'}]"); // A.15
    assertRejected("{'a':1}", "[{'op':'remove','path':'/b'}]");
    assertRejected("{'a':[1]}", "[{'op':'remove','path':'/a/1'}]");
    assertRejected("{'a':[1]}", "[{'op':'add','path':'/a/5','value':2}]");
    assertRejected("{'a':1}", "[{'op':'bogus','path':'/a'}]");
    assertRejected("{'a':1}", "[{'op':'add','value':1}]");
    assertRejected("{'a':1}", "[{'path':'/a'}]");
    assertRejected("{'a':1}", "[null]");
    assertRejected("{'a':1}", "[{'op':'add','path':'a','value':1}]");
    assertRejected("{'a':1}", "[{'op':'move','from':'/x','path':'/y'}]");
  }

  @Test
  void aFailedTestLeavesTheDocumentAlone() {
    JsonNode doc = json("{'metadata':{'resourceVersion':'5'},'spec':{'replicas':1}}");
    Throwable thrown =
        catchThrowable(
            () ->
                JsonPatch.apply(
                    doc,
                    bytes(
                        "[{'op':'replace','path':'/spec/replicas','value':3},"
                            + "{'op':'test','path':'/metadata/resourceVersion','value':'4'}]")));
    assertThat(thrown).isInstanceOf(ApiException.class);
    assertThat(((ApiException) thrown).code()).isEqualTo(422);
    assertThat(doc.at("/spec/replicas").asInt()).isEqualTo(1);
  }

  @Test
  void behavesLikeKubesJsonPatchLibrary() {
    // replace of a missing object member adds it
    assertThat(
            patch(
                "{'metadata':{'labels':{}}}",
                "[{'op':'replace','path':'/metadata/labels/a','value':'x'}]"))
        .isEqualTo(json("{'metadata':{'labels':{'a':'x'}}}"));
    // a missing value is null
    assertThat(patch("{}", "[{'op':'add','path':'/a'}]")).isEqualTo(json("{'a':null}"));
    // the root may be replaced by an object or array and tested, not added to or copied
    assertThat(patch("{'a':1}", "[{'op':'replace','path':'','value':{'b':2}}]"))
        .isEqualTo(json("{'b':2}"));
    assertThat(patch("{'a':1}", "[{'op':'test','path':'','value':{'a':1}}]"))
        .isEqualTo(json("{'a':1}"));
    assertRejected("{'a':1}", "[{'op':'replace','path':'','value':3}]");
    assertRejected("{'a':1}", "[{'op':'add','path':'','value':{}}]");
    assertRejected("{'a':1}", "[{'op':'copy','from':'','path':'/b'}]");
    assertRejected("{'a':1}", "[{'op':'remove','path':''}]");
    // a null body is an empty patch
    assertThat(patch("{'a':1}", "null")).isEqualTo(json("{'a':1}"));
    assertThat(patch("{'a':1}", "[]")).isEqualTo(json("{'a':1}"));
  }

  @Test
  void escapedMemberNamesAreDecodedOnce() {
    String doc = "{'/':9,'~1':10,'a~b':1,'x/y':2,'~01':3}";
    assertThat(
            patch(
                doc,
                "[{'op':'test','path':'/~01','value':10},{'op':'test','path':'/~1','value':9},"
                    + "{'op':'test','path':'/a~0b','value':1},{'op':'test','path':'/~001','value':3},"
                    + "{'op':'replace','path':'/x~1y','value':5},{'op':'copy','from':'/a~0b','path':'/c~0'}]"))
        .isEqualTo(json("{'/':9,'~1':10,'a~b':1,'x/y':5,'~01':3,'c~':1}"));
    // Label keys with a prefix are the everyday case.
    assertThat(
            patch(
                "{'metadata':{'labels':{'app.kubernetes.io/name':'a'}}}",
                "[{'op':'replace','path':'/metadata/labels/app.kubernetes.io~1name','value':'b'}]"))
        .isEqualTo(json("{'metadata':{'labels':{'app.kubernetes.io/name':'b'}}}"));
  }

  @Test
  void doesNotModifyItsInput() {
    JsonNode doc = json("{'a':{'b':[1,2]}}");
    JsonNode patched =
        JsonPatch.apply(
            doc, bytes("[{'op':'add','path':'/a/b/-','value':3},{'op':'remove','path':'/a/b/0'}]"));
    assertThat(patched).isEqualTo(json("{'a':{'b':[2,3]}}"));
    assertThat(doc).isEqualTo(json("{'a':{'b':[1,2]}}"));
  }

  @Test
  void malformedPatchesAre400WithGoMessages() {
    assertBadRequest("[", "unexpected end of JSON input");
    assertBadRequest(
        "[{'op':'add',}]", "invalid character '}' looking for beginning of object key string");
    assertBadRequest(
        "{'op':'add','path':'/a','value':1}",
        "json: cannot unmarshal object into Go value of type jsonpatch.Patch");
    assertBadRequest("'x'", "json: cannot unmarshal string into Go value of type jsonpatch.Patch");
    assertBadRequest(
        "[{'op':'add','path':'/a'},1]",
        "json: cannot unmarshal number into Go value of type jsonpatch.Operation");
    assertBadRequest(
        "[[]]", "json: cannot unmarshal array into Go value of type jsonpatch.Operation");
    assertBadRequest(
        "[true]", "json: cannot unmarshal bool into Go value of type jsonpatch.Operation");
  }

  @Test
  void moreThanTenThousandOperationsAre413() {
    String op = "{\"op\":\"test\",\"path\":\"/a\",\"value\":1}";
    String ok = "[" + String.join(",", java.util.Collections.nCopies(10_000, op)) + "]";
    assertThat(JsonPatch.apply(json("{'a':1}"), ok.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(json("{'a':1}"));
    String tooMany = "[" + String.join(",", java.util.Collections.nCopies(10_001, op)) + "]";
    assertThatThrownBy(
            () -> JsonPatch.apply(json("{'a':1}"), tooMany.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOfSatisfying(
            ApiException.class,
            e -> {
              assertThat(e.code()).isEqualTo(413);
              assertThat(e.reason()).isEqualTo("RequestEntityTooLarge");
              assertThat(e.getMessage())
                  .isEqualTo(
                      "Request entity too large: The allowed maximum operations in a JSON patch is"
                          + " 10000, got 10001");
            });
  }

  @Test
  void copiesMayAddAtMostThreeMebibytes() {
    String big = "x".repeat(1_000_000);
    JsonNode doc = json("{'big':'" + big + "'}");
    String copy = "{'op':'copy','from':'/big','path':'/c%d'}";
    String three =
        "[" + copy.formatted(1) + "," + copy.formatted(2) + "," + copy.formatted(3) + "]";
    assertThat(JsonPatch.apply(doc, bytes(three)).size()).isEqualTo(4);
    String four = three.substring(0, three.length() - 1) + "," + copy.formatted(4) + "]";
    assertThatThrownBy(() -> JsonPatch.apply(doc, bytes(four)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422));
    // Adding the same amount is fine: only copies count.
    String add = "{'op':'add','path':'/a%d','value':'" + big + "'}";
    String fourAdds =
        "["
            + add.formatted(1)
            + ","
            + add.formatted(2)
            + ","
            + add.formatted(3)
            + ","
            + add.formatted(4)
            + "]";
    assertThat(JsonPatch.apply(doc, bytes(fourAdds)).size()).isEqualTo(5);
  }

  @Test
  void exponentialCopiesStopAtTheLimit() {
    // Each copy doubles the array; unchecked, 40 of them would need terabytes.
    String doubling = "{'op':'copy','from':'/a','path':'/a/-'}";
    String ops = "[" + String.join(",", java.util.Collections.nCopies(40, doubling)) + "]";
    JsonNode doc = json("{'a':['" + "y".repeat(1000) + "']}");
    assertThatThrownBy(() -> JsonPatch.apply(doc, bytes(ops)))
        .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(422));
  }

  @Test
  void deepNestingNeverOverflowsTheStack() {
    // Within Go's limit: applied, or refused with a 4xx, but never a StackOverflowError.
    for (int depth : new int[] {100, 2_000, 9_998}) {
      String value = "[".repeat(depth) + "]".repeat(depth);
      byte[] ops =
          ("[{\"op\":\"add\",\"path\":\"/v\",\"value\":" + value + "}]")
              .getBytes(StandardCharsets.UTF_8);
      Throwable thrown = catchThrowable(() -> JsonPatch.apply(json("{}"), ops));
      if (thrown != null) {
        assertThat(thrown).as("depth " + depth).isInstanceOf(ApiException.class);
        assertThat(((ApiException) thrown).code()).isBetween(400, 499);
      }
    }
    byte[] tooDeep =
        ("[{\"op\":\"add\",\"path\":\"/v\",\"value\":"
                + "[".repeat(10_000)
                + "]".repeat(10_000)
                + "}]")
            .getBytes(StandardCharsets.UTF_8);
    assertThatThrownBy(() -> JsonPatch.apply(json("{}"), tooDeep))
        .isInstanceOf(ApiException.class)
        .hasMessage("invalid character '[' exceeded max depth");
  }

  @Test
  void aPatchedObjectDeeperThanTheLimitIsInvalid() {
    JsonNode doc = json("{'a':{'b':{}}}");
    String value = "[".repeat(9_999) + "]".repeat(9_999);
    byte[] ops =
        ("[{\"op\":\"add\",\"path\":\"/a/b/c\",\"value\":" + value + "}]")
            .getBytes(StandardCharsets.UTF_8);
    Throwable thrown = catchThrowable(() -> JsonPatch.apply(doc, ops));
    assertThat(thrown).isInstanceOf(ApiException.class);
    assertThat(((ApiException) thrown).code()).isBetween(400, 499);
  }
}
