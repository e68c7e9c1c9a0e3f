package io.kubeloop.apiserver.openapi;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Protocol buffers wire encoding (proto3): varints, 64-bit fixed numbers and length-delimited
 * strings and messages, written into a growing buffer. Only what {@link SwaggerProtobuf} needs.
 *
 * <p>Not thread-safe; one instance per message being encoded.
 */
final class ProtoWriter {

  private static final int VARINT = 0;
  private static final int FIXED64 = 1;
  private static final int LENGTH_DELIMITED = 2;

  private byte[] buffer = new byte[64];
  private int size;

  /** A string field; proto3 leaves empty strings out. */
  ProtoWriter string(int field, String value) {
    if (value != null && !value.isEmpty()) {
      bytes(field, value.getBytes(StandardCharsets.UTF_8));
    }
    return this;
  }

  /** A string written even when empty, as an element of a repeated field is. */
  ProtoWriter repeatedString(int field, String value) {
    bytes(field, value.getBytes(StandardCharsets.UTF_8));
    return this;
  }

  /** A bool field; proto3 leaves false out. */
  ProtoWriter bool(int field, boolean value) {
    if (value) {
      tag(field, VARINT);
      varint(1);
    }
    return this;
  }

  /** A bool that is written even when false, as a member of a oneof is. */
  ProtoWriter presentBool(int field, boolean value) {
    tag(field, VARINT);
    varint(value ? 1 : 0);
    return this;
  }

  /** An int64 field. */
  ProtoWriter int64(int field, long value) {
    if (value != 0) {
      tag(field, VARINT);
      varint(value);
    }
    return this;
  }

  /** A double field. */
  ProtoWriter doubleValue(int field, double value) {
    if (value != 0 || Double.doubleToRawLongBits(value) != 0) {
      tag(field, FIXED64);
      long bits = Double.doubleToRawLongBits(value);
      ensure(8);
      for (int i = 0; i < 8; i++) {
        buffer[size++] = (byte) (bits >>> (8 * i));
      }
    }
    return this;
  }

  /** An embedded message field, written even when empty (its presence matters). */
  ProtoWriter message(int field, ProtoWriter message) {
    tag(field, LENGTH_DELIMITED);
    varint(message.size);
    write(message.buffer, message.size);
    return this;
  }

  byte[] toByteArray() {
    return Arrays.copyOf(buffer, size);
  }

  int size() {
    return size;
  }

  private void bytes(int field, byte[] value) {
    tag(field, LENGTH_DELIMITED);
    varint(value.length);
    write(value, value.length);
  }

  private void tag(int field, int wireType) {
    varint(((long) field << 3) | wireType);
  }

  private void varint(long value) {
    ensure(10);
    while ((value & ~0x7FL) != 0) {
      buffer[size++] = (byte) ((value & 0x7F) | 0x80);
      value >>>= 7;
    }
    buffer[size++] = (byte) value;
  }

  private void write(byte[] bytes, int length) {
    ensure(length);
    System.arraycopy(bytes, 0, buffer, size, length);
    size += length;
  }

  private void ensure(int more) {
    if (size + more > buffer.length) {
      buffer = Arrays.copyOf(buffer, Math.max(buffer.length * 2, size + more));
    }
  }
}
