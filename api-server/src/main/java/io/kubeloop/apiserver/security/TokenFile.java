package io.kubeloop.apiserver.security;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * kube-apiserver's static token file ({@code --token-auth-file}): CSV records {@code
 * token,user,uid[,"group1,group2"]}, read with the rules of Go's {@code encoding/csv} (fields may
 * be quoted, {@code ""} is a quote inside a quoted field, blank lines are skipped, a bare quote in
 * an unquoted field is an error). Columns after the fourth are ignored; a record with an empty
 * token is skipped and a repeated token replaces the earlier one, both with a warning, as in
 * Kubernetes.
 */
final class TokenFile {

  private static final Logger log = LoggerFactory.getLogger(TokenFile.class);

  /** One record: a token and the user it stands for. */
  record Entry(String token, UserInfo user) {}

  private TokenFile() {}

  /**
   * Reads a token file.
   *
   * @throws IllegalArgumentException naming the file and line of the first malformed record
   * @throws IOException when the file cannot be read
   */
  static List<Entry> read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8), file.toString());
  }

  /**
   * Parses token file contents; {@code source} names the file in error messages.
   *
   * @throws IllegalArgumentException naming the source and line of the first malformed record
   */
  static List<Entry> parse(String text, String source) {
    return new Parser(text, source).entries();
  }

  /** The file contents for {@code entries}; {@link #parse} reads them back unchanged. */
  static String format(List<Entry> entries) {
    StringBuilder out = new StringBuilder();
    for (Entry entry : entries) {
      UserInfo user = entry.user();
      out.append(quoteIfNeeded(entry.token()))
          .append(',')
          .append(quoteIfNeeded(user.name()))
          .append(',')
          .append(quoteIfNeeded(user.uid()));
      if (!user.groups().isEmpty()) {
        out.append(",\"").append(String.join(",", user.groups()).replace("\"", "\"\"")).append('"');
      }
      out.append('\n');
    }
    return out.toString();
  }

  private static String quoteIfNeeded(String field) {
    boolean plain =
        field.chars().noneMatch(c -> c == ',' || c == '"' || c == '\n' || c == '\r')
            && !field.startsWith(" ");
    return plain ? field : '"' + field.replace("\"", "\"\"") + '"';
  }

  /** A single pass over the text; {@code line} is 1-based and counts newlines inside quotes. */
  private static final class Parser {
    private final String text;
    private final String source;
    private int pos;
    private int line = 1;

    Parser(String text, String source) {
      this.text = text;
      this.source = source;
    }

    List<Entry> entries() {
      // a repeated token replaces the earlier user but keeps its place
      Map<String, Entry> byToken = new LinkedHashMap<>();
      int recordNumber = 0;
      while (pos < text.length()) {
        if (skipLineEnd()) {
          continue; // blank line
        }
        int recordLine = line;
        List<String> fields = record();
        if (fields.size() < 3) {
          throw error(
              recordLine,
              "must have at least 3 columns (token, user name, user uid), found " + fields.size());
        }
        recordNumber++;
        String token = fields.get(0);
        if (token.isEmpty()) {
          log.warn(
              "empty token has been found in token file '{}', record number '{}'",
              source,
              recordNumber);
          continue;
        }
        List<String> groups =
            fields.size() >= 4
                ? Arrays.stream(fields.get(3).split(",", -1)).filter(g -> !g.isEmpty()).toList()
                : List.of();
        UserInfo user = new UserInfo(fields.get(1), fields.get(2), groups, Map.of());
        if (byToken.put(token, new Entry(token, user)) != null) {
          log.warn(
              "duplicate token has been found in token file '{}', record number '{}'",
              source,
              recordNumber);
        }
      }
      return List.copyOf(byToken.values());
    }

    /** Reads one record and the line end after it. */
    private List<String> record() {
      List<String> fields = new ArrayList<>();
      while (true) {
        fields.add(pos < text.length() && text.charAt(pos) == '"' ? quoted() : unquoted());
        if (pos < text.length() && text.charAt(pos) == ',') {
          pos++;
          continue;
        }
        skipLineEnd();
        return fields;
      }
    }

    private String unquoted() {
      StringBuilder field = new StringBuilder();
      while (pos < text.length() && text.charAt(pos) != ',' && !atLineEnd()) {
        char c = text.charAt(pos);
        if (c == '"') {
          throw error(line, "bare \" in non-quoted field (column " + column() + ")");
        }
        field.append(c);
        pos++;
      }
      return field.toString();
    }

    private String quoted() {
      int startLine = line;
      pos++; // the opening quote
      StringBuilder field = new StringBuilder();
      while (true) {
        if (pos >= text.length()) {
          throw error(startLine, "quoted field is not closed");
        }
        char c = text.charAt(pos);
        if (c == '"') {
          if (pos + 1 < text.length() && text.charAt(pos + 1) == '"') {
            field.append('"');
            pos += 2;
            continue;
          }
          pos++;
          break;
        }
        if (c == '\n') {
          line++;
        }
        field.append(c);
        pos++;
      }
      if (pos < text.length() && text.charAt(pos) != ',' && !atLineEnd()) {
        throw error(line, "extraneous \" in quoted field (column " + column() + ")");
      }
      return field.toString();
    }

    private boolean atLineEnd() {
      return text.charAt(pos) == '\n' || text.startsWith("\r\n", pos);
    }

    private boolean skipLineEnd() {
      if (pos < text.length() && text.charAt(pos) == '\n') {
        pos++;
      } else if (text.startsWith("\r\n", pos)) {
        pos += 2;
      } else {
        return false;
      }
      line++;
      return true;
    }

    private int column() {
      int lineStart = text.lastIndexOf('\n', pos - 1) + 1;
      return pos - lineStart + 1;
    }

    private IllegalArgumentException error(int atLine, String problem) {
      return new IllegalArgumentException(
          String.format("token file '%s' line %d: %s", source, atLine, problem));
    }
  }
}
