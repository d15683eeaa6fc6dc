package dev.webhooks.it.support;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Deploys a small test application (a WAR of test classes) into the test server's dropins
 * directory.
 */
public final class TestApps {
  private TestApps() {}

  /**
   * Deploys {@code classes} as {@code /<name>} and waits until {@code probePath} answers other than
   * 404.
   */
  public static Path deploy(String name, String probePath, Class<?>... classes) throws IOException {
    Path war =
        Path.of(System.getProperty("it.serverDir")).resolve("dropins").resolve(name + ".war");
    write(war, classes);
    Await.until(
        () -> Api.anonymous("/" + name + probePath).status() != 404,
        java.time.Duration.ofSeconds(60),
        "test application " + name + " to start");
    return war;
  }

  /**
   * Writes {@code classes} as the WAR {@code war} (created whole, then moved into place, so a
   * server watching the directory never reads half a file).
   */
  public static void write(Path war, Class<?>... classes) throws IOException {
    Files.createDirectories(war.getParent());
    Path tmp = Files.createTempFile(war.getFileName().toString(), ".tmp");
    try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(tmp))) {
      for (Class<?> c : classes) {
        String entry = c.getName().replace('.', '/') + ".class";
        zip.putNextEntry(new ZipEntry("WEB-INF/classes/" + entry));
        try (var in = c.getClassLoader().getResourceAsStream(entry)) {
          in.transferTo(zip);
        }
        zip.closeEntry();
      }
    }
    Files.move(tmp, war, StandardCopyOption.REPLACE_EXISTING);
  }
}
