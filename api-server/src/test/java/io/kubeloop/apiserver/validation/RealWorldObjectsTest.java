package io.kubeloop.apiserver.validation;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Objects real clients send must default and validate cleanly: no false positives. */
class RealWorldObjectsTest {

  private static final KubernetesSerialization JSON = new KubernetesSerialization();

  static Stream<Arguments> objects() throws IOException {
    List<Arguments> out = new ArrayList<>();
    try (InputStream in = RealWorldObjectsTest.class.getResourceAsStream("kubectl-objects.yaml")) {
      YAMLMapper yaml = new YAMLMapper(new YAMLFactory());
      for (JsonNode doc : yaml.readValues(yaml.createParser(in), JsonNode.class).readAll()) {
        String apiVersion = doc.get("apiVersion").asText();
        String group =
            apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String kind = doc.get("kind").asText();
        out.add(Arguments.of(group.isEmpty() ? kind : group + "/" + kind, group, kind, doc));
      }
    }
    return out.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("objects")
  void defaultsAndValidatesCleanly(String name, String group, String kind, JsonNode doc)
      throws IOException {
    TypeRules<? extends HasMetadata> rules = BuiltinRules.forKind(group, kind).orElseThrow();
    assertThat(check(rules, doc)).isEmpty();
  }

  private static <T extends HasMetadata> List<String> check(TypeRules<T> rules, JsonNode doc)
      throws IOException {
    T obj = JSON.convertValue(doc, rules.type());
    rules.applyDefaults(obj);
    List<String> errs = new ArrayList<>(Fixtures.render(rules.validate(obj)));
    // re-decoding what we would store gives the same object: defaults are idempotent
    T again = JSON.convertValue(JSON.convertValue(obj, JsonNode.class), rules.type());
    rules.applyDefaults(again);
    JsonNode first = JSON.convertValue(obj, JsonNode.class);
    JsonNode second = JSON.convertValue(again, JsonNode.class);
    assertThat(second).isEqualTo(first);
    // and an unchanged update is always allowed
    obj.getMetadata().setResourceVersion("1");
    again.getMetadata().setResourceVersion("1");
    errs.addAll(Fixtures.render(rules.validateUpdate(again, obj)));
    return errs;
  }
}
