package io.modelfailures.validate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class QualityGateTest {

  private static final String EXAMPLE =
      "{\"rules\": {\"declared-total-mismatch\": {\"maxRate\": 0.25}, \"empty-document\":"
          + " {\"maxCount\": 0}}, \"minParsedRate\": 0.95, \"maxQuarantined\": 10}";

  private static QualityGate.RunCounts run(
      long parsed, long quarantined, long totalMismatchDocs, long empty) {
    return new QualityGate.RunCounts(
        100,
        parsed,
        quarantined,
        Map.of("declared-total-mismatch", totalMismatchDocs, "empty-document", empty),
        Map.of("declared-total-mismatch", totalMismatchDocs, "empty-document", empty),
        0);
  }

  @Test
  void maxDriftBreachesBoundsTheBreachedDriftRows() {
    QualityGate g = QualityGate.parse("{\"maxDriftBreaches\": 1}");
    Map<String, Long> none = Map.of();
    List<QualityGate.Check> ok = g.evaluate(new QualityGate.RunCounts(10, 10, 0, none, none, 1));
    assertThat(ok).singleElement().matches(QualityGate.Check::passed);
    List<QualityGate.Check> bad = g.evaluate(new QualityGate.RunCounts(10, 10, 0, none, none, 2));
    assertThat(failed(bad)).containsExactly("maxDriftBreaches");
    assertThat(bad.get(0).actual()).isEqualTo(2.0);
  }

  @Test
  void acceptsTheDocumentedExampleAndPassesAGoodRun() {
    List<QualityGate.Check> checks = QualityGate.parse(EXAMPLE).evaluate(run(97, 2, 10, 0));
    assertThat(checks).hasSize(4).allMatch(QualityGate.Check::passed);
    assertThat(QualityGate.passed(checks)).isTrue();
  }

  @Test
  void failsEachThresholdOnItsOwn() {
    QualityGate g = QualityGate.parse(EXAMPLE);
    assertThat(failed(g.evaluate(run(90, 2, 10, 0)))).containsExactly("minParsedRate");
    assertThat(failed(g.evaluate(run(97, 11, 10, 0)))).containsExactly("maxQuarantined");
    assertThat(failed(g.evaluate(run(97, 2, 30, 0))))
        .containsExactly("rules.declared-total-mismatch.maxRate");
    assertThat(failed(g.evaluate(run(97, 2, 10, 1))))
        .containsExactly("rules.empty-document.maxCount");
  }

  @Test
  void boundaryValuesPass() {
    QualityGate g = QualityGate.parse(EXAMPLE);
    assertThat(QualityGate.passed(g.evaluate(run(95, 10, 25, 0)))).isTrue();
  }

  @Test
  void rejectsUnknownRulesKeysAndBadJson() {
    assertThatThrownBy(
            () -> QualityGate.parse("{\"rules\": {\"no-such-rule\": {\"maxCount\": 1}}}"))
        .hasMessageContaining("unknown rule");
    assertThatThrownBy(() -> QualityGate.parse("{\"minParsed\": 0.5}"))
        .hasMessageContaining("unknown gate key");
    assertThatThrownBy(() -> QualityGate.parse("{\"rules\": {\"fix-missing\": {\"max\": 1}}}"))
        .hasMessageContaining("unknown threshold");
    assertThatThrownBy(() -> QualityGate.parse("{\"minParsedRate\": \"high\"}"))
        .hasMessageContaining("must be a number");
    assertThatThrownBy(() -> QualityGate.parse("{")).hasMessageContaining("not valid JSON");
  }

  private static List<String> failed(List<QualityGate.Check> checks) {
    return checks.stream().filter(c -> !c.passed()).map(QualityGate.Check::threshold).toList();
  }
}
