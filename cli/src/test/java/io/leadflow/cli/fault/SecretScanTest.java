package io.leadflow.cli.fault;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretScanTest {

  @TempDir
  Path dir;

  @Test
  void namesTheSecretAndTheFileButNotTheValue() throws Exception {
    Path clean = Files.writeString(dir.resolve("a.log"), "sasl.jaas.config = [hidden]\n");
    Path leaky = Files.writeString(dir.resolve("b.log"), "09:00 INFO webhook secret is whsec_c2VjcmV0 oops\n");
    List<String> found = SecretScan.find(Map.of("webhook signing secret", "whsec_c2VjcmV0", "API token", "tok-123"),
        List.of(clean, leaky));
    assertThat(found).containsExactly("webhook signing secret appears in b.log");
    assertThat(String.join("", found)).doesNotContain("c2VjcmV0");
  }
}
