package io.leadflow.routing;

import com.sun.net.httpserver.HttpExchange;
import io.leadflow.platform.observability.Management;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;

/**
 * The pool browser, ops dashboard and admin form: static files from the class path under {@code /ui/} on the
 * management port, no external scripts (works offline). They call the pool API on the same origin.
 */
final class PoolPage {

  static final String PATH = "/ui/";
  private static final Map<String, String> TYPES = Map.of("html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8", "css", "text/css; charset=utf-8");

  private PoolPage() {}

  static void mount(Management management) {
    management.addHandler(PATH, PoolPage::serve);
  }

  private static void serve(HttpExchange exchange) throws IOException {
    try (exchange) {
      String name = exchange.getRequestURI().getPath().substring(PATH.length());
      if (name.isEmpty()) {
        name = "index.html";
      }
      String extension = name.substring(name.lastIndexOf('.') + 1);
      // Only the page's own files: no paths, no other resources of the class path.
      if (!name.matches("[a-z]+\\.(html|js|css)") || !"GET".equals(exchange.getRequestMethod())) {
        exchange.sendResponseHeaders(404, -1);
        return;
      }
      try (InputStream in = PoolPage.class.getResourceAsStream("ui/" + name)) {
        if (in == null) {
          exchange.sendResponseHeaders(404, -1);
          return;
        }
        byte[] body = in.readAllBytes();
        exchange.getResponseHeaders().set("Content-Type", TYPES.get(extension));
        exchange.getResponseHeaders().set("Content-Security-Policy", "default-src 'self'");
        exchange.sendResponseHeaders(200, body.length);
        try (OutputStream out = exchange.getResponseBody()) {
          out.write(body);
        }
      }
    }
  }
}
