package dev.ferry.cli;

import dev.ferry.turn.config.TransportPreference;
import java.net.InetAddress;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Picocli converters whose error messages say what a valid value looks like. */
final class Converters {
  private Converters() {}

  /** An IPv4 or IPv6 literal. */
  static final class Ip implements ITypeConverter<InetAddress> {
    @Override
    public InetAddress convert(String value) {
      return IpLiteral.parse(value)
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "'" + value + "' is not an IPv4 or IPv6 address literal"));
    }
  }

  /** A port 1-65535. */
  static final class Port implements ITypeConverter<Integer> {
    @Override
    public Integer convert(String value) {
      int port;
      try {
        port = Integer.parseInt(value.trim());
      } catch (NumberFormatException e) {
        throw new TypeConversionException("'" + value + "' is not a port number (1-65535)");
      }
      if (port < 1 || port > 65535) {
        throw new TypeConversionException("port " + port + " is out of range 1-65535");
      }
      return port;
    }
  }

  /** auto, io_uring, epoll or nio. */
  static final class Transport implements ITypeConverter<TransportPreference> {
    @Override
    public TransportPreference convert(String value) {
      return TransportPreference.parse(value)
          .orElseThrow(
              () ->
                  new TypeConversionException(
                      "'" + value + "' is not a transport (auto, io_uring, epoll, nio)"));
    }
  }
}
