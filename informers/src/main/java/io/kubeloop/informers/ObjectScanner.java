package io.kubeloop.informers;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.github.benmanes.caffeine.cache.Interner;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads what the cache needs from an object's JSON without building the object: namespace, name,
 * resourceVersion, labels, and the byte ranges to keep. Keeping the object as the bytes the server
 * sent (minus {@code metadata.managedFields}, or minus everything but metadata for metadata-only
 * informers) is what makes a sync cheap: nothing is decoded into Java objects until someone reads
 * it.
 *
 * <p>Not thread-safe: one scanner per reflector thread; its results share its buffers until the
 * next scan.
 */
final class ObjectScanner {

  /** Which parts of an object are stored. */
  enum Projection {
    /** The whole object. */
    FULL,
    /** The whole object without {@code metadata.managedFields}. */
    WITHOUT_MANAGED_FIELDS,
    /** {@code apiVersion}, {@code kind} and {@code metadata} without managedFields. */
    METADATA_ONLY
  }

  static final String INITIAL_EVENTS_END = "k8s.io/initial-events-end";

  private static final String[] NO_LABELS = new String[0];

  private final Projection projection;
  private final Interner<String> interner;

  // top-level members of the object being scanned: [start, end) in the buffer, and whether kept
  private int[] memberStart = new int[16];
  private int[] memberEnd = new int[16];
  private boolean[] memberKept = new boolean[16];
  private int members;

  // output assembly when something is cut out
  private byte[] out = new byte[4096];
  private int outSize;

  // results of the last scan
  String namespace;

  /** Null when the object has no name (bookmarks, Status objects). */
  String name;

  String resourceVersion;
  String[] labels;
  boolean initialEventsEnd;
  private byte[] buffer;
  private int objectStart;
  private int objectEnd;
  private int cutStart;
  private int cutEnd;
  private boolean assembled;

  ObjectScanner(Projection projection, Interner<String> interner) {
    this.projection = projection;
    this.interner = interner;
  }

  /**
   * Scans the object whose START_OBJECT {@code parser} is at. {@code base} is the offset in {@code
   * buffer} at which the parser's input starts. Leaves the parser at the object's END_OBJECT.
   */
  void scan(JsonParser parser, byte[] buffer, int base) throws IOException {
    this.buffer = buffer;
    namespace = "";
    name = null;
    resourceVersion = null;
    labels = NO_LABELS;
    initialEventsEnd = false;
    cutStart = -1;
    cutEnd = -1;
    members = 0;
    assembled = false;
    objectStart = offset(parser, base);
    while (true) {
      JsonToken token = parser.nextToken();
      int at = offset(parser, base);
      if (members > 0) {
        memberEnd[members - 1] = trimBack(at);
      }
      if (token == JsonToken.END_OBJECT) {
        objectEnd = at + 1;
        break;
      }
      if (token != JsonToken.FIELD_NAME) {
        throw new IOException("malformed object at byte " + at);
      }
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      boolean kept = true;
      if (field.equals("metadata") && value == JsonToken.START_OBJECT) {
        scanMetadata(parser, base);
      } else {
        parser.skipChildren();
        kept =
            projection != Projection.METADATA_ONLY
                || field.equals("apiVersion")
                || field.equals("kind");
      }
      addMember(at, kept);
    }
  }

  private void scanMetadata(JsonParser parser, int base) throws IOException {
    int managedStart = -1;
    while (true) {
      JsonToken token = parser.nextToken();
      int at = offset(parser, base);
      if (managedStart >= 0 && cutStart < 0) {
        if (token == JsonToken.FIELD_NAME) {
          cutStart = managedStart;
          cutEnd = at;
        } else {
          // the last member: take the comma before it too, if there is one
          int before = skipWhitespaceBack(managedStart - 1);
          cutStart = buffer[before] == ',' ? before : managedStart;
          cutEnd = at;
        }
      }
      if (token == JsonToken.END_OBJECT) {
        return;
      }
      String field = parser.currentName();
      JsonToken value = parser.nextToken();
      switch (field) {
        case "name" -> name = text(parser, value);
        case "namespace" -> namespace = intern(text(parser, value));
        case "resourceVersion" -> resourceVersion = text(parser, value);
        case "labels" -> labels = stringPairs(parser, value);
        case "annotations" -> {
          if (value == JsonToken.START_OBJECT) {
            scanAnnotations(parser);
          } else {
            parser.skipChildren();
          }
        }
        case "managedFields" -> {
          parser.skipChildren();
          if (projection != Projection.FULL) {
            managedStart = at;
          }
        }
        default -> parser.skipChildren();
      }
    }
  }

  private void scanAnnotations(JsonParser parser) throws IOException {
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      JsonToken value = parser.nextToken();
      if (key.equals(INITIAL_EVENTS_END) && value == JsonToken.VALUE_STRING) {
        initialEventsEnd = "true".equals(parser.getText());
      } else {
        parser.skipChildren();
      }
    }
  }

  private String[] stringPairs(JsonParser parser, JsonToken value) throws IOException {
    if (value != JsonToken.START_OBJECT) {
      parser.skipChildren();
      return NO_LABELS;
    }
    List<String> pairs = null;
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      JsonToken v = parser.nextToken();
      if (v == JsonToken.VALUE_STRING) {
        if (pairs == null) {
          pairs = new ArrayList<>(8);
        }
        pairs.add(intern(key));
        pairs.add(intern(parser.getText()));
      } else {
        parser.skipChildren();
      }
    }
    return pairs == null ? NO_LABELS : pairs.toArray(NO_LABELS);
  }

  private static String text(JsonParser parser, JsonToken value) throws IOException {
    if (value == JsonToken.VALUE_STRING) {
      return parser.getText();
    }
    parser.skipChildren();
    return null;
  }

  private String intern(String s) {
    return s == null ? "" : interner.intern(s);
  }

  private void addMember(int start, boolean kept) {
    if (members == memberStart.length) {
      memberStart = Arrays.copyOf(memberStart, members * 2);
      memberEnd = Arrays.copyOf(memberEnd, members * 2);
      memberKept = Arrays.copyOf(memberKept, members * 2);
    }
    memberStart[members] = start;
    memberKept[members] = kept;
    members++;
  }

  /** The stored form of the last scanned object: a buffer and a range of it. */
  byte[] storedBuffer() {
    assemble();
    return assembled ? out : buffer;
  }

  int storedOffset() {
    assemble();
    return assembled ? 0 : objectStart;
  }

  int storedLength() {
    assemble();
    return assembled ? outSize : objectEnd - objectStart;
  }

  /** Bytes of the object as received. */
  int receivedLength() {
    return objectEnd - objectStart;
  }

  private void assemble() {
    if (assembled) {
      return;
    }
    boolean dropsMembers = false;
    for (int i = 0; i < members; i++) {
      dropsMembers |= !memberKept[i];
    }
    if (!dropsMembers && cutStart < 0) {
      return;
    }
    outSize = 0;
    append((byte) '{');
    boolean first = true;
    for (int i = 0; i < members; i++) {
      if (!memberKept[i]) {
        continue;
      }
      if (!first) {
        append((byte) ',');
      }
      first = false;
      int start = memberStart[i];
      int end = memberEnd[i];
      if (cutStart >= start && cutEnd <= end) {
        append(buffer, start, cutStart - start);
        append(buffer, cutEnd, end - cutEnd);
      } else {
        append(buffer, start, end - start);
      }
    }
    append((byte) '}');
    assembled = true;
  }

  private void append(byte b) {
    ensure(1);
    out[outSize++] = b;
  }

  private void append(byte[] src, int from, int length) {
    ensure(length);
    System.arraycopy(src, from, out, outSize, length);
    outSize += length;
  }

  private void ensure(int more) {
    if (outSize + more > out.length) {
      out = Arrays.copyOf(out, Math.max(out.length * 2, outSize + more));
    }
  }

  /** The end of the member value before {@code at}: back over whitespace and one comma. */
  private int trimBack(int at) {
    int i = skipWhitespaceBack(at - 1);
    if (buffer[i] == ',') {
      i = skipWhitespaceBack(i - 1);
    }
    return i + 1;
  }

  private int skipWhitespaceBack(int from) {
    int i = from;
    while (i > 0 && isWhitespace(buffer[i])) {
      i--;
    }
    return i;
  }

  private static boolean isWhitespace(byte b) {
    return b == ' ' || b == '\n' || b == '\r' || b == '\t';
  }

  private static int offset(JsonParser parser, int base) {
    return base + (int) parser.currentTokenLocation().getByteOffset();
  }
}
