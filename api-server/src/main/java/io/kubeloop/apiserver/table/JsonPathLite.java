package io.kubeloop.apiserver.table;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The JSONPath subset printer columns use: {@code .a.b}, {@code .a[0]}, {@code .a[*].b} and filters
 * {@code .a[?(@.type=="Ready")].status}. Results are the matching nodes, in order.
 */
final class JsonPathLite {

  private static final Pattern FILTER =
      Pattern.compile("\\?\\(@\\.([A-Za-z0-9_.-]+)\\s*==\\s*[\"']([^\"']*)[\"']\\)");

  private JsonPathLite() {}

  static List<JsonNode> evaluate(JsonNode root, String path) {
    String p = path.trim();
    if (p.startsWith("{") && p.endsWith("}")) {
      p = p.substring(1, p.length() - 1);
    }
    if (p.startsWith("$")) {
      p = p.substring(1);
    }
    List<JsonNode> current = new ArrayList<>(List.of(root));
    int i = 0;
    while (i < p.length() && !current.isEmpty()) {
      char c = p.charAt(i);
      if (c == '.') {
        int end = i + 1;
        while (end < p.length() && p.charAt(end) != '.' && p.charAt(end) != '[') {
          end++;
        }
        String field = p.substring(i + 1, end);
        List<JsonNode> next = new ArrayList<>();
        for (JsonNode node : current) {
          JsonNode child = node.get(field);
          if (child != null && !child.isNull()) {
            next.add(child);
          }
        }
        current = next;
        i = end;
      } else if (c == '[') {
        int end = p.indexOf(']', i);
        if (end < 0) {
          return List.of();
        }
        String selector = p.substring(i + 1, end);
        current = select(current, selector);
        i = end + 1;
      } else {
        return List.of();
      }
    }
    return current;
  }

  private static List<JsonNode> select(List<JsonNode> nodes, String selector) {
    List<JsonNode> next = new ArrayList<>();
    Matcher filter = FILTER.matcher(selector);
    for (JsonNode node : nodes) {
      if (!node.isArray()) {
        continue;
      }
      if (selector.equals("*")) {
        node.forEach(next::add);
      } else if (filter.matches()) {
        for (JsonNode element : node) {
          List<JsonNode> value = evaluate(element, "." + filter.group(1));
          if (!value.isEmpty() && value.get(0).asText().equals(filter.group(2))) {
            next.add(element);
          }
        }
      } else {
        try {
          int index = Integer.parseInt(selector.trim());
          JsonNode element = node.get(index < 0 ? node.size() + index : index);
          if (element != null) {
            next.add(element);
          }
        } catch (NumberFormatException e) {
          return List.of();
        }
      }
    }
    return next;
  }
}
