package dev.ferry.turn.config;

import dev.ferry.auth.SecretBytes;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The REST shared secret {@code turnd} creates on its first start without credentials, kept in the
 * state directory (mode 0600) so that credentials minted from it stay valid across restarts.
 */
public final class GeneratedSecret {
  /** File name inside the state directory. */
  public static final String FILE_NAME = "rest-shared-secret";

  /** 256 bits, as the brief for an HMAC-SHA1 key that must not be guessed. */
  private static final int SECRET_BYTES = 32;

  /**
   * The secret and where it lives.
   *
   * @param file the secret file, one line of 64 hex digits (used as text, like any REST secret)
   * @param secret the secret
   * @param created whether this start created it
   */
  public record Loaded(Path file, SecretBytes secret, boolean created) {}

  private GeneratedSecret() {}

  /** Reads the secret from {@code dir}, creating the directory and the secret if needed. */
  public static Loaded loadOrCreate(Path dir, SecureRandom random) throws ConfigException {
    Path file = dir.resolve(FILE_NAME);
    try {
      if (!Files.exists(file)) {
        createDirectory(dir);
        if (create(file, random)) {
          return new Loaded(file, read(file), true);
        }
      }
      return new Loaded(file, read(file), false);
    } catch (IOException e) {
      throw new ConfigException(
          file + ": cannot keep the generated REST secret here (" + e + "); set state-dir");
    }
  }

  private static void createDirectory(Path dir) throws IOException {
    if (Files.isDirectory(dir)) {
      return;
    }
    try {
      Files.createDirectories(
          dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } catch (UnsupportedOperationException e) {
      Files.createDirectories(dir);
    }
  }

  /** Writes a new secret; false if another process got there first. */
  private static boolean create(Path file, SecureRandom random) throws IOException {
    byte[] raw = new byte[SECRET_BYTES];
    random.nextBytes(raw);
    byte[] text = (HexFormat.of().formatHex(raw) + "\n").getBytes(StandardCharsets.US_ASCII);
    java.util.Arrays.fill(raw, (byte) 0);
    Path temp;
    try {
      temp =
          Files.createTempFile(
              file.getParent(),
              ".secret",
              ".tmp",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      temp = Files.createTempFile(file.getParent(), ".secret", ".tmp");
    }
    try {
      Files.write(temp, text);
      try {
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, file);
      }
      return true;
    } catch (FileAlreadyExistsException e) {
      return false;
    } finally {
      java.util.Arrays.fill(text, (byte) 0);
      Files.deleteIfExists(temp);
    }
  }

  private static SecretBytes read(Path file) throws IOException, ConfigException {
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      String secret = line.strip();
      if (!secret.isEmpty()) {
        return SecretBytes.ofUtf8(secret);
      }
    }
    throw new ConfigException(file + ": the generated REST secret file is empty; delete it");
  }
}
