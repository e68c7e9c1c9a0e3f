package io.kubeloop.operators.node;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayDeque;
import java.util.function.BooleanSupplier;

/**
 * Reads a CRI log file as the kubelet serves it: one output line per logical line (partial records
 * joined), optionally prefixed with its timestamp; from the last {@code tailLines} lines or from
 * {@code since}; at most {@code limitBytes} bytes; and with {@code follow}, waiting for new lines
 * until the instance has exited and everything it wrote was sent (or the client went away, which
 * shows as a failed write).
 *
 * <p>Following polls the file every {@value #POLL_MILLIS} ms; a record not yet ended by its newline
 * is left for the next poll.
 */
final class ContainerLogReader {

  static final long POLL_MILLIS = 100;

  /**
   * @param tailLines null for all
   * @param limitBytes null for no limit
   * @param since null for all
   */
  record Options(
      boolean follow, boolean timestamps, Long tailLines, Long limitBytes, Instant since) {}

  private final Path file;
  private final Options options;
  private final BooleanSupplier live;
  private final OutputStream out;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private long written;
  private boolean lineStarted;

  /**
   * @param live whether the instance may still write (following stops once it is false and the file
   *     is read to its end)
   */
  ContainerLogReader(Path file, Options options, BooleanSupplier live, OutputStream out) {
    this.file = file;
    this.options = options;
    this.live = live;
    this.out = out;
  }

  /** Copies the log; returns when done. {@link IOException} means the client went away. */
  void copy() throws IOException, InterruptedException {
    long position = -1;
    while (true) {
      boolean wasLive = live.getAsBoolean();
      if (Files.exists(file)) {
        if (position < 0) {
          position = options.tailLines() == null ? 0 : tailStart(options.tailLines());
        }
        position = readFrom(position);
        if (position < 0) {
          return; // the byte limit was reached
        }
        out.flush();
      }
      if (!options.follow() || !wasLive) {
        return;
      }
      Thread.sleep(POLL_MILLIS);
    }
  }

  /** The offset of the first of the last {@code n} logical lines. */
  private long tailStart(long n) throws IOException {
    if (n == 0) {
      return Files.size(file);
    }
    ArrayDeque<Long> starts = new ArrayDeque<>();
    long[] lineStart = {0};
    scan(
        0,
        (record, offset, end) -> {
          if (record.full()) {
            starts.addLast(lineStart[0]);
            if (starts.size() > n) {
              starts.removeFirst();
            }
            lineStart[0] = end;
          }
          return true;
        });
    return starts.isEmpty() ? lineStart[0] : starts.peekFirst();
  }

  /** Emits the records from {@code position}; returns where to continue, or -1 when done. */
  private long readFrom(long position) throws IOException {
    boolean[] limited = {false};
    long end =
        scan(
            position,
            (record, offset, recordEnd) -> {
              if (!emit(record)) {
                limited[0] = true;
                return false;
              }
              return true;
            });
    return limited[0] ? -1 : end;
  }

  /** One record of the file. */
  private record Record(String timestamp, boolean full, byte[] text) {}

  @FunctionalInterface
  private interface RecordVisitor {
    boolean visit(Record record, long offset, long end) throws IOException;
  }

  /**
   * Visits the complete records from {@code position}; returns the offset after the last one
   * visited (an unfinished last record is not).
   */
  private long scan(long position, RecordVisitor visitor) throws IOException {
    try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
      ByteBuffer buffer = ByteBuffer.allocate(64 * 1024);
      ByteArrayOutputStream current = new ByteArrayOutputStream();
      long offset = position;
      long recordStart = position;
      channel.position(position);
      while (channel.read(buffer) > 0) {
        buffer.flip();
        while (buffer.hasRemaining()) {
          byte b = buffer.get();
          offset++;
          if (b != '\n') {
            current.write(b);
            continue;
          }
          Record record = parse(current.toByteArray());
          current.reset();
          if (record != null && !visitor.visit(record, recordStart, offset)) {
            return offset;
          }
          recordStart = offset;
        }
        buffer.clear();
      }
      return recordStart;
    } catch (NoSuchFileException e) {
      return position;
    }
  }

  /** {@code <timestamp> <stream> <F|P> <text>}; null for a malformed record. */
  private static Record parse(byte[] bytes) {
    int first = indexOf(bytes, 0);
    int second = first < 0 ? -1 : indexOf(bytes, first + 1);
    int third = second < 0 ? -1 : indexOf(bytes, second + 1);
    if (third < 0) {
      return null;
    }
    String timestamp = new String(bytes, 0, first, StandardCharsets.US_ASCII);
    boolean full = bytes[second + 1] != 'P';
    byte[] text = new byte[bytes.length - third - 1];
    System.arraycopy(bytes, third + 1, text, 0, text.length);
    return new Record(timestamp, full, text);
  }

  private static int indexOf(byte[] bytes, int from) {
    for (int i = from; i < bytes.length; i++) {
      if (bytes[i] == ' ') {
        return i;
      }
    }
    return -1;
  }

  /** Writes one record's part of the output; false once the byte limit is reached. */
  private boolean emit(Record record) throws IOException {
    if (options.since() != null && before(record.timestamp(), options.since())) {
      return true;
    }
    if (!lineStarted) {
      line.reset();
      if (options.timestamps()) {
        line.write((record.timestamp() + " ").getBytes(StandardCharsets.US_ASCII));
      }
      lineStarted = true;
    }
    line.write(record.text());
    if (!record.full()) {
      return true;
    }
    line.write('\n');
    lineStarted = false;
    byte[] bytes = line.toByteArray();
    Long limit = options.limitBytes();
    if (limit != null && written + bytes.length >= limit) {
      out.write(bytes, 0, (int) (limit - written));
      written = limit;
      return false;
    }
    out.write(bytes);
    written += bytes.length;
    return true;
  }

  private static boolean before(String timestamp, Instant since) {
    try {
      return Instant.parse(timestamp).isBefore(since);
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
