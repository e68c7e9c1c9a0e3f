package io.kubeloop.apiserver.openapi;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The string-valued annotation elements of a class file, read without loading the class: for the
 * class itself, each field and each method, {@code annotation type descriptor -> element name ->
 * value} of its runtime-visible annotations. Other element kinds (numbers, enums, arrays, nested
 * annotations) are skipped.
 *
 * <p>Used to read documentation that generated classes carry in annotations whose classes (and the
 * classes their signatures mention) are not on the class path. Follows the class file format of the
 * JVM specification, chapter 4; stateless.
 */
final class ClassFileAnnotations {

  /** Annotations of one member: type descriptor -> element name -> string value. */
  record Annotated(String name, Map<String, Map<String, String>> annotations) {
    String value(String annotationType, String element) {
      Map<String, String> elements = annotations.get(annotationType);
      return elements == null ? null : elements.get(element);
    }
  }

  /** What a class file holds: its own annotations and those of its fields and methods. */
  record ClassAnnotations(
      Annotated type, Map<String, Annotated> fields, Map<String, Annotated> methods) {}

  private ClassFileAnnotations() {}

  /** Reads a class file; methods of the same name (overloads) are merged. */
  static ClassAnnotations read(InputStream classFile) throws IOException {
    DataInputStream in = new DataInputStream(classFile);
    if (in.readInt() != 0xCAFEBABE) {
      throw new IOException("not a class file");
    }
    in.readUnsignedShort(); // minor version
    in.readUnsignedShort(); // major version
    int count = in.readUnsignedShort();
    String[] utf8 = new String[count];
    for (int i = 1; i < count; i++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> utf8[i] = in.readUTF(); // Utf8: u2 length + modified UTF-8, as readUTF reads
        case 3, 4 -> in.skipNBytes(4); // Integer, Float
        case 5, 6 -> { // Long, Double take two entries
          in.skipNBytes(8);
          i++;
        }
        case 7, 8, 16, 19, 20 -> in.skipNBytes(2); // Class, String, MethodType, Module, Package
        case 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4); // refs, NameAndType, (Invoke)Dynamic
        case 15 -> in.skipNBytes(3); // MethodHandle
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    in.readUnsignedShort(); // access flags
    in.readUnsignedShort(); // this class
    in.readUnsignedShort(); // super class
    in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
    Map<String, Annotated> fields = members(in, utf8);
    Map<String, Annotated> methods = members(in, utf8);
    Annotated type = new Annotated("", attributes(in, utf8));
    return new ClassAnnotations(type, fields, methods);
  }

  private static Map<String, Annotated> members(DataInputStream in, String[] utf8)
      throws IOException {
    int count = in.readUnsignedShort();
    Map<String, Annotated> members = new LinkedHashMap<>();
    for (int i = 0; i < count; i++) {
      in.readUnsignedShort(); // access flags
      String name = utf8[in.readUnsignedShort()];
      in.readUnsignedShort(); // descriptor
      Map<String, Map<String, String>> annotations = attributes(in, utf8);
      Annotated previous = members.get(name);
      if (previous != null) {
        annotations.putAll(previous.annotations());
      }
      members.put(name, new Annotated(name, annotations));
    }
    return members;
  }

  /** Reads an attribute table, keeping the RuntimeVisibleAnnotations. */
  private static Map<String, Map<String, String>> attributes(DataInputStream in, String[] utf8)
      throws IOException {
    int count = in.readUnsignedShort();
    Map<String, Map<String, String>> annotations = new HashMap<>();
    for (int i = 0; i < count; i++) {
      String name = utf8[in.readUnsignedShort()];
      int length = in.readInt();
      if (!"RuntimeVisibleAnnotations".equals(name)) {
        in.skipNBytes(length);
        continue;
      }
      int n = in.readUnsignedShort();
      for (int a = 0; a < n; a++) {
        String type = utf8[in.readUnsignedShort()];
        annotations.put(type, elements(in, utf8));
      }
    }
    return annotations;
  }

  private static Map<String, String> elements(DataInputStream in, String[] utf8)
      throws IOException {
    int pairs = in.readUnsignedShort();
    Map<String, String> values = new HashMap<>();
    for (int p = 0; p < pairs; p++) {
      String element = utf8[in.readUnsignedShort()];
      String value = elementValue(in, utf8);
      if (value != null) {
        values.put(element, value);
      }
    }
    return values;
  }

  /** One element value; the string for a String constant, null for anything else. */
  private static String elementValue(DataInputStream in, String[] utf8) throws IOException {
    int tag = in.readUnsignedByte();
    switch (tag) {
      case 's' -> {
        return utf8[in.readUnsignedShort()];
      }
      case 'B', 'C', 'D', 'F', 'I', 'J', 'S', 'Z', 'c' -> in.skipNBytes(2);
      case 'e' -> in.skipNBytes(4);
      case '@' -> {
        in.readUnsignedShort();
        elements(in, utf8);
      }
      case '[' -> {
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
          elementValue(in, utf8);
        }
      }
      default -> throw new IOException("unknown element value tag " + (char) tag);
    }
    return null;
  }
}
