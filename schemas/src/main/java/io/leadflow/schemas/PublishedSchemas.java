package io.leadflow.schemas;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.Schema;
import org.apache.avro.SchemaNormalization;
import org.apache.avro.message.SchemaStore;

/**
 * Every schema version leadflow has ever published, read from {@code published/} on the class path.
 *
 * <p>Single-object encoding puts only a fingerprint on the wire, so a reader can decode a record written
 * with an older version only if it knows that version: this store is what makes schema evolution work
 * without a registry. {@link SchemaPublisher} adds new versions; a test fails when one is missing.
 */
public final class PublishedSchemas {

  private static final String ROOT = "/io/leadflow/schemas/published/";

  private static final PublishedSchemas INSTANCE = new PublishedSchemas(load());

  private final List<Schema> versions;

  private PublishedSchemas(List<Schema> versions) {
    this.versions = List.copyOf(versions);
  }

  public static PublishedSchemas get() {
    return INSTANCE;
  }

  public List<Schema> versions() {
    return versions;
  }

  /** A fresh store with every published version; callers may add test-only or newer versions to it. */
  public SchemaStore.Cache newStore() {
    SchemaStore.Cache cache = new SchemaStore.Cache();
    versions.forEach(cache::addSchema);
    TopicSchemas.ALL.forEach(cache::addSchema);
    return cache;
  }

  public boolean contains(Schema schema) {
    long fingerprint = SchemaNormalization.parsingFingerprint64(schema);
    return versions.stream().anyMatch(v -> SchemaNormalization.parsingFingerprint64(v) == fingerprint);
  }

  static List<String> index() {
    try (InputStream in = PublishedSchemas.class.getResourceAsStream(ROOT + "index")) {
      if (in == null) {
        return List.of();
      }
      return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
          .map(String::strip).filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static List<Schema> load() {
    List<Schema> schemas = new ArrayList<>();
    for (String file : index()) {
      try (InputStream in = PublishedSchemas.class.getResourceAsStream(ROOT + file)) {
        if (in == null) {
          throw new IllegalStateException("published schema index names " + file + " but the file is missing");
        }
        // Each version is parsed on its own: versions of one record share a full name.
        schemas.add(new Schema.Parser().parse(in));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return schemas;
  }
}
