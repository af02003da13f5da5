package dev.ferry.interop.browser;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.ferry.interop.LoopbackPorts;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;

/**
 * Serves the test pages from {@code browser/} on the classpath over http://127.0.0.1, which
 * browsers treat as a secure context, so that getUserMedia and WebRTC are allowed.
 */
public final class TestPageServer implements AutoCloseable {

  private static final String RESOURCE_FOLDER = "/browser/";

  private final HttpServer server;

  private TestPageServer(HttpServer server) {
    this.server = server;
  }

  /** Starts serving on an ephemeral loopback port. */
  public static TestPageServer start() throws IOException {
    HttpServer server = HttpServer.create(new InetSocketAddress(LoopbackPorts.IPV4_LOOPBACK, 0), 0);
    server.createContext("/", TestPageServer::serve);
    server.start();
    return new TestPageServer(server);
  }

  /** The address of one page, e.g. {@code relay-call.html}. */
  public URI url(String page) {
    return URI.create(
        "http://127.0.0.1:" + server.getAddress().getPort() + "/" + page.replaceFirst("^/", ""));
  }

  @Override
  public void close() {
    server.stop(0);
  }

  private static void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String name = exchange.getRequestURI().getPath().replaceFirst("^/", "");
      byte[] body = null;
      if (name.matches("[A-Za-z0-9-]+\\.html")) {
        try (InputStream page = TestPageServer.class.getResourceAsStream(RESOURCE_FOLDER + name)) {
          body = page == null ? null : page.readAllBytes();
        }
      }
      if (body == null) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
      exchange.getResponseHeaders().set("Cache-Control", "no-store");
      exchange.sendResponseHeaders(200, body.length);
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }
}
