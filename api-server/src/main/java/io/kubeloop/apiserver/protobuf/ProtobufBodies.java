package io.kubeloop.apiserver.protobuf;

import com.fasterxml.jackson.databind.node.ObjectNode;
import com.google.protobuf.CodedInputStream;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.errors.ApiException;
import io.kubernetes.client.proto.Runtime;
import java.util.Locale;

/**
 * Reads request bodies in kube's protobuf encoding ({@value #MEDIA_TYPE}): the four bytes {@code
 * k8s\0}, then a {@code runtime.Unknown} message whose {@code typeMeta} names the kind and whose
 * {@code raw} bytes are that kind's message. The result is the object's JSON tree, as a JSON client
 * would have sent it, so everything after decoding is the same for both encodings.
 *
 * <p>Stateless and thread-safe.
 */
public final class ProtobufBodies {

  /** kube's protobuf media type. */
  public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";

  private static final byte[] MAGIC = {'k', '8', 's', 0};

  private ProtobufBodies() {}

  /** Whether a {@code Content-Type} header (parameters allowed) names kube's protobuf encoding. */
  public static boolean isProtobuf(String contentType) {
    if (contentType == null) {
      return false;
    }
    int semicolon = contentType.indexOf(';');
    String type = semicolon < 0 ? contentType : contentType.substring(0, semicolon);
    return type.trim().toLowerCase(Locale.ROOT).equals(MEDIA_TYPE);
  }

  /** Whether objects of a kind (e.g. {@code "apps/v1"}, {@code "Deployment"}) can be read here. */
  public static boolean supports(String apiVersion, String kind) {
    return KubeDescriptors.forKind(apiVersion, kind).isPresent();
  }

  /**
   * Decodes a protobuf request body into the object's JSON, {@code apiVersion} and {@code kind}
   * taken from the envelope.
   *
   * @throws ApiException 400 when the body is not a kube protobuf message, 415 when its kind has no
   *     protobuf form here
   */
  public static ObjectNode decode(byte[] body) {
    if (body.length < MAGIC.length
        || body[0] != MAGIC[0]
        || body[1] != MAGIC[1]
        || body[2] != MAGIC[2]
        || body[3] != MAGIC[3]) {
      throw ApiException.badRequest(
          "provided data does not appear to be a protobuf message, expected prefix [107 56 115 0]");
    }
    Runtime.Unknown envelope;
    try {
      envelope =
          Runtime.Unknown.parseFrom(
              CodedInputStream.newInstance(body, MAGIC.length, body.length - MAGIC.length));
    } catch (java.io.IOException e) {
      throw ApiException.badRequest("unable to decode protobuf envelope: " + e.getMessage());
    }
    if (!envelope.getContentEncoding().isEmpty()) {
      throw ApiException.unsupportedMediaType(
          "unsupported protobuf content encoding \"" + envelope.getContentEncoding() + "\"");
    }
    String apiVersion = envelope.getTypeMeta().getApiVersion();
    String kind = envelope.getTypeMeta().getKind();
    if (kind.isEmpty()) {
      throw ApiException.badRequest("Object 'Kind' is missing in protobuf envelope");
    }
    Descriptor descriptor =
        KubeDescriptors.forKind(apiVersion, kind)
            .orElseThrow(
                () ->
                    ApiException.unsupportedMediaType(
                        "the body of the request was in an unknown format - accepted media types"
                            + " include: application/json, application/yaml (no protobuf form"
                            + " for "
                            + apiVersion
                            + ", Kind="
                            + kind
                            + ")"));
    DynamicMessage message;
    try {
      message = DynamicMessage.parseFrom(descriptor, envelope.getRaw());
    } catch (InvalidProtocolBufferException e) {
      throw ApiException.badRequest(
          "unable to decode " + kind + " from protobuf: " + e.getMessage());
    }
    ObjectNode object = Json.MAPPER.createObjectNode();
    object.put("apiVersion", apiVersion);
    object.put("kind", kind);
    MessageToJson.fill(message, object);
    return object;
  }
}
