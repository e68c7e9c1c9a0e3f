package io.kubeloop.apiserver.codec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.kubeloop.apiserver.errors.ApiException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The server's JSON and YAML mappers. Client input goes through {@link #readObject}, which turns
 * every malformed or hostile body into a 400 instead of an exception the server cannot explain.
 */
public final class Json {

  /** Deeper documents are refused; kube's decoder has a similar limit. */
  public static final int MAX_NESTING_DEPTH = 1000;

  private static final StreamReadConstraints LIMITS =
      StreamReadConstraints.builder()
          .maxNestingDepth(MAX_NESTING_DEPTH)
          .maxStringLength(4 * 1024 * 1024)
          .maxNumberLength(1000)
          .build();

  public static final ObjectMapper MAPPER = configure(JsonMapper.builder().build());

  public static final ObjectMapper YAML =
      configure(
          new YAMLMapper(
              YAMLFactory.builder()
                  .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                  .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
                  .build()));

  private static ObjectMapper configure(ObjectMapper mapper) {
    mapper.getFactory().setStreamReadConstraints(LIMITS);
    mapper.disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
    mapper.disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);
    mapper.disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);
    // Fabric8's model types have java.time fields (Lease's MicroTimes) with their own formats
    mapper.registerModule(new com.fasterxml.jackson.datatype.jsr310.JavaTimeModule());
    return mapper;
  }

  private Json() {}

  /**
   * Parses a request body that must be one JSON (or YAML) object.
   *
   * @throws ApiException 400 if it is not
   */
  public static ObjectNode readObject(byte[] body, boolean yaml) {
    JsonNode node = readTree(body, yaml);
    if (!(node instanceof ObjectNode object)) {
      throw ApiException.badRequest(
          "the request body must be an object, got "
              + (node == null
                  ? "nothing"
                  : node.getNodeType().name().toLowerCase(java.util.Locale.ROOT)));
    }
    return object;
  }

  /**
   * Parses a request body into a tree.
   *
   * @throws ApiException 400 on malformed input, input deeper than {@link #MAX_NESTING_DEPTH} or
   *     trailing content
   */
  public static JsonNode readTree(byte[] body, boolean yaml) {
    if (body == null || body.length == 0) {
      throw ApiException.badRequest("the request body is empty");
    }
    try {
      ObjectMapper mapper = yaml ? YAML : MAPPER;
      try (var parser = mapper.createParser(body)) {
        JsonNode node = mapper.readTree(parser);
        if (node == null || node.isMissingNode()) {
          throw ApiException.badRequest("the request body is empty");
        }
        if (!yaml && parser.nextToken() != null) {
          throw ApiException.badRequest("the request body has content after the object");
        }
        return node;
      }
    } catch (StreamConstraintsException e) {
      throw ApiException.badRequest("the request body exceeds a limit: " + e.getOriginalMessage());
    } catch (JsonProcessingException e) {
      throw ApiException.badRequest(
          "the request body is not valid "
              + (yaml ? "YAML" : "JSON")
              + ": "
              + e.getOriginalMessage());
    } catch (StackOverflowError e) {
      throw ApiException.badRequest("the request body is nested too deeply");
    } catch (IOException e) {
      throw ApiException.badRequest("the request body could not be read: " + e.getMessage());
    } catch (RuntimeException e) {
      if (e instanceof ApiException api) {
        throw api;
      }
      // SnakeYAML reports some malformed documents as runtime exceptions
      throw ApiException.badRequest("the request body is not valid YAML: " + e.getMessage());
    }
  }

  /** Serializes a tree or model object to JSON bytes. */
  public static byte[] write(Object value) {
    try {
      return MAPPER.writeValueAsBytes(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses bytes the server wrote itself (stored objects); failures are internal errors. */
  public static ObjectNode readStored(byte[] bytes) {
    try {
      return (ObjectNode) MAPPER.readTree(bytes);
    } catch (IOException | ClassCastException e) {
      throw ApiException.internalError("stored object is not valid JSON: " + e.getMessage());
    }
  }
}
