package dev.ferry.turn.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratedSecretTest {

  @Test
  void loadOrCreate_firstStart_creates64HexDigitsWithMode0600(@TempDir Path dir) throws Exception {
    Path state = dir.resolve("state/ferry");

    GeneratedSecret.Loaded loaded = GeneratedSecret.loadOrCreate(state, new SecureRandom());

    assertThat(loaded.created()).isTrue();
    assertThat(loaded.file()).isEqualTo(state.resolve(GeneratedSecret.FILE_NAME));
    assertThat(loaded.secret().utf8()).matches("[0-9a-f]{64}");
    assertThat(Files.readString(loaded.file()).strip()).isEqualTo(loaded.secret().utf8());
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(loaded.file())))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(state)))
        .isEqualTo("rwx------");
  }

  @Test
  void loadOrCreate_laterStart_reusesTheSameSecret(@TempDir Path dir) throws Exception {
    GeneratedSecret.Loaded first = GeneratedSecret.loadOrCreate(dir, new SecureRandom());

    GeneratedSecret.Loaded second = GeneratedSecret.loadOrCreate(dir, new SecureRandom());

    assertThat(second.created()).isFalse();
    assertThat(second.secret()).isEqualTo(first.secret());
    try (var files = Files.list(dir)) {
      assertThat(files).containsExactly(first.file());
    }
  }

  @Test
  void loadOrCreate_emptySecretFile_failsNamingTheFile(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve(GeneratedSecret.FILE_NAME), "\n");

    assertThatThrownBy(() -> GeneratedSecret.loadOrCreate(dir, new SecureRandom()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(dir.resolve(GeneratedSecret.FILE_NAME).toString());
  }

  @Test
  void loadOrCreate_directoryCannotBeCreated_failsNamingIt(@TempDir Path dir) throws Exception {
    Path blocker = Files.writeString(dir.resolve("file"), "x");

    assertThatThrownBy(
            () -> GeneratedSecret.loadOrCreate(blocker.resolve("sub"), new SecureRandom()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining(blocker.resolve("sub").toString())
        .hasMessageContaining("state-dir");
  }

  @Test
  void resolve_configured_winsOverCandidates(@TempDir Path dir) {
    Path configured = dir.resolve("mine");

    assertThat(StateDirectory.resolve(configured, List.of(dir))).isEqualTo(configured);
  }

  @Test
  void resolve_firstCandidateUsable_isChosen(@TempDir Path dir) {
    Path first = dir.resolve("var/lib/turnd");
    Path second = dir.resolve("home/.local/state/ferry");

    assertThat(StateDirectory.resolve(null, List.of(first, second))).isEqualTo(first);
  }

  @Test
  void resolve_firstCandidateNotWritable_fallsBackToTheNext(@TempDir Path dir) throws Exception {
    Path readOnlyFile = Files.writeString(dir.resolve("not-a-dir"), "x");
    Path first = readOnlyFile.resolve("turnd");
    Path second = dir.resolve("home/.local/state/ferry");

    assertThat(StateDirectory.resolve(null, List.of(first, second))).isEqualTo(second);
  }
}
