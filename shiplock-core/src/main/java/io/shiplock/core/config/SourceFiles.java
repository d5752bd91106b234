package io.shiplock.core.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** Loads configuration files from a file or a directory tree (*.yaml, *.yml, *.json, sorted). */
public final class SourceFiles {
  private SourceFiles() {}

  public static List<SourceFile> load(Path path) {
    try {
      if (!Files.exists(path))
        throw new IllegalArgumentException("no such file or directory: " + path);
      if (Files.isRegularFile(path)) return List.of(read(path, path.getFileName()));
      List<SourceFile> out = new ArrayList<>();
      try (Stream<Path> files = Files.walk(path)) {
        for (Path p :
            files.filter(Files::isRegularFile).filter(SourceFiles::isConfig).sorted().toList()) {
          out.add(read(p, path.relativize(p)));
        }
      }
      if (out.isEmpty())
        throw new IllegalArgumentException("no .yaml, .yml or .json files in " + path);
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isConfig(Path p) {
    String n = p.getFileName().toString();
    return n.endsWith(".yaml") || n.endsWith(".yml") || n.endsWith(".json");
  }

  private static SourceFile read(Path p, Path display) throws IOException {
    return new SourceFile(display.toString(), Files.readString(p, StandardCharsets.UTF_8));
  }
}
