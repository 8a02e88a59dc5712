package io.modelfailures.pipeline;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.Channels;
import java.util.Objects;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.MatchResult;

/**
 * What the manifest of a {@code --previous} output says about reusing its rows.
 *
 * <p>Consumes the options; reads {@code PREV/manifest.json} through Beam's FileSystems. Rows are
 * reusable only when the previous run used the same limits ({@code maxDocumentBytes}, {@code
 * maxFailuresPerDocument}, {@code maxMetadataBytes}), which change rows without changing any hash
 * or version; row by row, {@link ReusePrevious#reusable} checks the rest.
 */
final class PreviousRun {

  private PreviousRun() {}

  static boolean exists(String previous) {
    try {
      MatchResult m = FileSystems.match(previous + "/manifest.json");
      return m.status() == MatchResult.Status.OK && !m.metadata().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /** Null when the previous rows may be reused; else why not. */
  static String whyNotReusable(FailuresPipelineOptions o) {
    JsonNode options;
    try {
      MatchResult m = FileSystems.match(o.getPrevious() + "/manifest.json");
      try (InputStream in =
          Channels.newInputStream(FileSystems.open(m.metadata().get(0).resourceId()))) {
        options = new ObjectMapper().readTree(in).path("options");
      }
    } catch (IOException | RuntimeException e) {
      return "its manifest.json cannot be read: " + e.getMessage();
    }
    String differs =
        differs(options, "maxDocumentBytes", o.getMaxDocumentBytes())
            + differs(options, "maxFailuresPerDocument", o.getMaxFailuresPerDocument())
            + differs(options, "maxMetadataBytes", o.getMaxMetadataBytes());
    return differs.isEmpty() ? null : "it ran with other limits:" + differs;
  }

  private static String differs(JsonNode options, String name, Number now) {
    JsonNode then = options.get(name);
    return then != null && Objects.equals(then.asLong(), now.longValue())
        ? ""
        : " " + name + "=" + then + " (now " + now + ")";
  }
}
