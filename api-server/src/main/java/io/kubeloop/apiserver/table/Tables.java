package io.kubeloop.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.kubeloop.apiserver.codec.Json;
import java.time.Instant;
import java.util.List;

/** Builds {@code meta.k8s.io Table} documents and {@code PartialObjectMetadata}. */
public final class Tables {

  /** What each row carries besides its cells ({@code includeObject}). */
  public enum IncludeObject {
    NONE,
    METADATA,
    OBJECT;

    /** The {@code includeObject} parameter; kube's default is Metadata. */
    public static IncludeObject parse(String value) {
      if (value == null || value.isEmpty() || value.equals("Metadata")) {
        return METADATA;
      }
      return switch (value) {
        case "None" -> NONE;
        case "Object" -> OBJECT;
        default ->
            throw io.kubeloop.apiserver.errors.ApiException.badRequest(
                "includeObject must be one of \"None\", \"Metadata\" or \"Object\", got \""
                    + value
                    + "\"");
      };
    }
  }

  private Tables() {}

  /**
   * A table of {@code objects}.
   *
   * @param version {@code v1} or {@code v1beta1}, as the client asked
   * @param listMetadata resourceVersion/continue/remainingItemCount, or null for a single object
   */
  public static ObjectNode table(
      Printer printer,
      List<ObjectNode> objects,
      Instant now,
      IncludeObject include,
      String version,
      ObjectNode listMetadata) {
    ObjectNode table = Json.MAPPER.createObjectNode();
    table.put("kind", "Table");
    table.put("apiVersion", "meta.k8s.io/" + version);
    table.set("metadata", listMetadata == null ? Json.MAPPER.createObjectNode() : listMetadata);
    ArrayNode columns = table.putArray("columnDefinitions");
    for (Column c : printer.columns()) {
      ObjectNode column = columns.addObject();
      column.put("name", c.name());
      column.put("type", c.type());
      column.put("format", c.format());
      column.put("description", c.description());
      column.put("priority", c.priority());
    }
    ArrayNode rows = table.putArray("rows");
    for (ObjectNode object : objects) {
      ObjectNode row = rows.addObject();
      ArrayNode cells = row.putArray("cells");
      for (Object cell : printer.cells(object, now)) {
        cells.add(Json.MAPPER.valueToTree(cell));
      }
      switch (include) {
        case METADATA -> row.set("object", partialMetadata(object));
        case OBJECT -> row.set("object", object);
        case NONE -> {}
      }
    }
    return table;
  }

  /** The {@code PartialObjectMetadata} of an object: its type and metadata only. */
  public static ObjectNode partialMetadata(JsonNode object) {
    ObjectNode partial = Json.MAPPER.createObjectNode();
    partial.put("kind", "PartialObjectMetadata");
    partial.put("apiVersion", "meta.k8s.io/v1");
    partial.set("metadata", object.path("metadata").deepCopy());
    return partial;
  }
}
