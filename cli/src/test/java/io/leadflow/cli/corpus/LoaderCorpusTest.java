package io.leadflow.cli.corpus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import io.leadflow.platform.config.ConfigException;
import io.leadflow.ops.simulate.SimulationInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The loader half of the bad-input corpus (docs/BAD-INPUT.md): every bad file is refused with one message that names
 * the file, the line and the field, so it can be fixed without guessing.
 */
class LoaderCorpusTest {

  private static final List<String> REPORT = new ArrayList<>();

  static Stream<LoaderCase> cases() {
    return LoaderCorpus.cases().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void isRefusedNamingFileLineAndField(LoaderCase bad, @TempDir Path dir) throws Exception {
    Path file = dir.resolve(bad.fileName());
    Files.writeString(file, bad.content());

    Throwable thrown = catchThrowable(() -> bad.load().accept(file));

    assertThat(thrown).as(bad.name() + ": the loader must refuse the file")
        .isInstanceOfAny(ConfigException.class, SimulationInputException.class);
    String message = thrown.getMessage();
    assertThat(message).as("names the file and line").containsPattern(Pattern.quote(file.toString()) + ":" + bad.line() + "\\b");
    assertThat(message).as("names the field").contains(bad.field());
    REPORT.add(String.format("  %-55s %-22s -> %s", bad.name(), bad.loader(), firstLine(message).replace(dir + "/", "")));
  }

  @AfterAll
  static void printSummary() {
    System.out.println("Bad-input corpus, loaders: " + REPORT.size() + " of " + LoaderCorpus.cases().size()
        + " cases rejected with file:line and field");
    REPORT.forEach(System.out::println);
  }

  private static String firstLine(String message) {
    return message.lines().filter(l -> l.contains(":")).reduce((a, b) -> b.strip()).orElse(message);
  }
}
