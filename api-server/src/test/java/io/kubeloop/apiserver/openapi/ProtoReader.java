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

  /** Every length-delimited value of a field; fails on malformed input. */
  private List<byte[]> delimited(int field) {
    List<byte[]> out = new ArrayList<>();
    int[] pos = {0};
    while (pos[0] < bytes.length) {
      long tag = varint(pos);
      int number = (int) (tag >>> 3);
      int wire = (int) (tag & 7);
      switch (wire) {
        case 0 -> varint(pos);
        case 1 -> pos[0] += 8;
        case 2 -> {
          int length = (int) varint(pos);
          if (number == field) {
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
    return out;
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
