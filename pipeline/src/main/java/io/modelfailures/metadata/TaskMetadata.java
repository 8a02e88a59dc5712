package io.modelfailures.metadata;

import java.util.List;

/**
 * A task's metadata.json, normalised.
 *
 * <p>Emitted by {@link MetadataReader}. Every field may be null when the metadata is missing or the
 * value could not be normalised; {@code problems} says why, one message per field.
 */
public record TaskMetadata(
    String platform,
    String language,
    String complexity,
    String subtask,
    List<String> services,
    List<String> unmappedServices,
    Double trainingQuality,
    String trainingQualityRaw,
    List<Problem> problems) {

  /** One field that had the wrong type or an unknown value. */
  public record Problem(String field, String expected, String actual) {}
}
