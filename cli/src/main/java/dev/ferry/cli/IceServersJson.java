package dev.ferry.cli;

import java.util.List;

/**
 * Renders an {@code RTCConfiguration} with one TURN server entry, ready to paste into a web app.
 */
final class IceServersJson {
  private IceServersJson() {}

  /**
   * Pretty-printed JSON: {@code {"iceServers":[{"urls":[...],"username":...,"credential":...}]}}.
   */
  static String render(List<String> urls, String username, String credential) {
    StringBuilder json = new StringBuilder();
    json.append("{\n  \"iceServers\": [\n    {\n      \"urls\": [");
    for (int i = 0; i < urls.size(); i++) {
      json.append(i == 0 ? "\n" : ",\n").append("        ").append(quote(urls.get(i)));
    }
    json.append("\n      ],\n");
    json.append("      \"username\": ").append(quote(username)).append(",\n");
    json.append("      \"credential\": ").append(quote(credential)).append('\n');
    json.append("    }\n  ]\n}");
    return json.toString();
  }

  /** A JSON string literal (RFC 8259 §7). */
  static String quote(String text) {
    StringBuilder out = new StringBuilder(text.length() + 2).append('"');
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20) {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }
}
