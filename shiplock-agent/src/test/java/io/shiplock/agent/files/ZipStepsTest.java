package io.shiplock.agent.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.agent.step.StepContext;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** files.zip and files.unzip with real zip files, hostile ones among them. */
class ZipStepsTest {
  @TempDir Path runDir;
  private Fixture fx;

  @BeforeEach
  void setUp() {
    fx = new Fixture(runDir);
  }

  /** A zip written entry by entry, names as given (ZipOutputStream accepts "../x"). */
  private Path zipOf(String rel, Map<String, byte[]> entries) throws IOException {
    Path zip = runDir.resolve(rel);
    Files.createDirectories(zip.getParent());
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (var e : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(e.getKey()));
        out.write(e.getValue());
        out.closeEntry();
      }
    }
    return zip;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static List<String> names(Path zip) throws IOException {
    try (ZipFile z = new ZipFile(zip.toFile())) {
      List<String> names = new ArrayList<>(z.stream().map(ZipEntry::getName).toList());
      Collections.sort(names);
      return names;
    }
  }

  @Test
  void zipThenUnzipGivesTheSameFiles() throws IOException {
    fx.write("src/app.war", "war");
    fx.write("src/conf/app.xml", "<app/>");
    fx.write("src/notes.tmp", "t");
    StepContext zipped =
        fx.run(
            "files.zip",
            0,
            Map.of("zip", "out/app.zip", "baseDir", "src", "excludes", List.of("*.tmp")));
    assertThat(names(runDir.resolve("out/app.zip"))).containsExactly("app.war", "conf/app.xml");
    assertThat(zipped.outputs).containsEntry("files", "2").containsEntry("bytes", "9");
    StepContext unzipped =
        fx.run("files.unzip", 0, Map.of("zip", List.of("out/app.zip"), "dir", "x"));
    assertThat(fx.files("x")).containsExactly("app.war", "conf/app.xml");
    assertThat(runDir.resolve("x/conf/app.xml")).hasContent("<app/>");
    assertThat(unzipped.log())
        .contains("extracted 2 files (9 bytes) from " + runDir.resolve("out/app.zip"));
  }

  @Test
  void aZipInsideItsBaseDirIsNotOneOfItsEntries() throws IOException {
    fx.write("a.txt", "a");
    fx.run("files.zip", 0, Map.of("zip", "all.zip"));
    fx.run("files.zip", 0, Map.of("zip", "all.zip"));
    assertThat(names(runDir.resolve("all.zip"))).containsExactly("a.txt");
  }

  @Test
  void updateAddsAndReplacesEntriesKeepingTheOthers() throws IOException {
    zipOf("app.zip", Map.of("old.txt", bytes("old"), "b.txt", bytes("b1")));
    fx.write("new/b.txt", "b2");
    fx.write("new/c.txt", "c");
    StepContext ctx =
        fx.run("files.zip", 0, Map.of("zip", "app.zip", "baseDir", "new", "update", true));
    assertThat(names(runDir.resolve("app.zip"))).containsExactly("b.txt", "c.txt", "old.txt");
    fx.run("files.unzip", 0, Map.of("zip", List.of("app.zip"), "dir", "check"));
    assertThat(runDir.resolve("check/b.txt")).hasContent("b2");
    assertThat(ctx.log()).contains("kept 1 file it had");
    // Without update the zip is made anew.
    fx.run("files.zip", 0, Map.of("zip", "app.zip", "baseDir", "new"));
    assertThat(names(runDir.resolve("app.zip"))).containsExactly("b.txt", "c.txt");
  }

  @Test
  void unzipTakesPatternsAndKeepsExistingFilesWhenNotOverwriting() throws IOException {
    zipOf("dist/one.zip", Map.of("a.txt", bytes("new a")));
    zipOf("dist/two.zip", Map.of("b.txt", bytes("new b")));
    fx.write("x/a.txt", "mine");
    StepContext ctx =
        fx.run(
            "files.unzip", 0, Map.of("zip", List.of("dist/*.zip"), "dir", "x", "overwrite", false));
    assertThat(runDir.resolve("x/a.txt")).hasContent("mine");
    assertThat(runDir.resolve("x/b.txt")).hasContent("new b");
    assertThat(ctx.log()).contains("from 2 zip files", "kept 1 file existing");
    fx.run("files.unzip", 0, Map.of("zip", List.of(runDir + "/dist/one.zip"), "dir", "x"));
    assertThat(runDir.resolve("x/a.txt")).hasContent("new a");
  }

  @Test
  void unzipFailsNamingAMissingOrBrokenZip() throws IOException {
    StepContext missing = fx.run("files.unzip", 1, Map.of("zip", List.of("none.zip")));
    assertThat(missing.log()).contains("zip file not found: " + runDir.resolve("none.zip"));
    StepContext none = fx.run("files.unzip", 1, Map.of("zip", List.of("dist/*.zip")));
    assertThat(none.log()).contains("no zip file matches dist/*.zip in " + runDir.resolve("dist"));
    fx.write("fake.zip", "not a zip");
    StepContext broken = fx.run("files.unzip", 1, Map.of("zip", List.of("fake.zip")));
    assertThat(broken.log()).contains("not a zip file: " + runDir.resolve("fake.zip"));
  }

  @Test
  void unzipRefusesZipSlipEntriesBeforeWritingAnything() throws IOException {
    Map<String, byte[]> entries = new LinkedHashMap<>();
    entries.put("good.txt", bytes("fine"));
    entries.put("../evil.txt", bytes("owned"));
    zipOf("slip.zip", entries);
    StepContext ctx = fx.run("files.unzip", 1, Map.of("zip", List.of("slip.zip"), "dir", "x"));
    assertThat(ctx.log())
        .contains(
            "refused " + runDir.resolve("slip.zip") + ": entry '../evil.txt' has a '..'",
            "(zip-slip)");
    assertThat(runDir.resolve("evil.txt")).doesNotExist();
    assertThat(runDir.resolve("x/good.txt")).doesNotExist();

    zipOf("abs.zip", Map.of("/tmp/shiplock-evil.txt", bytes("owned")));
    StepContext abs = fx.run("files.unzip", 1, Map.of("zip", List.of("abs.zip"), "dir", "x"));
    assertThat(abs.log()).contains("has an absolute path (zip-slip)");
    assertThat(Path.of("/tmp/shiplock-evil.txt")).doesNotExist();
  }

  @Test
  void entryNameRules() {
    assertThat(Unzipper.nameProblem("a/b.txt")).isNull();
    assertThat(Unzipper.nameProblem("a/..b/c")).isNull();
    assertThat(Unzipper.nameProblem("a/../../b")).isNotNull();
    assertThat(Unzipper.nameProblem("..\\b")).isNotNull();
    assertThat(Unzipper.nameProblem("C:\\Windows\\x")).isNotNull();
    assertThat(Unzipper.nameProblem("/etc/passwd")).isNotNull();
  }

  @Test
  void aZipBombFailsAtTheLimit() throws IOException {
    byte[] zeros = new byte[4 << 20]; // 4 MiB of zeros deflate to a few KiB
    Path bomb = zipOf("bomb.zip", Map.of("zeros.bin", zeros));
    assertThat(Files.size(bomb)).isLessThan(64 * 1024);
    StepContext ctx =
        fx.run(ZipSteps.unzip(1 << 20), 1, Map.of("zip", List.of("bomb.zip"), "dir", "x"));
    assertThat(ctx.log()).contains("expands to more than 1048576 bytes", "zip bomb");
    assertThat(runDir.resolve("x")).doesNotExist(); // refused on the declared sizes
  }

  @Test
  void aZipBombThatLiesAboutItsSizeFailsWhileInflating() throws IOException {
    Path bomb = zipOf("liar.zip", Map.of("zeros.bin", new byte[4 << 20]));
    declareSize(bomb, 10);
    StepContext ctx =
        fx.run(ZipSteps.unzip(1 << 20), 1, Map.of("zip", List.of("liar.zip"), "dir", "x"));
    assertThat(ctx.log()).contains("expands to more than 1048576 bytes");
    assertThat(runDir.resolve("x/zeros.bin")).doesNotExist();
  }

  /** Rewrites the uncompressed size the central directory declares for the (only) entry. */
  private static void declareSize(Path zip, int size) throws IOException {
    byte[] b = Files.readAllBytes(zip);
    for (int i = b.length - 4; i >= 0; i--) {
      if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 1 && b[i + 3] == 2) {
        ByteBuffer.wrap(b, i + 24, 4).order(ByteOrder.LITTLE_ENDIAN).putInt(size);
        try (OutputStream out = Files.newOutputStream(zip)) {
          out.write(b);
        }
        return;
      }
    }
    throw new AssertionError("no central directory header in " + zip);
  }
}
