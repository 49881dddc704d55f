package dev.barbiton.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.Test;

/** The runnable jar ships the command line and what it uses, and no test code. */
class CliJarIT {
  private static final Path JAR = Path.of(System.getProperty("user.dir"), "target", "barbiton.jar");

  @Test
  void runnableJar_holdsNoTestClassesJunitOrTestResources() throws Exception {
    assertTrue(Files.isRegularFile(JAR), JAR + " is built by package, before this runs");
    try (JarFile jar = new JarFile(JAR.toFile())) {
      List<String> names = Collections.list(jar.entries()).stream().map(ZipEntry::getName).toList();
      List<String> tests = names.stream()
          .filter(n -> n.startsWith("dev/barbiton/") && !n.contains("/jmh_generated/"))
          .filter(n -> n.matches(".*(Test|IT|TestBase|Fixture)(\\$.*)?\\.class")).toList();
      assertEquals(List.of(), tests, "test classes in the product");
      assertEquals(List.of(), names.stream().filter(n -> n.startsWith("org/junit/")).toList(), "JUnit in the product");
      assertEquals(List.of(), names.stream().filter(n -> n.endsWith(".mp4") || n.endsWith(".bin")).toList(), "test media in the product");
      assertTrue(names.contains("dev/barbiton/examples/Barbiton.class"));
      assertTrue(names.contains("dev/barbiton/testing/MediaServer.class"), "the demo's loopback server, from barbiton-testing");
      assertTrue(names.contains("dev/barbiton/reliability/ChaosRunner.class"), "the chaos command's runner, from barbiton-reliability");
    }
  }
}
