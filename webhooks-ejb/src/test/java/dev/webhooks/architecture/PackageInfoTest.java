package dev.webhooks.architecture;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every package of both modules (the engine and the web module beside it) says what it owns, in a
 * package-info.java with a javadoc comment.
 */
class PackageInfoTest {
  @Test
  void everyPackageHasAPackageInfo() throws IOException {
    assertEquals(List.of(), packagesWithoutInfo(Path.of("src/main/java")));
    assertEquals(List.of(), packagesWithoutInfo(Path.of("../webhooks-web/src/main/java")));
  }

  static List<String> packagesWithoutInfo(Path root) throws IOException {
    try (Stream<Path> dirs = Files.walk(root)) {
      return dirs.filter(Files::isDirectory)
          .filter(PackageInfoTest::holdsClasses)
          .filter(d -> !documented(d.resolve("package-info.java")))
          .map(d -> root.relativize(d).toString())
          .sorted()
          .toList();
    }
  }

  private static boolean holdsClasses(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files.anyMatch(f -> f.getFileName().toString().endsWith(".java"));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static boolean documented(Path info) {
    try {
      return Files.exists(info) && Files.readString(info).contains("/**");
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
