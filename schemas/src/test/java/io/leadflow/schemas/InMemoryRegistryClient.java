package io.leadflow.schemas;

import io.apicurio.registry.resolver.client.RegistryArtifactReference;
import io.apicurio.registry.resolver.client.RegistryClientFacade;
import io.apicurio.registry.resolver.client.RegistryVersionCoordinates;
import io.apicurio.registry.resolver.strategy.ArtifactReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Apicurio's own client interface over maps: the smallest registry the serde can talk to without a server. Content
 * ids are handed out per distinct schema text (as the real registry does), global ids per artifact version.
 */
public final class InMemoryRegistryClient implements RegistryClientFacade {

  public record Version(long globalId, long contentId, String groupId, String artifactId, String version) {}

  private final Map<String, Long> contentIds = new LinkedHashMap<>();
  private final Map<Long, String> contents = new LinkedHashMap<>();
  private final List<Version> versions = new ArrayList<>();
  private int createCalls;

  public synchronized List<Version> versions() {
    return List.copyOf(versions);
  }

  public synchronized int createCalls() {
    return createCalls;
  }

  public synchronized String schemaByContentId(long contentId) {
    return contents.get(contentId);
  }

  @Override
  public synchronized String getSchemaByContentId(Long contentId) {
    String content = contents.get(contentId);
    if (content == null) {
      throw new IllegalArgumentException("no content with id " + contentId);
    }
    return content;
  }

  @Override
  public synchronized String getSchemaByGlobalId(long globalId, boolean dereferenced) {
    return versions.stream().filter(v -> v.globalId() == globalId).findFirst()
        .map(v -> contents.get(v.contentId())).orElseThrow(() -> new IllegalArgumentException("no version " + globalId));
  }

  @Override
  public synchronized String getSchemaByGAV(String groupId, String artifactId, String version) {
    return contents.get(getVersionCoordinatesByGAV(groupId, artifactId, version).getContentId());
  }

  @Override
  public String getSchemaByContentHash(String contentHash) {
    throw new UnsupportedOperationException("content hashes are not used in the Confluent framing");
  }

  @Override
  public List<RegistryArtifactReference> getReferencesByContentId(long contentId) {
    return List.of();
  }

  @Override
  public List<RegistryArtifactReference> getReferencesByGlobalId(long globalId) {
    return List.of();
  }

  @Override
  public List<RegistryArtifactReference> getReferencesByGAV(String groupId, String artifactId, String version) {
    return List.of();
  }

  @Override
  public List<RegistryArtifactReference> getReferencesByContentHash(String contentHash) {
    return List.of();
  }

  @Override
  public synchronized List<RegistryVersionCoordinates> searchVersionsByContent(String schema, String artifactType,
      ArtifactReference reference, boolean canonical) {
    Long contentId = contentIds.get(schema);
    return versions.stream()
        .filter(v -> contentId != null && v.contentId() == contentId && v.artifactId().equals(reference.getArtifactId()))
        .map(InMemoryRegistryClient::coordinates).toList();
  }

  @Override
  public synchronized RegistryVersionCoordinates createSchema(String artifactType, String groupId, String artifactId,
      String version, String ifExists, boolean canonical, String content, Set<RegistryArtifactReference> references) {
    createCalls++;
    long contentId = contentIds.computeIfAbsent(content, c -> {
      long id = contentIds.size() + 1L;
      contents.put(id, c);
      return id;
    });
    // FIND_OR_CREATE_VERSION: the same content under the same artifact is the same version.
    for (Version existing : versions) {
      if (existing.contentId() == contentId && existing.artifactId().equals(artifactId)
          && Objects.equals(existing.groupId(), groupId)) {
        return coordinates(existing);
      }
    }
    long previous = versions.stream().filter(v -> v.artifactId().equals(artifactId)).count();
    Version created = new Version(versions.size() + 1L, contentId, groupId, artifactId,
        version != null ? version : String.valueOf(previous + 1));
    versions.add(created);
    return coordinates(created);
  }

  @Override
  public synchronized RegistryVersionCoordinates getVersionCoordinatesByGAV(String groupId, String artifactId, String version) {
    return versions.stream()
        .filter(v -> v.artifactId().equals(artifactId) && (version == null || v.version().equals(version)))
        .reduce((first, second) -> second) // latest when no version is given
        .map(InMemoryRegistryClient::coordinates)
        .orElseThrow(() -> new IllegalArgumentException("no artifact " + groupId + "/" + artifactId + " version " + version));
  }

  @Override
  public Object getClient() {
    return this;
  }

  private static RegistryVersionCoordinates coordinates(Version v) {
    return RegistryVersionCoordinates.create(v.globalId(), v.contentId(), v.groupId(), v.artifactId(), v.version());
  }
}
