package io.kubeloop.informers;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LzCodecTest {

  private static byte[] json(int i, Random random) {
    StringBuilder data = new StringBuilder();
    for (int k = 0; k < 20; k++) {
      data.append("setting.")
          .append(random.nextInt(40))
          .append("=")
          .append(Long.toHexString(random.nextLong()))
          .append("\\n");
    }
    return ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"cm-"
            + i
            + "\",\"namespace\":\"bench\",\"resourceVersion\":\""
            + (100 + i)
            + "\"},\"data\":{\"app.properties\":\""
            + data
            + "\"}}")
        .getBytes(StandardCharsets.UTF_8);
  }

  @Test
  void roundTripsAndUsesTheDictionary() {
    Random random = new Random(7);
    byte[] dictionary = json(0, random);
    LzCodec codec = new LzCodec(dictionary);
    LzCodec.Scratch scratch = new LzCodec.Scratch();
    long raw = 0;
    long packed = 0;
    for (int i = 1; i < 200; i++) {
      byte[] input = json(i, random);
      byte[] out = codec.compress(input, 0, input.length, scratch);
      assertThat(out).isNotNull();
      assertThat(codec.decompress(out)).isEqualTo(input);
      raw += input.length;
      packed += out.length;
    }
    assertThat(packed).isLessThan(raw * 3 / 4);
  }

  @Test
  void compressesARangeOfALargerBuffer() {
    byte[] input =
        "xxxx{\"a\":\"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"}yyyy"
            .getBytes(StandardCharsets.UTF_8);
    LzCodec codec = new LzCodec(new byte[0]);
    byte[] out = codec.compress(input, 4, input.length - 8, new LzCodec.Scratch());
    assertThat(out).isNotNull();
    assertThat(new String(codec.decompress(out), StandardCharsets.UTF_8))
        .isEqualTo(new String(input, 4, input.length - 8, StandardCharsets.UTF_8));
  }

  @Test
  void keepsIncompressibleAndTinyInputsRaw() {
    byte[] noise = new byte[2000];
    new Random(1).nextBytes(noise);
    LzCodec codec = new LzCodec("{\"kind\":\"ConfigMap\"}".getBytes(StandardCharsets.UTF_8));
    assertThat(codec.compress(noise, 0, noise.length, new LzCodec.Scratch())).isNull();
    assertThat(codec.compress(new byte[10], 0, 10, new LzCodec.Scratch())).isNull();
  }

  @Test
  void matchesRunningFromTheDictionaryIntoTheOutputAndOverlappingRuns() {
    byte[] dictionary = "abcdefghijklmnop".getBytes(StandardCharsets.UTF_8);
    LzCodec codec = new LzCodec(dictionary);
    LzCodec.Scratch scratch = new LzCodec.Scratch();
    for (String s :
        new String[] {
          "abcdefghijklmnopabcdefghijklmnop" + "z".repeat(100) + "mnopabcd".repeat(20),
          "q".repeat(300),
          "0123456789".repeat(30) + "abcdefghij"
        }) {
      byte[] input = s.getBytes(StandardCharsets.UTF_8);
      byte[] out = codec.compress(input, 0, input.length, scratch);
      assertThat(out).isNotNull();
      assertThat(new String(codec.decompress(out), StandardCharsets.UTF_8)).isEqualTo(s);
    }
  }
}
