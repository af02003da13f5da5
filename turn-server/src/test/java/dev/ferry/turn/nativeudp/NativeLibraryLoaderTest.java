package dev.ferry.turn.nativeudp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NativeLibraryLoaderTest {
  @Test
  void load_missingResource_reportsTheMissingName() {
    Throwable cause =
        NativeLibraryLoader.load(getClass().getClassLoader(), "META-INF/native/libnope_bogus.so");

    assertThat(cause)
        .isInstanceOf(IOException.class)
        .hasMessageContaining("META-INF/native/libnope_bogus.so");
  }

  @Test
  void load_resourceIsNotALibrary_reportsLinkErrorInsteadOfThrowing(@TempDir Path dir)
      throws IOException {
    Path fake = dir.resolve("META-INF/native/libfake.so");
    Files.createDirectories(fake.getParent());
    Files.write(fake, new byte[] {'n', 'o', 't', ' ', 'E', 'L', 'F'});
    try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, null)) {
      Throwable cause = NativeLibraryLoader.load(loader, "META-INF/native/libfake.so");

      assertThat(cause).isInstanceOf(UnsatisfiedLinkError.class);
    }
  }

  @Test
  void resourceName_namesThisArchitecture() {
    assertThat(NativeLibraryLoader.resourceName())
        .isEqualTo("META-INF/native/libferryudp_linux_" + System.getProperty("os.arch") + ".so");
  }
}
