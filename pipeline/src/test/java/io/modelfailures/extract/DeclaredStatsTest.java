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
  void totalsStatedInSentences() {
    assertThat(read("This review identifies the **4 major faults** in the stack.").total())
        .isEqualTo(4);
    assertThat(read("Our reviewer outlines five serious bugs below.").total()).isEqualTo(5);
    assertThat(read("The first draft contained 9 security issues.").total()).isEqualTo(9);
    assertThat(read("The template required two critical fixes before it deployed.").total())
        .isEqualTo(2);
    assertThat(read("The audit identified only 6 minor corrections.").total()).isEqualTo(6);
  }

  @Test
  void totalsWithTheParticipleAfterTheNoun() {
    assertThat(read("On review, the following **4 critical faults** were identified:").total())
        .isEqualTo(4);
    assertThat(read("We discuss the 7 deployment errors found in the first draft.").total())
        .isEqualTo(7);
    assertThat(read("In total 11 issues have been detected.").total()).isEqualTo(11);
    assertThat(read("The two blocking fixes needed are listed next.").total()).isEqualTo(2);
  }

  @Test
  void shortfallsCountedInAreas() {
    DeclaredStats.Declared d = read("The stack works, but it falls short in three critical areas.");
    assertThat(d.total()).isEqualTo(3);
    assertThat(d.counts()).containsOnly(org.assertj.core.api.Assertions.entry("critical", 3));
    assertThat(d.countsImplied()).isTrue();
  }

  @Test
  void sentencesThatAreNotTotals() {
    // Numbers that describe the infrastructure, a test run or a part of the document.
    assertThat(read("The alarm fires after 5 errors in one minute.").total()).isNull();
    assertThat(read("Deployment logs showed 3 errors found in the logs.").total()).isNull();
    assertThat(read("These two critical issues show a gap in VPC knowledge.").total()).isNull();
    assertThat(read("The design covers four areas: network, data, compute and IAM.").total())
        .isNull();
    assertThat(read("It falls short of two requirements.").total()).isNull();
    assertThat(read("A previous attempt listed only \"3 trivial fixes\" and scored low.").total())
        .isNull();
  }

  @Test
  void aLabelledTotalOutranksAnEarlierSentence() {
    DeclaredStats.Declared d =
        read(
            "The response contained 12 serious defects.",
            "",
            "- **Total Failures**: 13 (4 Critical, 6 High, 3 Medium)");
    assertThat(d.total()).isEqualTo(13);
    assertThat(d.totalLine()).isEqualTo(3);
    assertThat(d.counts())
        .containsEntry("critical", 4)
        .containsEntry("high", 6)
        .containsEntry("medium", 3);
    assertThat(d.countsImplied()).isFalse();
  }

  @Test
  void aSentenceDoesNotReplaceALabelledTotal() {
    DeclaredStats.Declared d =
        read("Total Issues: 5", "", "In short, the draft contained 4 critical defects.");
    assertThat(d.total()).isEqualTo(5);
  }

  @Test
  void aBreakdownTableOutranksTheSeverityWordOfASentence() {
    DeclaredStats.Declared d =
        read(
            "This document identifies **9 critical failures** in the response.",
            "",
            "| Severity | Count |",
            "|---|---|",
            "| Critical | 2 |",
            "| High | 3 |",
            "| Medium | 4 |");
    assertThat(d.total()).isEqualTo(9);
    assertThat(d.counts())
        .containsEntry("critical", 2)
        .containsEntry("high", 3)
        .containsEntry("medium", 4);
    assertThat(d.countsImplied()).isFalse();
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
