package io.leadflow.schemas;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;

/**
 * Writes every current topic schema that is not published yet as {@code <Name>-v<N>.avsc} and appends it
 * to the index. Run it after changing a schema compatibly (see docs/SCHEMAS.md):
 * {@code java -cp schemas/target/classes:$(cat schemas/target/cp.txt) io.leadflow.schemas.SchemaPublisher
 * schemas/src/main/resources/io/leadflow/schemas/published}.
 */
public final class SchemaPublisher {

  public static void main(String[] args) throws IOException {
    Path dir = Path.of(args.length > 0 ? args[0] : "schemas/src/main/resources/io/leadflow/schemas/published");
    Files.createDirectories(dir);
    List<String> index = new ArrayList<>(PublishedSchemas.index());
    for (Schema schema : TopicSchemas.ALL) {
      if (PublishedSchemas.get().contains(schema)) {
        continue;
      }
      int version = 1 + (int) index.stream().filter(f -> f.startsWith(schema.getName() + "-v")).count();
      String file = schema.getName() + "-v" + version + ".avsc";
      Files.writeString(dir.resolve(file), schema.toString(true) + "\n", StandardCharsets.UTF_8);
      index.add(file);
      System.out.println("published " + file);
    }
    Files.writeString(dir.resolve("index"),
        "# Every published schema version, oldest first. Append only: never edit or delete a line.\n"
            + String.join("\n", index) + "\n", StandardCharsets.UTF_8);
  }

  private SchemaPublisher() {}
}
