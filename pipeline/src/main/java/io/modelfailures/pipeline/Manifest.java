package io.modelfailures.pipeline;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.modelfailures.extract.FailureExtractor;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.PipelineResult;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.metrics.MetricNameFilter;
import org.apache.beam.sdk.metrics.MetricQueryResults;
import org.apache.beam.sdk.metrics.MetricResult;
import org.apache.beam.sdk.metrics.MetricsFilter;
import org.apache.beam.sdk.util.ReleaseInfo;

/**
 * The run's {@code manifest.json}: options, versions, input and outcome counts, timings.
 *
 * <p>Consumes the options, the finished {@link PipelineResult} (whose counters hold the outcome
 * counts) and the phase timestamps; writes pretty-printed JSON through Beam's FileSystems.
 */
final class Manifest {

  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  final Map<String, Object> content;

  private final Map<String, Long> counters;

  private Manifest(Map<String, Object> content, Map<String, Long> counters) {
    this.content = content;
    this.counters = counters;
  }

  static Manifest of(
      FailuresPipelineOptions o, PipelineResult result, long start, long built, long ran) {
    Map<String, Long> counters = counters(result);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("started_at", Instant.ofEpochMilli(start).toString());
    m.put("finished_at", Instant.ofEpochMilli(ran).toString());
    Map<String, Object> options = new LinkedHashMap<>();
    options.put("input", o.getInput());
    options.put("output", o.getOutput());
    options.put("runner", o.getRunner().getSimpleName());
    options.put("maxDocumentBytes", o.getMaxDocumentBytes());
    options.put("maxFailuresPerDocument", o.getMaxFailuresPerDocument());
    options.put("maxMetadataBytes", o.getMaxMetadataBytes());
    options.put("documentTimeBudgetMs", o.getDocumentTimeBudgetMs());
    options.put("maxNestingDepth", o.getMaxNestingDepth());
    options.put("shards", o.getShards());
    options.put("jsonl", o.getJsonl());
    options.put("gate", o.getGate());
    options.put("report", o.getReport());
    options.put("previous", o.getPrevious());
    options.put("keepRuns", o.getKeepRuns());
    options.put("nearDuplicateThreshold", o.getNearDuplicateThreshold());
    options.put("driftThreshold", o.getDriftThreshold());
    m.put("options", options);
    Map<String, Object> versions = new LinkedHashMap<>();
    versions.put("parser", FailureExtractor.PARSER_VERSION);
    versions.put("schema", Records.SCHEMA_VERSION);
    versions.put("beam", ReleaseInfo.getReleaseInfo().getVersion());
    versions.put("java", System.getProperty("java.version"));
    m.put("versions", versions);
    m.put("input_count", counters.getOrDefault("documents", 0L));
    Map<String, Object> outcomes = new LinkedHashMap<>();
    outcomes.put("parsed", counters.getOrDefault("documents_parsed", 0L));
    outcomes.put("partial", counters.getOrDefault("documents_partial", 0L));
    outcomes.put("quarantined", counters.getOrDefault("documents_quarantined", 0L));
    m.put("outcomes", outcomes);
    m.put("failures", counters.getOrDefault("failures", 0L));
    m.put("findings", counters.getOrDefault("findings", 0L));
    m.put("error_findings", counters.getOrDefault("findings_error", 0L));
    Map<String, Object> rules = new LinkedHashMap<>();
    for (io.modelfailures.validate.Rule r : io.modelfailures.validate.Rule.values()) {
      Map<String, Object> rule = new LinkedHashMap<>();
      rule.put("level", r.level().label());
      rule.put("hits", counters.getOrDefault(SplitResults.RULE_HITS + r.id(), 0L));
      rule.put("documents", counters.getOrDefault(SplitResults.RULE_DOCUMENTS + r.id(), 0L));
      rules.put(r.id(), rule);
    }
    m.put("rules", rules);
    Map<String, Object> near = new LinkedHashMap<>();
    near.put("groups", counters.getOrDefault("near_duplicate_groups", 0L));
    near.put("documents", counters.getOrDefault("near_duplicate_documents", 0L));
    m.put("near_duplicates", near);
    Map<String, Object> changes = new LinkedHashMap<>();
    for (String c : new String[] {"added", "removed", "modified", "unchanged"}) {
      changes.put(c, counters.getOrDefault("changes_" + c, 0L));
    }
    m.put("changes", changes);
    Map<String, Object> drift = new LinkedHashMap<>();
    drift.put("threshold", o.getDriftThreshold());
    drift.put("breaches", counters.getOrDefault("drift_breaches", 0L));
    drift.put("breached", driftBreaches(counters));
    m.put("drift", drift);
    Map<String, Object> timings = new LinkedHashMap<>();
    timings.put("build_ms", built - start);
    timings.put("pipeline_ms", ran - built);
    m.put("timings", timings);
    m.put("tables", FailuresPipeline.tableSchemas().keySet());
    return new Manifest(m, counters);
  }

  private static Map<String, Long> counters(PipelineResult result) {
    Map<String, Long> out = new TreeMap<>();
    MetricQueryResults q =
        result
            .metrics()
            .queryMetrics(
                MetricsFilter.builder()
                    .addNameFilter(MetricNameFilter.inNamespace(FailuresPipeline.class))
                    .build());
    for (MetricResult<Long> c : q.getCounters()) {
      Long v;
      try {
        v = c.getCommitted();
      } catch (UnsupportedOperationException e) {
        // Some runners only report attempted values.
        v = c.getAttempted();
      }
      out.merge(c.getName().getName(), v == null ? 0L : v, Long::sum);
    }
    return out;
  }

  private static java.util.List<String> driftBreaches(Map<String, Long> counters) {
    java.util.List<String> out = new java.util.ArrayList<>();
    counters.forEach(
        (k, v) -> {
          if (k.startsWith(CompareRuns.DRIFT_BREACH) && v > 0) {
            out.add(k.substring(CompareRuns.DRIFT_BREACH.length()));
          }
        });
    return out;
  }

  /** Run-level findings: each drift metric/key that breached --driftThreshold. */
  java.util.List<String> driftBreaches() {
    return driftBreaches(counters);
  }

  /** Records what an incremental run reused and parsed. */
  void recordIncremental(String previous, String whyNotReused) {
    Map<String, Object> inc = new LinkedHashMap<>();
    inc.put("previous", previous);
    inc.put("reuse", whyNotReused == null ? "yes" : "no: " + whyNotReused);
    inc.put("reused", counters.getOrDefault("incremental_reused", 0L));
    inc.put("parsed", counters.getOrDefault("incremental_parsed", 0L));
    inc.put("fingerprints_reused", counters.getOrDefault("fingerprints_reused", 0L));
    inc.put("added", counters.getOrDefault("changes_added", 0L));
    inc.put("removed", counters.getOrDefault("changes_removed", 0L));
    inc.put("modified", counters.getOrDefault("changes_modified", 0L));
    inc.put("unchanged", counters.getOrDefault("changes_unchanged", 0L));
    content.put("incremental", inc);
  }

  /** The counts the quality gate is evaluated on. */
  io.modelfailures.validate.QualityGate.RunCounts runCounts() {
    Map<String, Long> hits = new TreeMap<>();
    Map<String, Long> docs = new TreeMap<>();
    counters.forEach(
        (k, v) -> {
          if (k.startsWith(SplitResults.RULE_HITS)) {
            hits.put(k.substring(SplitResults.RULE_HITS.length()), v);
          } else if (k.startsWith(SplitResults.RULE_DOCUMENTS)) {
            docs.put(k.substring(SplitResults.RULE_DOCUMENTS.length()), v);
          }
        });
    return new io.modelfailures.validate.QualityGate.RunCounts(
        counters.getOrDefault("documents", 0L),
        counters.getOrDefault("documents_parsed", 0L),
        counters.getOrDefault("documents_quarantined", 0L),
        hits,
        docs,
        counters.getOrDefault("drift_breaches", 0L));
  }

  /** Records the gate's checks in the manifest. */
  void recordGate(String file, java.util.List<io.modelfailures.validate.QualityGate.Check> checks) {
    Map<String, Object> gate = new LinkedHashMap<>();
    gate.put("file", file);
    gate.put("passed", io.modelfailures.validate.QualityGate.passed(checks));
    java.util.List<Object> list = new java.util.ArrayList<>();
    for (var c : checks) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("threshold", c.threshold());
      m.put("limit", c.limit());
      m.put("actual", c.actual());
      m.put("passed", c.passed());
      list.add(m);
    }
    gate.put("checks", list);
    content.put("gate", gate);
  }

  /** Records whether report.html was written, and why not when it was not. */
  void recordReport(String outcome) {
    content.put("report", outcome);
  }

  String summary() {
    return "documents="
        + content.get("input_count")
        + " outcomes="
        + content.get("outcomes")
        + " failures="
        + content.get("failures")
        + " findings="
        + content.get("findings");
  }

  void write(String dir) throws IOException {
    var id = FileSystems.matchNewResource(dir + "/manifest.json", false);
    try (OutputStream out = Channels.newOutputStream(FileSystems.create(id, "application/json"))) {
      JSON.writeValue(out, content);
    }
  }
}
