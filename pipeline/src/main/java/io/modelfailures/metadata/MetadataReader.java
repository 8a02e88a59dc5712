package io.modelfailures.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.modelfailures.catalog.ServiceCatalog;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Normalises a task's dirty metadata.json.
 *
 * <p>Consumes the JSON text (or null when the file is absent) and the document's path, which
 * supplies platform and language when the metadata does not; emits a {@link TaskMetadata}. It never
 * throws: what cannot be normalised is left null and reported as a problem.
 */
public final class MetadataReader {

  private static final ObjectMapper JSON = new ObjectMapper();

  private static final Map<String, String> PLATFORMS =
      Map.of("cloudformation", "cfn", "terraform", "tf", "cdk-tf", "cdktf");
  private static final Set<String> KNOWN_PLATFORMS =
      Set.of("cdk", "cdktf", "cfn", "tf", "pulumi", "cicd", "analysis");
  private static final Map<String, String> LANGUAGES =
      Map.of(
          "python",
          "py",
          "typescript",
          "ts",
          "javascript",
          "js",
          "yml",
          "yaml",
          "golang",
          "go",
          "terraform",
          "hcl");
  private static final Set<String> COMPLEXITIES = Set.of("easy", "medium", "hard", "expert");
  private static final Map<String, Double> QUALITY_WORDS =
      Map.of("low", 3.0, "poor", 2.0, "medium", 6.0, "high", 8.0, "excellent", 10.0);

  private final ServiceCatalog catalog;

  public MetadataReader(ServiceCatalog catalog) {
    this.catalog = catalog;
  }

  /** Reads {@code json} for the document at {@code sourcePath}. */
  public TaskMetadata read(String json, String sourcePath) {
    List<TaskMetadata.Problem> problems = new ArrayList<>();
    String[] fromPath = platformFromPath(sourcePath);
    if (json == null) {
      return new TaskMetadata(
          fromPath[0], fromPath[1], null, null, List.of(), List.of(), null, null, problems);
    }
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      problems.add(
          new TaskMetadata.Problem("metadata.json", "valid JSON", shorten(e.getOriginalMessage())));
      return new TaskMetadata(
          fromPath[0], fromPath[1], null, null, List.of(), List.of(), null, null, problems);
    }
    if (root == null || !root.isObject()) {
      problems.add(
          new TaskMetadata.Problem(
              "metadata.json",
              "a JSON object",
              root == null ? "empty" : root.getNodeType().name()));
      return new TaskMetadata(
          fromPath[0], fromPath[1], null, null, List.of(), List.of(), null, null, problems);
    }
    String platform = text(root, "platform", problems);
    if (platform != null) {
      platform =
          PLATFORMS.getOrDefault(
              platform.toLowerCase(Locale.ROOT), platform.toLowerCase(Locale.ROOT));
      if (!KNOWN_PLATFORMS.contains(platform)) {
        problems.add(new TaskMetadata.Problem("platform", "one of " + KNOWN_PLATFORMS, platform));
      }
    }
    String language = text(root, "language", problems);
    if (language != null) {
      String l = language.toLowerCase(Locale.ROOT);
      language = LANGUAGES.getOrDefault(l, l);
    }
    String complexity = text(root, "complexity", problems);
    if (complexity != null) {
      String c = complexity.toLowerCase(Locale.ROOT);
      if (c.equals("moderate")) {
        problems.add(new TaskMetadata.Problem("complexity", "medium", complexity));
        c = "medium";
      } else if (!COMPLEXITIES.contains(c)) {
        problems.add(new TaskMetadata.Problem("complexity", "one of " + COMPLEXITIES, complexity));
      }
      complexity = c;
    }
    String subtask = text(root, "subtask", problems);
    List<String> services = new ArrayList<>();
    List<String> unmapped = new ArrayList<>();
    readServices(root.get("aws_services"), services, unmapped, problems);
    Double quality = null;
    String qualityRaw = null;
    JsonNode q = root.get("training_quality");
    if (q != null && !q.isNull()) {
      qualityRaw = q.isTextual() ? q.asText() : q.toString();
      quality = quality(q, problems);
    }
    return new TaskMetadata(
        platform != null ? platform : fromPath[0],
        language != null ? language : fromPath[1],
        complexity,
        subtask,
        services,
        unmapped,
        quality,
        qualityRaw,
        problems);
  }

  private void readServices(
      JsonNode node,
      List<String> services,
      List<String> unmapped,
      List<TaskMetadata.Problem> problems) {
    if (node == null || node.isNull()) {
      return;
    }
    List<String> spellings = new ArrayList<>();
    if (node.isArray()) {
      for (JsonNode n : node) {
        if (n.isTextual()) {
          spellings.add(n.asText());
        } else {
          problems.add(new TaskMetadata.Problem("aws_services[]", "string", n.toString()));
        }
      }
    } else if (node.isTextual()) {
      problems.add(new TaskMetadata.Problem("aws_services", "list of strings", "string"));
      for (String s : node.asText().split("[,;|\\n]")) {
        spellings.add(s);
      }
    } else {
      problems.add(
          new TaskMetadata.Problem("aws_services", "list of strings", shorten(node.toString())));
      return;
    }
    for (String s : spellings) {
      String t = s.trim();
      if (t.isEmpty()) {
        continue;
      }
      var canonical = catalog.canonicalize(t);
      if (canonical.isPresent()) {
        if (!services.contains(canonical.get())) {
          services.add(canonical.get());
        }
      } else if (!unmapped.contains(t)) {
        unmapped.add(t);
      }
    }
  }

  private static Double quality(JsonNode q, List<TaskMetadata.Problem> problems) {
    Double v = null;
    if (q.isNumber()) {
      v = q.asDouble();
    } else if (q.isTextual()) {
      String t = q.asText().trim().toLowerCase(Locale.ROOT);
      try {
        v = Double.parseDouble(t.replaceAll("/\\s*10$", ""));
        problems.add(
            new TaskMetadata.Problem(
                "training_quality", "number", "string \"" + q.asText() + "\""));
      } catch (NumberFormatException e) {
        problems.add(
            new TaskMetadata.Problem("training_quality", "number 0-10", "\"" + q.asText() + "\""));
        // A word such as "high" is kept verbatim in the raw column but not guessed into a number.
        return null;
      }
    } else if (q.isObject()) {
      for (String key : new String[] {"score", "value", "overall", "training_quality"}) {
        if (q.has(key) && q.get(key).isNumber()) {
          v = q.get(key).asDouble();
          break;
        }
      }
      problems.add(new TaskMetadata.Problem("training_quality", "number", shorten(q.toString())));
    } else {
      problems.add(new TaskMetadata.Problem("training_quality", "number", shorten(q.toString())));
    }
    if (v != null && (v < 0 || v > 10 || v.isNaN())) {
      problems.add(new TaskMetadata.Problem("training_quality", "0-10", String.valueOf(v)));
      return null;
    }
    return v;
  }

  private static String text(JsonNode root, String field, List<TaskMetadata.Problem> problems) {
    JsonNode n = root.get(field);
    if (n == null || n.isNull()) {
      return null;
    }
    if (!n.isTextual()) {
      problems.add(new TaskMetadata.Problem(field, "string", shorten(n.toString())));
      return n.isValueNode() ? n.asText() : null;
    }
    String t = n.asText().trim();
    return t.isEmpty() ? null : t;
  }

  /** "corpus/cdk-ts/Pr123/lib/MODEL_FAILURES.md" -> platform "cdk", language "ts". */
  static String[] platformFromPath(String path) {
    String[] parts = path.replace('\\', '/').split("/");
    for (int i = parts.length - 1; i >= 0; i--) {
      String p = parts[i].toLowerCase(Locale.ROOT);
      int dash = p.indexOf('-');
      if (dash > 0) {
        String platform = PLATFORMS.getOrDefault(p.substring(0, dash), p.substring(0, dash));
        if (KNOWN_PLATFORMS.contains(platform)) {
          String lang = p.substring(dash + 1);
          return new String[] {platform, LANGUAGES.getOrDefault(lang, lang)};
        }
      }
    }
    return new String[] {null, null};
  }

  private static String shorten(String s) {
    if (s == null) {
      return "null";
    }
    return s.length() > 120 ? s.substring(0, 117) + "..." : s;
  }
}
