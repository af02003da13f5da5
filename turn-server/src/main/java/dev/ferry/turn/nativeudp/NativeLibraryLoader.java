package dev.ferry.turn.nativeudp;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Locale;

/**
 * Finds libferryudp on the class path and loads it; reports why not instead of throwing, because a
 * missing native library only means Ferry falls back to Netty's datagram channels.
 */
final class NativeLibraryLoader {
  private NativeLibraryLoader() {}

  /** The resource the build writes for this JVM's OS and architecture. */
  static String resourceName() {
    return "META-INF/native/libferryudp_linux_"
        + System.getProperty("os.arch", "unknown").toLowerCase(Locale.ROOT)
        + ".so";
  }

  /**
   * Loads {@code resource} through {@code loader}; returns null when the library is loaded and
   * answers, otherwise the reason it cannot be used.
   */
  static Throwable load(ClassLoader loader, String resource) {
    String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
    if (!os.startsWith("linux")) {
      return new UnsupportedOperationException("libferryudp is Linux-only; this is " + os);
    }
    try {
      URL url = loader.getResource(resource);
      if (url == null) {
        return new IOException("no " + resource + " on the class path");
      }
      loadFrom(url);
      int batch = NativeMethods.maxBatch();
      if (batch != NativeMethods.MAX_BATCH) {
        return new IllegalStateException(
            "libferryudp batch size " + batch + " differs from " + NativeMethods.MAX_BATCH);
      }
      return null;
    } catch (IOException | URISyntaxException | LinkageError | SecurityException e) {
      return e;
    }
  }

  private static void loadFrom(URL url) throws IOException, URISyntaxException {
    if ("file".equals(url.getProtocol())) {
      // Running from target/classes (tests): load in place, nothing to extract.
      System.load(new File(url.toURI()).getAbsolutePath());
      return;
    }
    // Inside a jar: the dynamic linker needs a file. createTempFile makes it owner-only (0600), so
    // no other user can swap it before it is loaded; once mapped, the file is no longer needed.
    Path copy = Files.createTempFile("libferryudp", ".so");
    try {
      try (InputStream in = url.openStream()) {
        Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
      }
      System.load(copy.toAbsolutePath().toString());
    } finally {
      Files.deleteIfExists(copy);
    }
  }
}
