package io.kubeloop.operators.node;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Writes a container's stdout and stderr to one file in the CRI log format the kubelet reads:
 * {@code <RFC 3339 timestamp, 9 fraction digits> <stdout|stderr> <F|P> <text>\n}, one record per
 * line, a line longer than 16 KiB split into partial ({@code P}) records ended by a full ({@code
 * F}) one.
 *
 * <p>Thread-safe: the two pumps write whole records under one lock, each record with one write
 * call, so a reader following the file never sees half a record... except at its very end, which a
 * reader must treat as not yet written.
 */
final class CriLogWriter implements Closeable {

  static final int MAX_LINE = 16 * 1024;

  /** RFC 3339 with nanoseconds, always 9 digits, as the kubelet writes them. */
  static final DateTimeFormatter TIMESTAMP =
      DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

  private final OutputStream out;
  private final AgentClock clock;
  private final ReentrantLock lock = new ReentrantLock();

  CriLogWriter(Path file, AgentClock clock) throws IOException {
    Files.createDirectories(file.getParent());
    this.out = Files.newOutputStream(file, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    this.clock = clock;
  }

  /** Copies {@code in} to the file as {@code stream} until it ends. */
  void pump(InputStream in, String stream) {
    byte[] line = new byte[MAX_LINE];
    int filled = 0;
    try {
      while (true) {
        int read = in.read(line, filled, line.length - filled);
        if (read < 0) {
          break;
        }
        int start = 0;
        int end = filled + read;
        for (int i = filled; i < end; i++) {
          if (line[i] == '\n') {
            record(stream, false, line, start, i - start);
            start = i + 1;
          }
        }
        System.arraycopy(line, start, line, 0, end - start);
        filled = end - start;
        if (filled == line.length) {
          record(stream, true, line, 0, filled);
          filled = 0;
        }
      }
      if (filled > 0) {
        record(stream, false, line, 0, filled);
      }
    } catch (IOException e) {
      // the process or the file went away: nothing more to copy
    }
  }

  private void record(String stream, boolean partial, byte[] text, int offset, int length)
      throws IOException {
    byte[] prefix =
        (TIMESTAMP.format(clock.now()) + " " + stream + (partial ? " P " : " F "))
            .getBytes(StandardCharsets.US_ASCII);
    byte[] record = new byte[prefix.length + length + 1];
    System.arraycopy(prefix, 0, record, 0, prefix.length);
    System.arraycopy(text, offset, record, prefix.length, length);
    record[record.length - 1] = '\n';
    lock.lock();
    try {
      out.write(record);
    } finally {
      lock.unlock();
    }
  }

  @Override
  public void close() throws IOException {
    lock.lock();
    try {
      out.close();
    } finally {
      lock.unlock();
    }
  }
}
