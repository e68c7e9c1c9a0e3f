package io.kubeloop.apiserver.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import io.kubeloop.apiserver.registry.ListResult;
import io.kubeloop.apiserver.resource.ResourceType;
import io.kubeloop.apiserver.table.BuiltinPrinters;
import io.kubeloop.apiserver.table.CustomResourcePrinter;
import io.kubeloop.apiserver.table.Printer;
import io.kubeloop.apiserver.table.Tables;
import io.kubeloop.apiserver.watchcache.CachedObject;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders reads in the negotiated {@link Representation}: objects as stored (spliced bytes),
 * tables, or partial metadata.
 */
final class Renderer {

  private final Representation representation;
  private final VersionConverter versions;
  private final Tables.IncludeObject include;
  private final InstantSource clock;

  Renderer(
      Representation representation,
      VersionConverter versions,
      Tables.IncludeObject include,
      InstantSource clock) {
    this.representation = representation;
    this.versions = versions;
    this.include = include;
    this.clock = clock;
  }

  /** The resource as the request named it (its version may differ from the stored one). */
  ResourceType requestedType() {
    return versions.requested();
  }

  /**
   * Everything {@link #object} depends on besides the object: renderers with equal keys encode any
   * object alike, so watch frames can be shared between their watches.
   */
  Object encodingKey() {
    return new EncodingKey(representation, versions.requested(), include);
  }

  private record EncodingKey(
      Representation representation, ResourceType requested, Tables.IncludeObject include) {}

  boolean plain() {
    return representation.form() == Representation.Form.OBJECT;
  }

  /** One object, e.g. a GET or a watch event's object. */
  byte[] object(byte[] json) {
    return switch (representation.form()) {
      case OBJECT -> versions.out(json);
      case PARTIAL_METADATA -> Json.write(Tables.partialMetadata(Json.readStored(json)));
      case TABLE ->
          Json.write(
              Tables.table(
                  printer(versions.requested()),
                  List.of(versions.out(Json.readStored(json))),
                  clock.instant(),
                  include,
                  representation.version(),
                  null));
    };
  }

  /** A list page. */
  byte[] list(ListResult result) {
    return switch (representation.form()) {
      case OBJECT -> ResourceHandler.encodeList(versions, result);
      case PARTIAL_METADATA -> {
        ObjectNode list = Json.MAPPER.createObjectNode();
        list.put("kind", "PartialObjectMetadataList");
        list.put("apiVersion", "meta.k8s.io/" + representation.version());
        list.set("metadata", listMetadata(result));
        var items = list.putArray("items");
        for (CachedObject item : result.items()) {
          items.add(Tables.partialMetadata(Json.readStored(item.json())));
        }
        yield Json.write(list);
      }
      case TABLE -> {
        List<ObjectNode> objects = new ArrayList<>(result.items().size());
        for (CachedObject item : result.items()) {
          objects.add(versions.out(Json.readStored(item.json())));
        }
        yield Json.write(
            Tables.table(
                printer(versions.requested()),
                objects,
                clock.instant(),
                include,
                representation.version(),
                listMetadata(result)));
      }
    };
  }

  private static ObjectNode listMetadata(ListResult result) {
    ObjectNode meta = Json.MAPPER.createObjectNode();
    meta.put("resourceVersion", Long.toString(result.revision()));
    if (!result.continueToken().isEmpty()) {
      meta.put("continue", result.continueToken());
    }
    if (result.remainingItemCount() != null) {
      meta.put("remainingItemCount", result.remainingItemCount());
    }
    return meta;
  }

  static Printer printer(ResourceType type) {
    return type.javaType() != null
        ? BuiltinPrinters.forResource(type.group(), type.plural())
        : CustomResourcePrinter.of(type.printerColumns());
  }
}
