package io.leadflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class LeadflowCliTest {

  private final StringWriter out = new StringWriter();
  private final StringWriter err = new StringWriter();

  private int run(String... args) {
    CommandLine cli = LeadflowCli.commandLine();
    cli.setOut(new PrintWriter(out));
    cli.setErr(new PrintWriter(err));
    return cli.execute(args);
  }

  @Test
  void helpListsTheCommands() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString()).contains("demo", "broker", "run", "topics");
  }

  @Test
  void everyCommandHasHelp() {
    for (String command : new String[] {"demo", "broker", "run", "topics"}) {
      StringWriter commandOut = new StringWriter();
      CommandLine cli = LeadflowCli.commandLine();
      cli.setOut(new PrintWriter(commandOut));
      assertThat(cli.execute(command, "--help")).as(command).isZero();
      assertThat(commandOut.toString()).as(command).contains("Usage: leadflow " + command);
    }
  }

  @Test
  void anUnknownServiceIsAClearError() {
    assertThat(run("run", "no-such-service", "--bootstrap-servers", "127.0.0.1:1")).isEqualTo(2);
    assertThat(err.toString()).contains("unknown service 'no-such-service'", "routing-stream");
  }

  @Test
  void aBadConfigFileNamesFileLineAndField(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("leadflow.yaml");
    Files.writeString(file, "topics:\n  partitions: many\n");
    assertThat(run("topics", "create", "--config", file.toString())).isEqualTo(2);
    assertThat(err.toString()).contains(file + ":2: field 'topics.partitions': expected a whole number, got 'many'");
  }
}
