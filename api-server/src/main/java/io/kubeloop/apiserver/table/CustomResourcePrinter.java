package io.kubeloop.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The table of custom resources: Name, then the CRD version's additionalPrinterColumns (Age when it
 * declares none), with date columns shown as ages as kube does.
 */
public final class CustomResourcePrinter implements Printer {

  private record PrinterColumn(Column column, String jsonPath) {}

  private final List<PrinterColumn> columns;

  private CustomResourcePrinter(List<PrinterColumn> columns) {
    this.columns = columns;
  }

  /** The printer of one CRD version, from its {@code additionalPrinterColumns} (may be null). */
  public static CustomResourcePrinter of(JsonNode printerColumns) {
    List<PrinterColumn> columns = new ArrayList<>();
    for (JsonNode c : printerColumns == null ? List.<JsonNode>of() : printerColumns) {
      columns.add(
          new PrinterColumn(
              new Column(
                  c.path("name").asText(),
                  c.path("type").asText("string"),
                  c.path("format").asText(""),
                  c.path("description").asText(""),
                  c.path("priority").asInt(0)),
              c.path("jsonPath").asText("")));
    }
    if (columns.isEmpty()) {
      columns.add(
          new PrinterColumn(new Column("Age", "date", "", "", 0), ".metadata.creationTimestamp"));
    }
    return new CustomResourcePrinter(List.copyOf(columns));
  }

  @Override
  public List<Column> columns() {
    List<Column> result = new ArrayList<>();
    result.add(Column.nameColumn());
    columns.forEach(c -> result.add(c.column()));
    return result;
  }

  @Override
  public List<Object> cells(JsonNode object, Instant now) {
    List<Object> cells = new ArrayList<>();
    cells.add(object.path("metadata").path("name").asText(""));
    for (PrinterColumn c : columns) {
      List<JsonNode> values = JsonPathLite.evaluate(object, c.jsonPath());
      if (values.isEmpty()) {
        cells.add(null);
        continue;
      }
      JsonNode value = values.get(0);
      cells.add(
          switch (c.column().type()) {
            case "date" -> Durations.since(value.asText(""), now);
            case "integer" -> value.canConvertToLong() ? (Object) value.asLong() : value.asText();
            case "number" -> value.isNumber() ? (Object) value.asDouble() : value.asText();
            case "boolean" -> value.isBoolean() ? (Object) value.asBoolean() : value.asText();
            default -> values.size() == 1 || !value.isValueNode() ? text(value) : join(values);
          });
    }
    return cells;
  }

  private static String text(JsonNode value) {
    return value.isValueNode() ? value.asText() : value.toString();
  }

  private static String join(List<JsonNode> values) {
    List<String> texts = new ArrayList<>();
    values.forEach(v -> texts.add(text(v)));
    return String.join(",", texts);
  }
}
