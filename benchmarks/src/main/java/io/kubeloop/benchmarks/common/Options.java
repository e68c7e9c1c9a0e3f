package io.kubeloop.benchmarks.common;

import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@code --name value} command-line options with defaults. */
public final class Options {

  private final Map<String, String> values = new HashMap<>();

  public Options(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (!args[i].startsWith("--") || i + 1 == args.length) {
        throw new IllegalArgumentException(
            String.format("expected --name value pairs, got %s", Arrays.toString(args)));
      }
      values.put(args[i].substring(2), args[++i]);
    }
  }

  public String string(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  public int integer(String name, int fallback) {
    return Integer.parseInt(string(name, Integer.toString(fallback)));
  }

  public List<String> list(String name, String fallback) {
    return List.of(string(name, fallback).split(","));
  }
}
