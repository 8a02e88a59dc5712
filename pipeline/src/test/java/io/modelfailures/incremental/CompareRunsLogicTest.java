package io.modelfailures.incremental;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfailures.records.Failure;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Failure matching by ordinal, and drift rows with their breach rule. */
class CompareRunsLogicTest {

  private static Failure failure(String id, int ordinal, String title, int line) {
    return Failure.newBuilder()
        .setFailureId(id)
        .setDocId("d")
        .setSourcePath("p")
        .setOrdinal(ordinal)
        .setTitle(title)
        .setServices(List.of("s3"))
        .setHasFix(false)
        .setLineStart(line)
        .setLineEnd(line)
        .build();
  }

  @Test
  void failuresMatchByOrdinalAndLinesAndIdsAreNotContent() {
    List<Failure> before =
        List.of(failure("a1", 1, "one", 3), failure("a2", 2, "two", 9), failure("a3", 3, "x", 20));
    List<Failure> after =
        List.of(failure("b1", 1, "one", 5), failure("b2", 2, "TWO", 11), failure("b4", 4, "y", 30));
    FailureDiff.Result r = FailureDiff.compare(before, after);
    assertThat(r.unchanged()).isEqualTo(1);
    assertThat(r.changed()).containsExactly("b2");
    assertThat(r.added()).containsExactly("b4");
    assertThat(r.removed()).containsExactly("a3");
    assertThat(r.same()).isFalse();
    assertThat(FailureDiff.compare(before, before).same()).isTrue();
  }

  @Test
  void tallyKeysCountFailuresServicesOnceAndRulesOncePerDocument() {
    assertThat(
            Drift.tallyKeys(
                java.util.Arrays.asList("high", null),
                List.of(List.of("s3", "s3"), List.of("sqs")),
                List.of("fix-missing", "fix-missing")))
        .containsExactly(
            "total:documents",
            "total:failures",
            "severity:high",
            "total:failures",
            "severity:unrated",
            "service:s3",
            "service:sqs",
            "rule:fix-missing");
  }

  @Test
  void breachNeedsAMaterialChangeAboveTheThreshold() {
    Map<String, Long> before =
        Map.of(
            "total:documents", 100L,
            "total:failures", 400L,
            "severity:high", 100L,
            "service:s3", 40L,
            "service:kms", 2L,
            "rule:empty-document", 4L);
    Map<String, Long> after =
        Map.of(
            "total:documents", 100L,
            "total:failures", 400L,
            "severity:high", 200L,
            "service:s3", 44L,
            "service:kms", 5L,
            "service:sns", 12L,
            "rule:empty-document", 5L);
    Map<String, Drift.Row> rows = new java.util.TreeMap<>();
    for (Drift.Row r : Drift.compare(before, after, 0.5)) {
      rows.put(r.metric() + "/" + r.key(), r);
    }
    // 0.25 -> 0.5 of failures: +100%, material.
    assertThat(rows.get("severity_share/high").breached()).isTrue();
    assertThat(rows.get("severity_share/high").relativeDelta()).isEqualTo(1.0);
    // +10%: under the threshold.
    assertThat(rows.get("service_failures/s3").breached()).isFalse();
    // +150% but 2 -> 5 failures: not material.
    assertThat(rows.get("service_failures/kms").breached()).isFalse();
    // New service with 12 failures: breached, relative delta unknown.
    assertThat(rows.get("service_failures/sns").breached()).isTrue();
    assertThat(rows.get("service_failures/sns").relativeDelta()).isNull();
    // 4% -> 5% of documents: +25%, and only one point.
    assertThat(rows.get("rule_hit_rate/empty-document").breached()).isFalse();
    assertThat(rows.get("total/documents").delta()).isZero();
  }
}
