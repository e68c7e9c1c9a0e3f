package io.kubeloop.operators.node;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CRI log file as written by the pumps and read back by the log server. */
class ContainerLogsTest {

  @TempDir Path dir;

  private final FakeAgentClock clock = new FakeAgentClock(Instant.parse("2026-03-01T10:00:00Z"));

  private Path write(String stdout) throws Exception {
    Path file = dir.resolve("c/0.log");
    try (CriLogWriter writer = new CriLogWriter(file, clock)) {
      writer.pump(new ByteArrayInputStream(stdout.getBytes(StandardCharsets.UTF_8)), "stdout");
    }
    return file;
  }

  private String read(Path file, ContainerLogReader.Options options) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ContainerLogReader(file, options, () -> false, out).copy();
    return out.toString(StandardCharsets.UTF_8);
  }

  private static ContainerLogReader.Options plain() {
    return new ContainerLogReader.Options(false, false, null, null, null);
  }

  @Test
  void recordsAreInTheCriFormat() throws Exception {
    Path file = write("one\ntwo\nlast without newline");
    assertThat(Files.readAllLines(file))
        .containsExactly(
            "2026-03-01T10:00:00.000000000Z stdout F one",
            "2026-03-01T10:00:00.000000000Z stdout F two",
            "2026-03-01T10:00:00.000000000Z stdout F last without newline");
  }

  @Test
  void longLinesAreSplitIntoPartialRecordsAndJoinedWhenRead() throws Exception {
    String longLine = "x".repeat(CriLogWriter.MAX_LINE * 2 + 10);
    Path file = write(longLine + "\nshort\n");
    List<String> records = Files.readAllLines(file);
    assertThat(records).hasSize(4);
    assertThat(records.get(0)).contains(" stdout P ");
    assertThat(records.get(1)).contains(" stdout P ");
    assertThat(records.get(2)).contains(" stdout F ");
    assertThat(read(file, plain())).isEqualTo(longLine + "\nshort\n");
  }

  @Test
  void optionsSelectAndShapeLines() throws Exception {
    Path file = dir.resolve("c/0.log");
    try (CriLogWriter writer = new CriLogWriter(file, clock)) {
      for (int i = 1; i <= 5; i++) {
        writer.pump(
            new ByteArrayInputStream(("line " + i + "\n").getBytes(StandardCharsets.UTF_8)),
            "stdout");
        clock.step(Duration.ofSeconds(10));
      }
    }
    assertThat(read(file, new ContainerLogReader.Options(false, false, 2L, null, null)))
        .isEqualTo("line 4\nline 5\n");
    assertThat(read(file, new ContainerLogReader.Options(false, false, 0L, null, null))).isEmpty();
    assertThat(read(file, new ContainerLogReader.Options(false, false, 99L, null, null)))
        .startsWith("line 1\n");
    assertThat(read(file, new ContainerLogReader.Options(false, false, null, 9L, null)))
        .isEqualTo("line 1\nli");
    assertThat(
            read(
                file,
                new ContainerLogReader.Options(
                    false, false, null, null, Instant.parse("2026-03-01T10:00:30Z"))))
        .isEqualTo("line 4\nline 5\n");
    assertThat(read(file, new ContainerLogReader.Options(false, true, 1L, null, null)))
        .isEqualTo("2026-03-01T10:00:40.000000000Z line 5\n");
  }

  @Test
  void followingStopsOnceTheInstanceEndedAndEverythingWasSent() throws Exception {
    Path file = write("a\n");
    int[] polls = {0};
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new ContainerLogReader(
            file,
            new ContainerLogReader.Options(true, false, null, null, null),
            () -> {
              // live for two polls, during which one more line arrives
              if (polls[0]++ == 1) {
                try {
                  Files.writeString(
                      file,
                      "2026-03-01T10:00:01.000000000Z stdout F b\n",
                      java.nio.file.StandardOpenOption.APPEND);
                } catch (java.io.IOException e) {
                  throw new java.io.UncheckedIOException(e);
                }
              }
              return polls[0] <= 2;
            },
            out)
        .copy();
    assertThat(out.toString(StandardCharsets.UTF_8)).isEqualTo("a\nb\n");
  }
}
