package io.modelfailures.pipeline;

import org.apache.beam.sdk.options.Default;
import org.apache.beam.sdk.options.Description;
import org.apache.beam.sdk.options.PipelineOptions;

/** Every option of the pipeline. Beam's own options (e.g. {@code --runner}) pass through. */
public interface FailuresPipelineOptions extends PipelineOptions {

  @Description(
      "Documents to read: directories (searched recursively for MODEL_FAILURES*.md, any case),"
          + " globs or files, comma-separated. Any Beam filesystem path works.")
  @Default.String("sample-data")
  String getInput();

  void setInput(String value);

  @Description(
      "Output folder. Tables go to OUT/parquet/<table>/ and OUT/jsonl/<table>/, plus"
          + " OUT/manifest.json. On a local filesystem the run writes into a staging folder beside"
          + " OUT and swaps it into place only when it succeeds.")
  @Default.String("out")
  String getOutput();

  void setOutput(String value);

  @Description(
      "Largest document, in bytes, that is parsed; larger files are quarantined (their hash is"
          + " still computed).")
  @Default.Long(10L * 1024 * 1024)
  Long getMaxDocumentBytes();

  void setMaxDocumentBytes(Long value);

  @Description(
      "Most failures kept per document; further entries are dropped with a failures-truncated"
          + " finding.")
  @Default.Integer(5000)
  Integer getMaxFailuresPerDocument();

  void setMaxFailuresPerDocument(Integer value);

  @Description(
      "Time budget per document, in milliseconds of CPU time of the extraction (wall-clock time"
          + " where the JVM cannot measure a thread's CPU time). A document whose extraction takes"
          + " longer is quarantined with reason time-budget-exceeded and the run goes on.")
  @Default.Long(ParseFailures.DEFAULT_TIME_BUDGET_MS)
  Long getDocumentTimeBudgetMs();

  void setDocumentTimeBudgetMs(Long value);

  @Description(
      "Deepest nesting of block quotes and list items that one line may open; a deeper document"
          + " is quarantined with reason nesting-too-deep without being parsed.")
  @Default.Integer(ParseFailures.DEFAULT_MAX_NESTING_DEPTH)
  Integer getMaxNestingDepth();

  void setMaxNestingDepth(Integer value);

  @Description("Largest metadata.json, in bytes, that is read; larger ones are reported invalid.")
  @Default.Long(1024L * 1024)
  Long getMaxMetadataBytes();

  void setMaxMetadataBytes(Long value);

  @Description(
      "Number of shards the matched files are grouped into before reading: the parallelism of"
          + " reading and parsing, and how many documents are in memory at once. 0 chooses one"
          + " shard per 1,000 documents, at least 4. Each shard's files are processed in path"
          + " order.")
  @Default.Integer(0)
  Integer getShards();

  void setShards(Integer value);

  @Description(
      "Quality gate: a JSON file of thresholds (see the README). When one fails, the tables are"
          + " still written and published, manifest.json records every check, and the process exits"
          + " with status 3. Empty: no gate.")
  @Default.String("")
  String getGate();

  void setGate(String value);

  @Description("Also write each table as JSON Lines under OUT/jsonl/.")
  @Default.Boolean(true)
  Boolean getJsonl();

  void setJsonl(Boolean value);

  @Description(
      "Write OUT/report.html, a self-contained page of charts drawn from the statistics tables.")
  @Default.Boolean(true)
  Boolean getReport();

  void setReport(Boolean value);

  @Description(
      "A previous run's output folder (e.g. the current OUT). Documents whose path, content hash,"
          + " metadata.json hash, parser version and schema version are unchanged reuse its rows"
          + " instead of being parsed again; the changes and drift tables compare with it. Empty:"
          + " parse everything.")
  @Default.String("")
  String getPrevious();

  void setPrevious(String value);

  @Description(
      "How many run outputs to keep, the current one included: previous outputs are renamed to"
          + " OUT.prev-<UTC time>, and the oldest beyond this count are deleted. 1 keeps none.")
  @Default.Integer(3)
  Integer getKeepRuns();

  void setKeepRuns(Integer value);

  @Description(
      "Estimated Jaccard similarity of word 3-shingles (MinHash, 128 hashes) at or above which"
          + " two documents are near-duplicates.")
  @Default.Double(0.8)
  Double getNearDuplicateThreshold();

  void setNearDuplicateThreshold(Double value);

  @Description(
      "Relative change of a drift metric against --previous above which it is a breach (see the"
          + " README's drift table).")
  @Default.Double(0.5)
  Double getDriftThreshold();

  void setDriftThreshold(Double value);
}
