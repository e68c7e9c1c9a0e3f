package io.kubeloop.informers;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.github.benmanes.caffeine.cache.Interner;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ObjectScannerTest {

  private static String scan(ObjectScanner.Projection projection, String json, ObjectScanner[] out)
      throws Exception {
    ObjectScanner scanner = new ObjectScanner(projection, Interner.newStrongInterner());
    byte[] bytes = ("  " + json).getBytes(StandardCharsets.UTF_8);
    try (JsonParser p = FrameReader.JSON.createParser(bytes, 2, bytes.length - 2)) {
      p.nextToken();
      scanner.scan(p, bytes, 2);
    }
    if (out != null) {
      out[0] = scanner;
    }
    return new String(
        scanner.storedBuffer(),
        scanner.storedOffset(),
        scanner.storedLength(),
        StandardCharsets.UTF_8);
  }

  private static final String MF =
      "\"managedFields\":[{\"manager\":\"kubectl\",\"fieldsV1\":{\"f:data\":{}}}]";

  @Test
  void readsKeyVersionAndLabels() throws Exception {
    ObjectScanner[] s = new ObjectScanner[1];
    String json =
        "{\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\",\"namespace\":\"ns\",\"resourceVersion\":\"7\","
            + "\"labels\":{\"app\":\"web\",\"tier\":\"db\"}},\"data\":{\"k\":\"v\"}}";
    assertThat(scan(ObjectScanner.Projection.WITHOUT_MANAGED_FIELDS, json, s)).isEqualTo(json);
    assertThat(s[0].name).isEqualTo("a");
    assertThat(s[0].namespace).isEqualTo("ns");
    assertThat(s[0].resourceVersion).isEqualTo("7");
    assertThat(s[0].labels).containsExactly("app", "web", "tier", "db");
  }

  @Test
  void dropsManagedFieldsWhereverTheyAre() throws Exception {
    String first = "{\"metadata\":{" + MF + ",\"name\":\"a\"},\"data\":{}}";
    String middle = "{\"metadata\":{\"name\":\"a\", " + MF + " ,\"uid\":\"u\"}}";
    String last = "{\"metadata\":{\"name\":\"a\"," + MF + "},\"data\":{}}";
    String only = "{\"kind\":\"X\",\"metadata\":{" + MF + "}}";
    var p = ObjectScanner.Projection.WITHOUT_MANAGED_FIELDS;
    assertThat(scan(p, first, null)).isEqualTo("{\"metadata\":{\"name\":\"a\"},\"data\":{}}");
    assertThat(scan(p, middle, null)).isEqualTo("{\"metadata\":{\"name\":\"a\", \"uid\":\"u\"}}");
    assertThat(scan(p, last, null)).isEqualTo("{\"metadata\":{\"name\":\"a\"},\"data\":{}}");
    assertThat(scan(p, only, null)).isEqualTo("{\"kind\":\"X\",\"metadata\":{}}");
    assertThat(scan(ObjectScanner.Projection.FULL, last, null)).isEqualTo(last);
  }

  @Test
  void metadataOnlyKeepsApiVersionKindAndMetadata() throws Exception {
    String json =
        "{\"apiVersion\":\"v1\",\"data\":{\"big\":\"xxxx\"},\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\","
            + MF
            + "},\"binaryData\":{}}";
    assertThat(scan(ObjectScanner.Projection.METADATA_ONLY, json, null))
        .isEqualTo("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"a\"}}");
  }

  @Test
  void seesTheInitialEventsEndAnnotationOfBookmarks() throws Exception {
    ObjectScanner[] s = new ObjectScanner[1];
    scan(
        ObjectScanner.Projection.FULL,
        "{\"kind\":\"ConfigMap\",\"metadata\":{\"resourceVersion\":\"9\",\"annotations\":{\"k8s.io/initial-events-end\":\"true\"}}}",
        s);
    assertThat(s[0].initialEventsEnd).isTrue();
    assertThat(s[0].name).isNull();
    assertThat(s[0].resourceVersion).isEqualTo("9");
  }
}
