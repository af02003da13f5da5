package dev.ferry.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.FileAppender;
import ch.qos.logback.core.OutputStreamAppender;
import java.nio.file.Path;
import org.slf4j.LoggerFactory;

/** Points Logback at the console (logback.xml's default), stdout or a file, and sets the level. */
final class LogSetup {
  static final String PATTERN =
      "%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level [%thread] %logger{20} - %msg%n";

  private LogSetup() {}

  /**
   * Applies {@code --log-file} and {@code --verbose}.
   *
   * @param logFile null: keep logback.xml's console appender; "stdout": standard output (coturn's
   *     special value); otherwise a file, appended to
   */
  static void apply(String logFile, boolean verbose) {
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    Logger root = context.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME);
    if (verbose) {
      context.getLogger("dev.ferry").setLevel(Level.DEBUG);
    }
    if (logFile == null) {
      return;
    }
    OutputStreamAppender<ILoggingEvent> appender;
    if ("stdout".equals(logFile)) {
      ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
      console.setTarget("System.out");
      appender = console;
    } else {
      FileAppender<ILoggingEvent> file = new FileAppender<>();
      file.setFile(Path.of(logFile).toAbsolutePath().toString());
      file.setAppend(true);
      appender = file;
    }
    PatternLayoutEncoder encoder = new PatternLayoutEncoder();
    encoder.setContext(context);
    encoder.setPattern(PATTERN);
    encoder.start();
    appender.setContext(context);
    appender.setName("configured");
    appender.setEncoder(encoder);
    appender.start();
    root.detachAndStopAllAppenders();
    root.addAppender(appender);
  }

  /** Flushes and closes the appenders (before the JVM exits). */
  static void stop() {
    ((LoggerContext) LoggerFactory.getILoggerFactory()).stop();
  }
}
