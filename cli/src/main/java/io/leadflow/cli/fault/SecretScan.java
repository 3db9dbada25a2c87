package io.leadflow.cli.fault;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Searches log files for configured secret values, byte for byte (ISO-8859-1 keeps every byte as one char). */
final class SecretScan {

  private SecretScan() {}

  /** One line per (secret, file) where the secret's value appears; the value itself is never printed. */
  static List<String> find(Map<String, String> secrets, List<Path> files) throws IOException {
    List<String> found = new ArrayList<>();
    for (Path file : files) {
      String text = Files.readString(file, StandardCharsets.ISO_8859_1);
      secrets.forEach((what, value) -> {
        if (!value.isEmpty() && text.contains(value)) {
          found.add(what + " appears in " + file.getFileName());
        }
      });
    }
    return found;
  }
}
