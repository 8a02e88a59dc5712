package io.modelfailures.pipeline;

import io.modelfailures.dedup.MinHash;
import io.modelfailures.records.DocumentFingerprint;
import io.modelfailures.report.TableReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import org.apache.beam.sdk.coders.ByteArrayCoder;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.io.FileSystems;
import org.apache.beam.sdk.io.fs.EmptyMatchTreatment;
import org.apache.beam.sdk.io.fs.MatchResult;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PBegin;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * Incremental mode: the MinHash signatures of a previous run, for {@link ScanCorpus} to reuse.
 *
 * <p>Consumes (at construction) a previous output folder and reads its {@code fingerprints} table
 * in one step; emits a map view from content hash ({@code doc_id}) to packed signature. Rows of
 * another {@link MinHash#VERSION} are skipped, and a previous output without the table gives an
 * empty map: then every signature is computed, as in a full run. The same content always gives the
 * same signature, so reuse needs no other check. About 1 KB per distinct content.
 */
public class PreviousFingerprints extends PTransform<PBegin, PCollectionView<Map<String, byte[]>>> {

  static final String TABLE = "fingerprints";

  private final String previous;

  public PreviousFingerprints(String previous) {
    this.previous = previous;
  }

  @Override
  public PCollectionView<Map<String, byte[]>> expand(PBegin begin) {
    return begin
        .apply("ListPrevious", Create.of(previous).withCoder(StringUtf8Coder.of()))
        .apply("ReadPreviousFingerprints", ParDo.of(new ReadFn()))
        .setCoder(KvCoder.of(StringUtf8Coder.of(), ByteArrayCoder.of()))
        .apply("ViewPreviousFingerprints", View.asMap());
  }

  /** Reads the table, one signature per content hash, and emits them in hash order. */
  static class ReadFn extends DoFn<String, KV<String, byte[]>> {
    @ProcessElement
    public void process(@Element String dir, OutputReceiver<KV<String, byte[]>> out)
        throws IOException {
      if (!hasTable(dir)) {
        return;
      }
      Map<String, byte[]> byContent = new TreeMap<>();
      new TableReader(dir)
          .forEach(
              TABLE,
              DocumentFingerprint.class,
              f -> {
                byte[] signature = Signatures.bytes(f.getSignature());
                if (MinHash.VERSION.equals(f.getMinhashVersion())
                    && signature.length == MinHash.HASHES * Long.BYTES) {
                  byContent.putIfAbsent(f.getDocId(), signature);
                }
              });
      byContent.forEach((k, v) -> out.output(KV.of(k, v)));
    }

    private static boolean hasTable(String dir) throws IOException {
      Path local = ListDocuments.localPath(dir);
      if (local != null) {
        return Files.isDirectory(local.resolve("parquet").resolve(TABLE));
      }
      MatchResult m =
          FileSystems.match(dir + "/parquet/" + TABLE + "/*.parquet", EmptyMatchTreatment.ALLOW);
      return m.status() == MatchResult.Status.OK && !m.metadata().isEmpty();
    }
  }
}
