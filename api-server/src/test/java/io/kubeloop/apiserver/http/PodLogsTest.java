package io.kubeloop.apiserver.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class PodLogsTest {

  private static JsonNode json(String text) {
    return Json.readStored(text.replace('\'', '"').getBytes(StandardCharsets.UTF_8));
  }

  private static final JsonNode TWO =
      json(
          "{'spec':{'initContainers':[{'name':'setup'}],"
              + "'containers':[{'name':'a'},{'name':'b'}]}}");

  private static ApiException error(Runnable call) {
    try {
      call.run();
    } catch (ApiException e) {
      return e;
    }
    throw new AssertionError("no error");
  }

  @Test
  void containersAreCheckedAsKubesValidateContainer() {
    assertThat(PodLogs.container(json("{'spec':{'containers':[{'name':'only'}]}}"), "p", ""))
        .isEqualTo("only");
    assertThat(PodLogs.container(TWO, "p", "setup")).isEqualTo("setup");
    ApiException none = error(() -> PodLogs.container(TWO, "web", ""));
    assertThat(none.code()).isEqualTo(400);
    assertThat(none.getMessage())
        .isEqualTo("a container name must be specified for pod web, choose one of: [setup a b]");
    assertThat(error(() -> PodLogs.container(TWO, "web", "c")).getMessage())
        .isEqualTo("container c is not valid for pod web");
  }

  @Test
  void agentErrorsBecomeKubesStatuses() {
    ApiException bad = PodLogs.agentError(400, "container \"a\" in pod \"p\" is waiting", "p");
    assertThat(bad.code()).isEqualTo(400);
    assertThat(bad.reason()).isEqualTo("BadRequest");
    assertThat(bad.getMessage()).isEqualTo("container \"a\" in pod \"p\" is waiting");
    ApiException missing = PodLogs.agentError(404, "pod \"p\" does not exist", "p");
    assertThat(missing.reason()).isEqualTo("NotFound");
    assertThat(missing.status().getDetails().getCauses().get(0).getMessage())
        .isEqualTo("pod \"p\" does not exist");
    assertThat(PodLogs.agentError(500, "boom", "p").reason()).isEqualTo("InternalError");
  }

  @Test
  void theNodesInternalIpIsPreferred() {
    JsonNode node =
        json(
            "{'status':{'addresses':[{'type':'Hostname','address':'n1'},"
                + "{'type':'InternalIP','address':'10.0.0.7'}]}}");
    assertThat(PodLogs.address(node, "n1")).isEqualTo("10.0.0.7");
    assertThat(
            PodLogs.address(
                json("{'status':{'addresses':[{'type':'Hostname','address':'n1'}]}}"), "n1"))
        .isEqualTo("n1");
  }

  @Test
  void optionsAreDecodedAndValidatedAsPodLogOptions() {
    MultiMap params =
        MultiMap.caseInsensitiveMultiMap()
            .add("follow", "true")
            .add("tailLines", "10")
            .add("timestamps", "1")
            .add("sinceTime", "2026-01-01T00:00:00Z");
    PodLogOptions options = PodLogOptions.parse(params, "p");
    assertThat(options.follow()).isTrue();
    assertThat(options.kubeletQuery())
        .isEqualTo("follow=true&timestamps=true&sinceTime=2026-01-01T00%3A00%3A00Z&tailLines=10");
    ApiException invalid =
        error(
            () ->
                PodLogOptions.parse(
                    MultiMap.caseInsensitiveMultiMap().add("tailLines", "-1"), "p"));
    assertThat(invalid.code()).isEqualTo(422);
    assertThat(invalid.getMessage())
        .isEqualTo(
            "PodLogOptions \"p\" is invalid: tailLines: Invalid value: -1: must be greater than or equal to 0");
    assertThat(
            error(
                    () ->
                        PodLogOptions.parse(
                            MultiMap.caseInsensitiveMultiMap().add("limitBytes", "0"), "p"))
                .getMessage())
        .endsWith("limitBytes: Invalid value: 0: must be greater than 0");
    assertThatThrownBy(
            () -> PodLogOptions.parse(MultiMap.caseInsensitiveMultiMap().add("follow", "yes"), "p"))
        .isInstanceOf(ApiException.class)
        .hasMessage("strconv.ParseBool: parsing \"yes\": invalid syntax");
  }
}
