package io.kubeloop.apiserver.openapi;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Reads protobuf wire format, as much as the tests need: length-delimited fields by number. */
final class ProtoReader {

  private final byte[] bytes;

  ProtoReader(byte[] bytes) {
    this.bytes = bytes;
  }

  List<String> strings(int field) {
    List<String> out = new ArrayList<>();
    for (byte[] b : delimited(field)) {
      out.add(new String(b, StandardCharsets.UTF_8));
    }
    return out;
  }

  List<ProtoReader> messages(int field) {
    List<ProtoReader> out = new ArrayList<>();
    for (byte[] b : delimited(field)) {
      out.add(new ProtoReader(b));
    }
    return out;
  }

  /** Every varint value of a field. */
  List<Long> varints(int field) {
    List<Long> out = new ArrayList<>();
    scan(field, 0, out, null);
    return out;
  }

  /** Every fixed64 value of a field, read as a double. */
  List<Double> doubles(int field) {
    List<Long> bits = new ArrayList<>();
    scan(field, 1, bits, null);
    return bits.stream().map(Double::longBitsToDouble).toList();
  }

  private List<byte[]> delimited(int field) {
    List<byte[]> out = new ArrayList<>();
    scan(field, 2, null, out);
    return out;
  }

  /** Walks the message, collecting the values of one field of one wire type. */
  private void scan(int field, int wanted, List<Long> numbers, List<byte[]> out) {
    int[] pos = {0};
    while (pos[0] < bytes.length) {
      long tag = varint(pos);
      int number = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      boolean hit = number == field && wire == wanted;
      switch (wire) {
        case 0 -> {
          long v = varint(pos);
          if (hit) {
            numbers.add(v);
          }
        }
        case 1 -> {
          if (hit) {
            long v = 0;
            for (int i = 7; i >= 0; i--) {
              v = (v << 8) | (bytes[pos[0] + i] & 0xFF);
            }
            numbers.add(v);
          }
          pos[0] += 8;
        }
        case 2 -> {
          int length = (int) varint(pos);
          if (hit) {
            out.add(Arrays.copyOfRange(bytes, pos[0], pos[0] + length));
          }
          pos[0] += length;
        }
        case 5 -> pos[0] += 4;
        default -> throw new IllegalStateException("wire type " + wire);
      }
      if (pos[0] > bytes.length) {
        throw new IllegalStateException("truncated message");
      }
    }
  }

  private long varint(int[] pos) {
    long value = 0;
    for (int shift = 0; ; shift += 7) {
      byte b = bytes[pos[0]++];
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
  }
}
