package io.modelfailures.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfailures.records.DocumentResult;
import io.modelfailures.records.Quarantine;
import io.modelfailures.records.SourceDocument;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import org.apache.beam.sdk.Pipeline;
import org.apache.beam.sdk.options.PipelineOptionsFactory;
import org.apache.beam.sdk.testing.PAssert;
import org.apache.beam.sdk.transforms.Create;
import org.apache.beam.sdk.values.PCollectionTuple;
import org.junit.jupiter.api.Test;

/** ParseFailures on in-memory inputs: good documents parse, bad ones reach the dead letter. */
class ParseFailuresTest {

  private static SourceDocument doc(String path, byte[] bytes, String metadata) {
    return SourceDocument.newBuilder()
        .setSourcePath(path)
        .setDocId("id-" + path)
        .setSizeBytes(bytes.length)
        .setContent(ByteBuffer.wrap(bytes))
        .setMetadataJson(metadata)
        .build();
  }

  @Test
  void routesEveryInputToExactlyOneResult() {
    Pipeline p = Pipeline.create(PipelineOptionsFactory.create());
    FailuresPipeline.registerCoders(p);
    byte[] good =
        "## Bug 1: Open security group\n**Fix**: restrict ingress.\n"
            .getBytes(StandardCharsets.UTF_8);
    byte[] bad = {(byte) 0xC3, (byte) 0x28, 'x'};
    PCollectionTuple out =
        p.apply(
                Create.of(
                    doc(
                        "t/cdk-ts/Pr1/lib/MODEL_FAILURES.md",
                        good,
                        "{\"training_quality\": \"high\"}"),
                    doc("t/cdk-ts/Pr2/lib/MODEL_FAILURES.md", bad, null)))
            .apply(new ParseFailures(100));
    PAssert.that(out.get(ParseFailures.RESULTS))
        .satisfies(
            results -> {
              assertThat(results)
                  .extracting(r -> r.getDocument().getStatus())
                  .containsExactlyInAnyOrder("parsed", "quarantined");
              for (DocumentResult r : results) {
                if (r.getDocument().getStatus().equals("parsed")) {
                  assertThat(r.getFailures()).hasSize(1);
                  assertThat(r.getFailures().get(0).getServices()).containsExactly("EC2");
                  assertThat(r.getFindings())
                      .extracting(f -> f.getRule())
                      .contains("metadata-invalid");
                }
              }
              return null;
            });
    PAssert.that(out.get(ParseFailures.DEAD_LETTER))
        .satisfies(
            qs -> {
              assertThat(qs).hasSize(1);
              Quarantine q = qs.iterator().next();
              assertThat(q.getStage()).isEqualTo("decode");
              assertThat(q.getSourcePath()).contains("Pr2");
              assertThat(q.getErrorClass()).endsWith("DecodeException");
              return null;
            });
    p.run().waitUntilFinish();
  }
}
