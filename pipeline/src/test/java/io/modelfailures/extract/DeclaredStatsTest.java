package io.modelfailures.extract;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DeclaredStatsTest {

  private static DeclaredStats.Declared read(String... lines) {
    return DeclaredStats.read(lines, new boolean[lines.length]);
  }

  @Test
  void totalLabels() {
    assertThat(read("Total Errors: 36").total()).isEqualTo(36);
    assertThat(read("Total Intentional Errors: **8 critical errors** across 5 modules").total())
        .isEqualTo(8);
    assertThat(read("We identified **3 critical faults** in the response.").total()).isEqualTo(3);
    assertThat(read("The model did fine overall.").total()).isNull();
  }

  @Test
  void perSeverityCountsAddUpToTheTotal() {
    DeclaredStats.Declared d = read("**Total Failures**: 3 Critical, 2 High, 1 Medium, 1 Low");
    assertThat(d.total()).isEqualTo(7);
    assertThat(d.counts())
        .containsEntry("critical", 3)
        .containsEntry("high", 2)
        .containsEntry("medium", 1)
        .containsEntry("low", 1);
  }

  @Test
  void combinedSeveritiesCountTowardTheTotalOnly() {
    DeclaredStats.Declared d = read("- **Total failures**: 1 Critical, 1 High, 2 Medium/Low");
    assertThat(d.total()).isEqualTo(4);
    assertThat(d.counts()).containsOnlyKeys("critical", "high");
  }

  @Test
  void countsOnePerLine() {
    DeclaredStats.Declared d = read("- Critical: 4", "- High: 2", "- Medium: 1");
    assertThat(d.counts())
        .containsEntry("critical", 4)
        .containsEntry("high", 2)
        .containsEntry("medium", 1);
    assertThat(d.total()).isEqualTo(7);
  }

  @Test
  void trainingScores() {
    assertThat(DeclaredStats.trainingScore("Training Value Score: 9/10")).isEqualTo(9.0);
    assertThat(DeclaredStats.trainingScore("**Training Value: LOW** (Score 6/10)")).isEqualTo(6.0);
    assertThat(DeclaredStats.trainingScore("Raised training quality from 7/10 to 9/10"))
        .isEqualTo(9.0);
    assertThat(DeclaredStats.trainingScore("pylint score: 6.95/10")).isNull();
    assertThat(DeclaredStats.trainingScore("Training value: High")).isNull();
  }
}
