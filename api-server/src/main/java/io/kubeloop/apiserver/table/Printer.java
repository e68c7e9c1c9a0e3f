package io.kubeloop.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;

/** Turns objects of one resource into table rows. */
public interface Printer {

  List<Column> columns();

  /** One cell per column: String, Long, Double or Boolean. */
  List<Object> cells(JsonNode object, Instant now);

  /** Name and Created At, for resources without a printer of their own. */
  Printer DEFAULT =
      new Printer() {
        @Override
        public List<Column> columns() {
          return List.of(
              Column.nameColumn(),
              Column.of(
                  "Created At",
                  "date",
                  "CreationTimestamp is a timestamp representing the server time when this object was created."));
        }

        @Override
        public List<Object> cells(JsonNode object, Instant now) {
          JsonNode meta = object.path("metadata");
          return List.of(meta.path("name").asText(""), meta.path("creationTimestamp").asText(""));
        }
      };
}
