package io.leadflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The Dockerfile and the compose file against the build: every Maven module is copied into the image build (the
 * ops module once was not), and compose runs every service in registry mode with its readiness check. CI also
 * validates the compose syntax with {@code docker-compose config -q}.
 */
class DeploymentFilesTest {

  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void theDockerfileCopiesEveryModuleOfTheBuild() throws Exception {
    String pom = Files.readString(ROOT.resolve("pom.xml"));
    // The default build's modules (the first <modules>), not those of optional profiles such as -Pbench.
    String defaultModules = pom.substring(pom.indexOf("<modules>"), pom.indexOf("</modules>"));
    List<String> modules = new ArrayList<>();
    Matcher module = Pattern.compile("<module>([^<]+)</module>").matcher(defaultModules);
    while (module.find()) {
      modules.add(module.group(1));
    }
    String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));

    assertThat(modules).isNotEmpty().allSatisfy(m ->
        assertThat(dockerfile).as("Dockerfile copies module " + m).containsPattern("(?m)^COPY " + Pattern.quote(m) + " " + Pattern.quote(m) + "$"));
    assertThat(dockerfile).contains("COPY examples examples").containsPattern("(?m)^HEALTHCHECK .*\\n?.*\"health\"");
  }

  @Test
  void composeRunsEveryServiceInRegistryModeBehindTheRegistry() throws Exception {
    // SnakeYAML (under Jackson's YAML module) resolves anchors and merge keys as compose does; Jackson alone does not.
    Object yaml = new org.yaml.snakeyaml.Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
    JsonNode compose = new ObjectMapper().valueToTree(yaml);
    JsonNode services = compose.get("services");

    assertThat(services.has("apicurio")).isTrue();
    assertThat(services.get("apicurio").get("image").asText()).startsWith("apicurio/apicurio-registry:3.");
    for (String name : Services.names()) {
      assertThat(services.get(name)).as(name + " in docker-compose.yml").isNotNull();
      JsonNode service = services.get(name);
      assertThat(service.get("command").toString()).as(name).isEqualTo("[\"run\",\"" + name + "\"]");
      JsonNode env = service.get("environment");
      assertThat(env.get("LEADFLOW_SERDE_FORMAT").asText()).as(name).isEqualTo("registry");
      assertThat(env.get("LEADFLOW_SERDE_REGISTRY__URL").asText()).as(name).startsWith("http://apicurio:8080/apis/registry/v3");
      assertThat(service.get("depends_on").get("apicurio").get("condition").asText()).as(name).isEqualTo("service_healthy");
      assertThat(service.get("ports").toString()).as(name + " exposes its management port").contains(":8080");
    }
    assertThat(services.get("prometheus").get("profiles").toString()).contains("monitoring");
    // The pool API: an advertised host other instances can reach, and tokens from a secret file that exists here.
    JsonNode routingEnv = services.get("routing-stream").get("environment");
    assertThat(routingEnv.get("LEADFLOW_ROUTING_API_ADVERTISED__HOST").asText()).isEqualTo("routing-stream");
    assertThat(routingEnv.get("LEADFLOW_ROUTING_API_TOKENS__FILE").asText()).isEqualTo("/run/secrets/routing-tokens");
    assertThat(services.get("routing-stream").get("secrets").toString()).contains("routing-tokens");
    String secretFile = compose.get("secrets").get("routing-tokens").get("file").asText();
    Matcher fallback = Pattern.compile("\\$\\{[A-Z_]+:-(.+)}").matcher(secretFile);
    assertThat(fallback.matches()).as(secretFile).isTrue();
    Path example = ROOT.resolve(fallback.group(1));
    assertThat(example).exists();
    // The example must give nobody a working token: a copied default token would be a shared password.
    JsonNode tokens = new ObjectMapper(new com.fasterxml.jackson.dataformat.yaml.YAMLFactory()).readTree(example.toFile());
    assertThat(tokens.path("reps").size()).isZero();
    assertThat(tokens.path("admins").size()).isZero();
  }
}
