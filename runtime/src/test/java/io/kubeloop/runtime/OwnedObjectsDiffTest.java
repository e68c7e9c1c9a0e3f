package io.kubeloop.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

class OwnedObjectsDiffTest {

  static final ObjectMapper MAPPER = new ObjectMapper();

  static JsonNode json(String s) {
    try {
      return MAPPER.readTree(s.replace('\'', '"'));
    } catch (Exception e) {
      throw new IllegalArgumentException(e);
    }
  }

  @Test
  void equalDocumentsHaveNoDifferencesWhateverTheMemberOrder() {
    assertThat(
            OwnedObjectsDiff.diff(json("{'a':1,'b':{'c':[1,2]}}"), json("{'b':{'c':[1,2]},'a':1}")))
        .isEmpty();
  }

  @Test
  void differencesAreReportedAtTheDeepestObjectMember() {
    assertThat(
            OwnedObjectsDiff.diff(
                json("{'spec':{'replicas':1,'selector':{'app':'x'}},'data':{'k':'v'}}"),
                json("{'spec':{'replicas':2,'selector':{'app':'x'}},'data':{'k':'v','n':'w'}}")))
        .containsExactly("/spec/replicas", "/data/n");
  }

  @Test
  void arraysAndTypeChangesCompareAsAWhole() {
    assertThat(OwnedObjectsDiff.diff(json("{'l':[1,2]}"), json("{'l':[2,1]}")))
        .containsExactly("/l");
    assertThat(OwnedObjectsDiff.diff(json("{'x':{'y':1}}"), json("{'x':'y'}")))
        .containsExactly("/x");
    assertThat(OwnedObjectsDiff.diff(json("[1]"), json("[2]"))).containsExactly("");
  }

  @Test
  void removedMembersAreDifferencesButNullEqualsAbsent() {
    assertThat(OwnedObjectsDiff.diff(json("{'a':1,'b':2}"), json("{'a':1}"))).containsExactly("/b");
    assertThat(OwnedObjectsDiff.diff(json("{'a':1,'b':null}"), json("{'a':1}"))).isEmpty();
    assertThat(OwnedObjectsDiff.diff(null, null)).isEmpty();
    assertThat(OwnedObjectsDiff.diff(null, json("{}"))).containsExactly("");
  }

  @Test
  void pointerSegmentsAreEscaped() {
    assertThat(
            OwnedObjectsDiff.diff(
                json("{'metadata':{'labels':{'app.kubernetes.io/name':'a','x~y':'1'}}}"),
                json("{'metadata':{'labels':{'app.kubernetes.io/name':'b','x~y':'2'}}}")))
        .containsExactly("/metadata/labels/app.kubernetes.io~1name", "/metadata/labels/x~0y");
  }
}
