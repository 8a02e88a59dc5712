package io.modelfailures.pipeline;

import io.modelfailures.dedup.MinHash;
import io.modelfailures.dedup.NearDuplicates;
import io.modelfailures.extract.TextDecoder;
import io.modelfailures.records.DocumentFingerprint;
import java.io.IOException;
import java.nio.channels.ReadableByteChannel;
import java.util.List;
import java.util.Map;
import org.apache.beam.sdk.coders.KvCoder;
import org.apache.beam.sdk.coders.ListCoder;
import org.apache.beam.sdk.coders.SerializableCoder;
import org.apache.beam.sdk.coders.StringUtf8Coder;
import org.apache.beam.sdk.coders.VarIntCoder;
import org.apache.beam.sdk.extensions.avro.coders.AvroCoder;
import org.apache.beam.sdk.io.FileIO;
import org.apache.beam.sdk.metrics.Counter;
import org.apache.beam.sdk.metrics.Metrics;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.transforms.GroupByKey;
import org.apache.beam.sdk.transforms.PTransform;
import org.apache.beam.sdk.transforms.ParDo;
import org.apache.beam.sdk.transforms.View;
import org.apache.beam.sdk.values.KV;
import org.apache.beam.sdk.values.PCollection;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.apache.beam.sdk.values.PCollectionView;
import org.apache.beam.sdk.values.TupleTag;
import org.apache.beam.sdk.values.TupleTagList;

/**
 * The corpus-level facts every document's record depends on, computed in a first pass over the
 * files: which contents appear at several paths, and which documents are near-duplicates.
 *
 * <p>Consumes the listed {@link FileIO.ReadableFile}s; reads each one, hashes it (sha256, as {@link
 * ReadDocuments} does, so the keys agree) and fingerprints its text ({@link
 * NearDuplicates.Fingerprint}). Emits, through {@link #views}, a map from content hash to the
 * sorted paths that hold it (repeated contents only), and a map from path to near-duplicate {@link
 * NearDuplicates.Membership} (grouped documents only). Both hold about a hundred bytes per listed
 * document or less; the document bytes are not kept. Reading each file twice costs less than
 * holding every parsed record until the last document is read, which is what computing these facts
 * from the records did.
 */
public class ScanCorpus extends PTransform<PCollection<FileIO.ReadableFile>, PCollectionTuple> {

  public static final TupleTag<KV<String, List<String>>> REPEATED = new TupleTag<>() {};
  public static final TupleTag<KV<String, NearDuplicates.Membership>> GROUPS = new TupleTag<>() {};

  public static final TupleTag<DocumentFingerprint> ROWS = new TupleTag<>() {};

  private static final TupleTag<KV<Integer, KV<String, String>>> HASHES = new TupleTag<>() {};
  private static final TupleTag<KV<Integer, NearDuplicates.Fingerprint>> FINGERPRINTS =
      new TupleTag<>() {};

  private final long maxDocumentBytes;
  private final double threshold;
  private final PCollectionView<Map<String, byte[]>> previousSignatures;

  /**
   * @param previousSignatures signatures by content hash from a previous run, reused instead of
   *     computed for the same content; null to compute every one
   */
  public ScanCorpus(
      long maxDocumentBytes,
      double threshold,
      PCollectionView<Map<String, byte[]>> previousSignatures) {
    this.maxDocumentBytes = maxDocumentBytes;
    this.threshold = threshold;
    this.previousSignatures = previousSignatures;
  }

  /**
   * The two views the later steps read (repeated contents, then near-duplicate memberships), and
   * the {@code fingerprints} table's rows.
   */
  public record Views(
      PCollectionView<java.util.Map<String, List<String>>> repeated,
      PCollectionView<java.util.Map<String, NearDuplicates.Membership>> groups,
      PCollection<DocumentFingerprint> rows) {
    public List<PCollectionView<?>> all() {
      return List.of(repeated, groups);
    }
  }

  /** Applies this scan to {@code files} and views its two outputs. */
  public Views views(PCollection<FileIO.ReadableFile> files, String name) {
    PCollectionTuple scan = files.apply(name, this);
    return new Views(
        scan.get(REPEATED).apply("ViewRepeatedContent", View.asMap()),
        scan.get(GROUPS).apply("ViewNearDuplicates", View.asMap()),
        scan.get(ROWS));
  }

  @Override
  public PCollectionTuple expand(PCollection<FileIO.ReadableFile> files) {
    ParDo.MultiOutput<FileIO.ReadableFile, KV<Integer, KV<String, String>>> fingerprint =
        ParDo.of(new FingerprintFileFn(maxDocumentBytes, previousSignatures))
            .withOutputTags(HASHES, TupleTagList.of(FINGERPRINTS).and(ROWS));
    if (previousSignatures != null) {
      fingerprint = fingerprint.withSideInputs(previousSignatures);
    }
    PCollectionTuple scanned = files.apply("FingerprintFiles", fingerprint);
    scanned.get(ROWS).setCoder(AvroCoder.specific(DocumentFingerprint.class));
    PCollection<KV<String, List<String>>> repeated =
        scanned
            .get(HASHES)
            .setCoder(
                KvCoder.of(
                    VarIntCoder.of(), KvCoder.of(StringUtf8Coder.of(), StringUtf8Coder.of())))
            .apply("GroupPathsByContent", GroupByKey.create())
            .apply("KeepRepeatedContent", ParDo.of(new ValidateDocuments.RepeatedFn()))
            .setCoder(KvCoder.of(StringUtf8Coder.of(), ListCoder.of(StringUtf8Coder.of())));
    PCollection<KV<String, NearDuplicates.Membership>> groups =
        scanned
            .get(FINGERPRINTS)
            .setCoder(KvCoder.of(VarIntCoder.of(), FingerprintCoder.of()))
            .apply("GatherFingerprints", GroupByKey.create())
            .apply("GroupNearDuplicates", ParDo.of(new MarkNearDuplicates.GroupFn(threshold)))
            .setCoder(
                KvCoder.of(
                    StringUtf8Coder.of(), SerializableCoder.of(NearDuplicates.Membership.class)));
    return PCollectionTuple.of(REPEATED, repeated).and(GROUPS, groups).and(ROWS, scanned.get(ROWS));
  }

  /**
   * Hashes and fingerprints one file. A file that cannot be read is in no group: reading it again
   * in {@link ReadDocuments} quarantines it with the reason.
   */
  static class FingerprintFileFn
      extends DoFn<FileIO.ReadableFile, KV<Integer, KV<String, String>>> {
    private final long maxDocumentBytes;
    private final BundleSideInput<Map<String, byte[]>> previous;
    private final Counter reused = Metrics.counter(FailuresPipeline.class, "fingerprints_reused");

    FingerprintFileFn(long maxDocumentBytes, PCollectionView<Map<String, byte[]>> previous) {
      this.maxDocumentBytes = maxDocumentBytes;
      this.previous = previous == null ? null : new BundleSideInput<>(previous);
    }

    @StartBundle
    public void startBundle() {
      if (previous != null) {
        previous.reset();
      }
    }

    @ProcessElement
    public void process(ProcessContext ctx) {
      FileIO.ReadableFile file = ctx.element();
      String path = file.getMetadata().resourceId().toString();
      ReadDocuments.Content c;
      try (ReadableByteChannel ch = file.open()) {
        c = ReadDocuments.readHashed(ch, maxDocumentBytes);
      } catch (IOException | RuntimeException e) {
        return;
      }
      // Buckets, not one key per hash: on the Direct runner every key is a bundle of its own.
      ctx.output(
          HASHES,
          KV.of(
              Math.floorMod(c.sha256().hashCode(), ValidateDocuments.BUCKETS),
              KV.of(c.sha256(), path)));
      if (c.bytes() == null) {
        return;
      }
      NearDuplicates.Fingerprint f;
      byte[] known = previous == null ? null : previous.get(ctx).get(c.sha256());
      if (known != null) {
        // The same bytes give the same text, shingles and signature.
        f = new NearDuplicates.Fingerprint(path, c.size(), Signatures.unpack(known));
        reused.inc();
      } else {
        try {
          f = NearDuplicates.Fingerprint.of(path, c.size(), TextDecoder.decode(c.bytes()));
        } catch (TextDecoder.DecodeException e) {
          return; // not text: in no group
        }
      }
      // One key: grouping needs every fingerprint at once (about 1 KB each).
      ctx.output(FINGERPRINTS, KV.of(0, f));
      if (f.signature() != null) {
        ctx.output(
            ROWS,
            DocumentFingerprint.newBuilder()
                .setSourcePath(path)
                .setDocId(c.sha256())
                .setMinhashVersion(MinHash.VERSION)
                .setSignature(java.nio.ByteBuffer.wrap(Signatures.pack(f.signature())))
                .build());
      }
    }
  }
}
