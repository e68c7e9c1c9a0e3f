package io.kubeloop.operators.node;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CommandResolverTest {

  @TempDir Path dir;

  private Path program(String relative, boolean executable) throws Exception {
    Path file = dir.resolve(relative);
    Files.createDirectories(file.getParent());
    Files.writeString(file, "#!/bin/sh\necho hi\n");
    Files.setPosixFilePermissions(
        file, PosixFilePermissions.fromString(executable ? "rwxr-xr-x" : "rw-r--r--"));
    return file;
  }

  @Test
  void aRelativePathResolvesAgainstTheWorkingDirectory() throws Exception {
    Path tool = program("bin/tool", true);
    var resolved =
        CommandResolver.resolve(List.of("bin/tool", "-x"), List.of("y"), dir.toString(), Map.of());
    assertThat(resolved.argv()).containsExactly(tool.toString(), "-x", "y");
    assertThat(resolved.workingDir()).isEqualTo(dir);
  }

  @Test
  void theWorkingDirectoryIsRootWithoutWorkingDir() throws Exception {
    var resolved = CommandResolver.resolve(List.of("bin/sh"), List.of(), null, Map.of());
    assertThat(resolved.workingDir()).isEqualTo(Path.of("/"));
    assertThat(resolved.argv().get(0)).isEqualTo("/bin/sh");
  }

  @Test
  void aBareNameIsLookedUpInTheContainersPath() throws Exception {
    program("first/tool", false);
    Path second = program("second/tool", true);
    String path = dir.resolve("first") + ":" + dir.resolve("second");
    var resolved = CommandResolver.resolve(List.of("tool"), List.of(), "/", Map.of("PATH", path));
    assertThat(resolved.argv()).containsExactly(second.toString());
  }

  @Test
  void withoutPathTheDefaultOneIsSearched() throws Exception {
    var resolved = CommandResolver.resolve(List.of("sh"), List.of("-c", "true"), "/", Map.of());
    assertThat(Path.of(resolved.argv().get(0)).getFileName().toString()).isEqualTo("sh");
    assertThat(resolved.argv().subList(1, 3)).containsExactly("-c", "true");
  }

  @Test
  void argsAloneAreTheCommandWhenThereIsNoImageEntrypoint() throws Exception {
    var resolved = CommandResolver.resolve(List.of(), List.of("/bin/sh", "-c", "x"), "/", Map.of());
    assertThat(resolved.argv()).containsExactly("/bin/sh", "-c", "x");
  }

  @Test
  void nothingToRunIsAStartError() {
    assertThatThrownBy(() -> CommandResolver.resolve(List.of(), List.of(), "/", Map.of()))
        .isInstanceOf(ContainerStartException.class)
        .hasMessageStartingWith("no command specified");
  }

  @Test
  void missingProgramsReadAsARuntimeReportsThem() throws Exception {
    assertThatThrownBy(
            () ->
                CommandResolver.resolve(
                    List.of("nope"), List.of(), "/", Map.of("PATH", dir.toString())))
        .hasMessage("exec: \"nope\": executable file not found in $PATH");
    assertThatThrownBy(
            () -> CommandResolver.resolve(List.of("./nope"), List.of(), dir.toString(), Map.of()))
        .hasMessage("exec: \"./nope\": stat ./nope: no such file or directory");
    program("plain", false);
    assertThatThrownBy(
            () -> CommandResolver.resolve(List.of("./plain"), List.of(), dir.toString(), Map.of()))
        .hasMessage("exec: \"./plain\": permission denied");
  }

  @Test
  void aMissingWorkingDirectoryIsAStartError() {
    assertThatThrownBy(
            () ->
                CommandResolver.resolve(
                    List.of("sh"), List.of(), dir.resolve("absent").toString(), Map.of()))
        .isInstanceOf(ContainerStartException.class)
        .hasMessageContaining("no such file or directory");
  }
}
