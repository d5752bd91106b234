package io.shiplock.agent;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Files only the agent's user may read or write (mode 0600). The mode is given when the file is
 * created, never set afterwards, so there is no moment at which another user of the host could open
 * it.
 */
final class PrivateFiles {
  private static final boolean POSIX =
      FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
  private static final FileAttribute<Set<PosixFilePermission>> OWNER_ONLY =
      PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));

  private PrivateFiles() {}

  /** Creates a new empty file; fails if it exists, so a file someone else made is never reused. */
  static Path create(Path file) throws IOException {
    return POSIX ? Files.createFile(file, OWNER_ONLY) : Files.createFile(file);
  }
}
