package io.kubeloop.apiserver.security;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Writes files so that readers never see half a file and secrets are never readable by others, not
 * even for a moment: the content goes to a temporary file created with its final permissions (0600
 * for secrets, 0644 otherwise), is flushed to disk, then moved over the target. Permissions are
 * applied only where the file system is POSIX.
 */
final class SecureFiles {

  static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");
  private static final Set<PosixFilePermission> WORLD_READABLE =
      PosixFilePermissions.fromString("rw-r--r--");
  private static final Set<PosixFilePermission> PRIVATE_DIRECTORY =
      PosixFilePermissions.fromString("rwx------");

  private SecureFiles() {}

  static boolean posix() {
    return FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  }

  /** Creates {@code dir} (and parents) if missing; a new directory is 0700. */
  static void createPrivateDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    if (posix()) {
      Files.createDirectories(dir, PosixFilePermissions.asFileAttribute(PRIVATE_DIRECTORY));
    } else {
      Files.createDirectories(dir);
    }
  }

  /** Replaces {@code target} with {@code content}; a secret ends up 0600, anything else 0644. */
  static void write(Path target, byte[] content, boolean secret) throws IOException {
    Path dir = target.toAbsolutePath().getParent();
    Set<PosixFilePermission> permissions = secret ? OWNER_ONLY : WORLD_READABLE;
    FileAttribute<?>[] attributes =
        posix()
            ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(permissions)}
            : new FileAttribute<?>[0];
    Path temporary = Files.createTempFile(dir, "." + target.getFileName(), ".tmp", attributes);
    try {
      try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
        ByteBuffer buffer = ByteBuffer.wrap(content);
        while (buffer.hasRemaining()) {
          channel.write(buffer);
        }
        channel.force(true);
      }
      if (posix()) {
        // the umask may have narrowed the creation mode; public files must stay readable
        Files.setPosixFilePermissions(temporary, permissions);
      }
      try {
        Files.move(
            temporary, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temporary, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temporary);
    }
  }

  /** Narrows an existing secret file to 0600 if a user widened it. */
  static void restrict(Path secret) throws IOException {
    if (posix() && !Files.getPosixFilePermissions(secret).equals(OWNER_ONLY)) {
      Files.setPosixFilePermissions(secret, OWNER_ONLY);
    }
  }
}
