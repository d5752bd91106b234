package io.shiplock.agent.files;

import static org.assertj.core.api.Assertions.assertThat;

import io.shiplock.agent.step.StepContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** files.download, files.delete and files.move against real directories. */
class FileStepsTest {
  @TempDir Path runDir;
  @TempDir Path outside;
  private Fixture fx;

  @BeforeEach
  void setUp() {
    fx = new Fixture(runDir);
  }

  /** The version's files where the agent places them ({@link StepContext#versionDir()}). */
  private void version() {
    fx.write("version/app.war", "war");
    fx.write("version/conf/app.xml", "<app/>");
    fx.write("version/bin/start.sh", "#!/bin/sh\n").toFile().setExecutable(true, false);
  }

  @Test
  void downloadCopiesTheVersionsFilesKeepingExecuteBits() {
    version();
    StepContext ctx = fx.run("files.download", 0, Map.of("dir", "deploy"));
    assertThat(fx.files("deploy")).containsExactly("app.war", "bin/start.sh", "conf/app.xml");
    assertThat(Files.isExecutable(runDir.resolve("deploy/bin/start.sh"))).isTrue();
    assertThat(Files.isExecutable(runDir.resolve("deploy/app.war"))).isFalse();
    assertThat(ctx.outputs).containsEntry("files", "3").containsEntry("bytes", "19");
    assertThat(ctx.log())
        .contains("copied 3 files (19 bytes) of the version to " + runDir.resolve("deploy"));
    // The agent's own copy is untouched: later steps of the request still read it.
    assertThat(fx.files("version")).hasSize(3);
  }

  @Test
  void downloadSelectsWithIncludesAndExcludesAndAcceptsAnAbsoluteDir() {
    version();
    fx.run(
        "files.download",
        0,
        Map.of(
            "dir", outside.toString(),
            "includes", List.of("**/*.war", "conf/"),
            "excludes", List.of("**/*.xml")));
    assertThat(new Fixture(outside).files(".")).containsExactly("app.war");
  }

  @Test
  void downloadWithCleanRemovesWhatTheVersionDoesNotHave() {
    version();
    fx.write("deploy/old.jar", "old");
    fx.write("deploy/gone/deep/x.txt", "x");
    fx.write("deploy/app.war", "previous");
    StepContext ctx = fx.run("files.download", 0, Map.of("dir", "deploy", "clean", true));
    assertThat(fx.files("deploy")).containsExactly("app.war", "bin/start.sh", "conf/app.xml");
    assertThat(runDir.resolve("deploy/gone")).doesNotExist();
    assertThat(ctx.log()).contains("clean: deleted 2 files");
  }

  @Test
  void downloadRefusesToCleanTheRequestsOwnDirectory() {
    version();
    StepContext ctx = fx.run("files.download", 1, Map.of("clean", true));
    assertThat(ctx.log()).contains("clean would delete the request's own files");
    assertThat(fx.files("version")).hasSize(3);
  }

  @Test
  void downloadFailsClearlyWithoutAVersion() {
    StepContext ctx = fx.run("files.download", 1, Map.of("dir", "deploy"));
    assertThat(ctx.log()).contains("files.download: this step runs for no version");
  }

  @Test
  void deleteRemovesMatchingFilesAndDirectoriesButNotExcludedOnes() {
    fx.write("app/a.log", "a");
    fx.write("app/sub/b.log", "b");
    fx.write("app/keep.log", "k");
    fx.write("app/app.war", "w");
    fx.write("app/tmp/x/y.bin", "y");
    fx.write("app/cache/old.bin", "o");
    fx.write("app/cache/keep/me.bin", "m");
    StepContext ctx =
        fx.run(
            "files.delete",
            0,
            Map.of(
                "baseDir", "app",
                "includes", List.of("**/*.log", "tmp", "cache/"),
                "excludes", List.of("keep.log", "cache/keep/**")));
    assertThat(fx.files("app")).containsExactly("app.war", "cache/keep/me.bin", "keep.log");
    assertThat(runDir.resolve("app/tmp")).doesNotExist();
    assertThat(ctx.outputs).containsEntry("files", "4");
    assertThat(ctx.log())
        .contains("deleted 4 files and 2 directories under " + runDir.resolve("app"));
  }

  @Test
  void deleteRemovesALinkNotWhatItPointsTo() throws Exception {
    Path secret = Files.writeString(outside.resolve("secret.txt"), "s");
    Files.createDirectories(runDir.resolve("app"));
    Files.createSymbolicLink(runDir.resolve("app/out"), outside);
    Files.createSymbolicLink(runDir.resolve("app/file"), secret);
    fx.run("files.delete", 0, Map.of("baseDir", "app", "includes", List.of("**/*")));
    assertThat(runDir.resolve("app/out")).doesNotExist();
    assertThat(runDir.resolve("app/file")).doesNotExist();
    assertThat(secret).hasContent("s");
  }

  @Test
  void deleteFollowsLinksOnlyWhenTold() throws Exception {
    Files.writeString(outside.resolve("data.tmp"), "d");
    Files.createDirectories(runDir.resolve("app"));
    Files.createSymbolicLink(runDir.resolve("app/shared"), outside);
    Map<String, Object> with =
        Map.of("baseDir", "app", "includes", List.of("**/*.tmp"), "followSymlinks", true);
    fx.run("files.delete", 0, with);
    assertThat(outside.resolve("data.tmp")).doesNotExist();
  }

  @Test
  void deleteUnderAMissingBaseDirHasNothingToDo() {
    StepContext ctx =
        fx.run("files.delete", 0, Map.of("baseDir", "nope", "includes", List.of("*")));
    assertThat(ctx.log()).contains("nothing to delete: " + runDir.resolve("nope"));
  }

  @Test
  void moveKeepsRelativePathsAndRemovesTheDirectoriesItEmptied() {
    fx.write("build/lib/a.jar", "aa");
    fx.write("build/lib/deep/b.jar", "bbb");
    fx.write("build/readme.txt", "r");
    StepContext ctx =
        fx.run(
            "files.move",
            0,
            Map.of(
                "sourceDir", "build",
                "destDir", outside.resolve("opt/app").toString(),
                "includes", List.of("**/*.jar")));
    assertThat(new Fixture(outside).files("opt/app"))
        .containsExactly("lib/a.jar", "lib/deep/b.jar");
    assertThat(fx.files("build")).containsExactly("readme.txt");
    assertThat(runDir.resolve("build/lib")).doesNotExist();
    assertThat(ctx.outputs).containsEntry("files", "2").containsEntry("bytes", "5");
  }

  @Test
  void moveIntoASubdirectoryOfTheSourceLeavesThatSubdirectoryAlone() {
    fx.write("app/a.txt", "a");
    fx.write("app/old/b.txt", "b");
    fx.run("files.move", 0, Map.of("sourceDir", "app", "destDir", "app/old"));
    assertThat(fx.files("app")).containsExactly("old/a.txt", "old/b.txt");
  }

  @Test
  void moveFailsNamingAMissingSource() {
    StepContext ctx = fx.run("files.move", 1, Map.of("sourceDir", "none", "destDir", "x"));
    assertThat(ctx.log()).contains("sourceDir is not a directory: " + runDir.resolve("none"));
  }
}
