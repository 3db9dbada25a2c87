package io.leadflow.routing.api;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Debian's chromium, headless, driven by its own flags (no WebDriver here): {@code --dump-dom} prints the DOM after
 * the page's scripts ran (virtual time waits for pending fetches), {@code --screenshot} writes a PNG.
 */
final class Browser {

  private Browser() {}

  /** The chromium executable on the PATH, or null. */
  static Path find() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      for (String name : List.of("chromium", "chromium-browser", "google-chrome")) {
        Path candidate = Path.of(dir, name);
        if (Files.isExecutable(candidate)) {
          return candidate;
        }
      }
    }
    return null;
  }

  static String dumpDom(Path chromium, String url) throws Exception {
    return run(chromium, List.of("--dump-dom", url));
  }

  static void screenshot(Path chromium, String url, Path png) throws Exception {
    run(chromium, List.of("--screenshot=" + png.toAbsolutePath(), "--window-size=1280,800", url));
  }

  private static String run(Path chromium, List<String> args) throws Exception {
    Path profile = Files.createTempDirectory("chromium-profile");
    List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--disable-gpu", "--no-sandbox",
        "--disable-dev-shm-usage", "--no-first-run", "--user-data-dir=" + profile, "--virtual-time-budget=20000"));
    command.addAll(args);
    Path log = Files.createTempFile("chromium", ".log");
    Process process = new ProcessBuilder(command).redirectError(log.toFile()).start();
    byte[] out = process.getInputStream().readAllBytes();
    if (!process.waitFor(90, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("chromium did not finish: " + Files.readString(log));
    }
    if (process.exitValue() != 0) {
      throw new AssertionError("chromium exited " + process.exitValue() + ": " + Files.readString(log));
    }
    return new String(out, StandardCharsets.UTF_8);
  }

  /** The text of the element with this id in a dumped DOM (simple elements only: no nested tags). */
  static String textOf(String dom, String id) {
    Matcher m = Pattern.compile("id=\"" + Pattern.quote(id) + "\"[^>]*>([^<]*)<").matcher(dom);
    if (!m.find()) {
      throw new AssertionError("no element #" + id + " in " + dom);
    }
    return m.group(1).replace("&amp;", "&").replace("&lt;", "<").replace("&gt;", ">").strip();
  }

  static int distinctColours(BufferedImage image) {
    Set<Integer> colours = new HashSet<>();
    for (int y = 0; y < image.getHeight(); y += 2) {
      for (int x = 0; x < image.getWidth(); x += 2) {
        colours.add(image.getRGB(x, y));
      }
    }
    return colours.size();
  }
}
