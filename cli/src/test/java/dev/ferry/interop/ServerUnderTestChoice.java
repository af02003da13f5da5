package dev.ferry.interop;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Which TURN server the interop tests start, named by the system property {@code
 * ferry.interop.server} ({@code ferry} or {@code coturn}), so that a failure can be compared
 * against the reference server with one flag instead of an edit.
 */
public enum ServerUnderTestChoice {
  FERRY,
  COTURN;

  /** The system property that picks the server. */
  public static final String PROPERTY = "ferry.interop.server";

  /** The server when {@link #PROPERTY} is absent. */
  public static final ServerUnderTestChoice DEFAULT = FERRY;

  /** The server named by {@link #PROPERTY}, {@link #DEFAULT} when it is absent. */
  public static ServerUnderTestChoice fromSystemProperty() {
    String value = System.getProperty(PROPERTY, DEFAULT.name()).trim().toUpperCase(Locale.ROOT);
    try {
      return valueOf(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          PROPERTY + " must be ferry or coturn, not " + System.getProperty(PROPERTY), e);
    }
  }

  /** Starts this server with one long-term user; its log goes to {@code logDir}. */
  public TurnServerUnderTest startLongTerm(String user, String pass, Path workDir, Path logDir)
      throws IOException {
    Path log = logDir.resolve(name().toLowerCase(Locale.ROOT) + "-long-term.log");
    return switch (this) {
      case FERRY -> FerryServer.startLongTerm(user, pass, workDir, log);
      case COTURN -> CoturnServer.startLongTerm(user, pass, workDir, log);
    };
  }

  /** Starts this server accepting TURN REST credentials minted from {@code sharedSecret}. */
  public TurnServerUnderTest startRestApi(
      String sharedSecret, String user, Path workDir, Path logDir) throws IOException {
    Path log = logDir.resolve(name().toLowerCase(Locale.ROOT) + "-rest-api.log");
    return switch (this) {
      case FERRY -> FerryServer.startRestApi(sharedSecret, user, workDir, log);
      case COTURN -> CoturnServer.startRestApi(sharedSecret, user, workDir, log);
    };
  }
}
