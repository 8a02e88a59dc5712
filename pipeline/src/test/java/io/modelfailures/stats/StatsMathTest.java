package io.modelfailures.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

class StatsMathTest {

  @Test
  void trainingValueAddsItsFourPartsAndShowsThem() {
    TrainingValue tv = new TrainingValue();
    tv.add("critical", List.of("Amazon S3", "AWS KMS"), "security", true);
    tv.add("high", List.of("Amazon S3"), "configuration", false);
    tv.add(null, List.of(), null, true);
    TrainingValue.Score s = tv.score(1);
    // weights 4 + 3 + 1 = 8; 2 services; 2 categories; 2 of 3 fixed; one error finding.
    double expected =
        4.0 * Math.log1p(8) / Math.log1p(40) + 2.0 * 2 / 6 + 1.0 * 2 / 4 + 2.0 * 2 / 3 + 0.75;
    assertThat(s.value()).isCloseTo(expected, within(0.005));
    assertThat(s.severityWeighted()).isEqualTo(8);
    assertThat(s.distinctServices()).isEqualTo(2);
    assertThat(s.distinctCategories()).isEqualTo(2);
    assertThat(s.fixCoverage()).isEqualTo(0.67);
  }

  @Test
  void trainingValueIsCappedAtTenAndZeroWithoutFailures() {
    assertThat(new TrainingValue().score(0).value()).isZero();
    assertThat(new TrainingValue().score(0).fixCoverage()).isNull();
    TrainingValue rich = new TrainingValue();
    for (int i = 0; i < 30; i++) {
      rich.add("critical", List.of("S" + i), "c" + (i % 5), true);
    }
    assertThat(rich.score(0).value()).isEqualTo(10.0);
    assertThat(rich.score(9).value()).isEqualTo(9.0);
  }

  @Test
  void severityWeightsAreDocumentedOnes() {
    assertThat(TrainingValue.weight("Critical")).isEqualTo(4);
    assertThat(TrainingValue.weight("high")).isEqualTo(3);
    assertThat(TrainingValue.weight("medium")).isEqualTo(2);
    assertThat(TrainingValue.weight("low")).isEqualTo(1);
    assertThat(TrainingValue.weight(null)).isEqualTo(1);
  }

  @Test
  void quantilesInterpolateLikeNumpy() {
    // data 1, 2, 2, 3, 10 -> numpy percentiles 25: 2, 50: 2, 75: 3, 90: 7.2
    TreeMap<Long, Long> h = new TreeMap<>();
    h.put(1L, 1L);
    h.put(2L, 2L);
    h.put(3L, 1L);
    h.put(10L, 1L);
    assertThat(Quantiles.of(h, 0.25)).isEqualTo(2.0);
    assertThat(Quantiles.of(h, 0.5)).isEqualTo(2.0);
    assertThat(Quantiles.of(h, 0.75)).isEqualTo(3.0);
    assertThat(Quantiles.of(h, 0.9)).isCloseTo(7.2, within(1e-9));
    assertThat(Quantiles.of(h, 0.0)).isEqualTo(1.0);
    assertThat(Quantiles.of(h, 1.0)).isEqualTo(10.0);
    assertThat(Quantiles.of(new TreeMap<>(), 0.5)).isZero();
  }

  @Test
  void spearmanHandlesTiesWithAverageRanks() {
    // x = 1,2,3,4,5 ; y = 5,6,7,8,7 -> scipy.stats.spearmanr = 0.8207826816681233
    TreeMap<RankCorrelation.Pair, Long> pairs = new TreeMap<>();
    double[][] data = {{1, 5}, {2, 6}, {3, 7}, {4, 8}, {5, 7}};
    for (double[] d : data) {
      pairs.merge(new RankCorrelation.Pair(d[0], d[1]), 1L, Long::sum);
    }
    assertThat(RankCorrelation.spearman(pairs)).isCloseTo(0.8207826816681233, within(1e-12));
  }

  @Test
  void spearmanOfRepeatedPairsEqualsExpandedData() {
    TreeMap<RankCorrelation.Pair, Long> counted = new TreeMap<>();
    counted.put(new RankCorrelation.Pair(1, 1), 2L);
    counted.put(new RankCorrelation.Pair(2, 3), 1L);
    counted.put(new RankCorrelation.Pair(3, 2), 1L);
    TreeMap<RankCorrelation.Pair, Long> expanded = new TreeMap<>(counted);
    // The same multiset, with a perfectly reversed relation it must not equal.
    assertThat(RankCorrelation.spearman(counted)).isCloseTo(0.7777777777777778, within(1e-12));
    expanded.put(new RankCorrelation.Pair(4, 0), 3L);
    assertThat(RankCorrelation.spearman(expanded)).isNegative();
  }

  @Test
  void spearmanIsUndefinedForConstantOrTinySamples() {
    TreeMap<RankCorrelation.Pair, Long> pairs = new TreeMap<>();
    pairs.put(new RankCorrelation.Pair(1, 2), 1L);
    pairs.put(new RankCorrelation.Pair(2, 2), 1L);
    assertThat(RankCorrelation.spearman(pairs)).isNull();
    pairs.put(new RankCorrelation.Pair(3, 2), 1L);
    assertThat(RankCorrelation.spearman(pairs)).isNull();
  }

  @Test
  void patternsMeetAcrossWordingAndOrder() {
    List<String> s3 = List.of("Amazon S3");
    String a = PatternKey.key("Missing S3 bucket lifecycle rules", s3);
    String b = PatternKey.key("3. S3 Lifecycle Rules Missing on Buckets", s3);
    String c = PatternKey.key("Lacks lifecycle rule for the `logs` bucket", s3);
    assertThat(a).isEqualTo(b).isEqualTo(c).isEqualTo("missing bucket lifecycle rule|Amazon S3");
    assertThat(PatternKey.id(a)).hasSize(16).isEqualTo(PatternKey.id(b));
  }

  @Test
  void patternsKeepPolarityAndServicesApart() {
    List<String> kms = List.of("AWS KMS");
    assertThat(PatternKey.key("Missing KMS key policy", kms))
        .isNotEqualTo(PatternKey.key("Incorrect KMS key policy", kms))
        .isNotEqualTo(PatternKey.key("Missing KMS key policy", List.of()));
    assertThat(PatternKey.normalise("Wrong IAM Policies configured properly", List.of()))
        .isEqualTo("incorrect iam policy");
  }

  @Test
  void pluralsFoldWithoutMangling() {
    assertThat(PatternKey.fold("policies")).isEqualTo("policy");
    assertThat(PatternKey.fold("classes")).isEqualTo("class");
    assertThat(PatternKey.fold("roles")).isEqualTo("role");
    assertThat(PatternKey.fold("access")).isEqualTo("access");
    assertThat(PatternKey.fold("status")).isEqualTo("status");
    assertThat(PatternKey.fold("values")).isEqualTo("value");
    assertThat(PatternKey.fold("replicas")).isEqualTo("replica");
    assertThat(PatternKey.fold("alias")).isEqualTo("alias");
    assertThat(PatternKey.fold("analysis")).isEqualTo("analysis");
    assertThat(PatternKey.fold("redis")).isEqualTo("redis");
  }
}
