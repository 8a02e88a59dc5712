package io.modelfailures.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfailures.catalog.ServiceCatalog;
import org.junit.jupiter.api.Test;

/**
 * Sections around a document's failure entries that restate, explain or add to them: each case has
 * a fixture where the entries are held back and a near miss where they still count. Fixtures are
 * written for these tests.
 */
class EntryDetectorTest {

  private final FailureExtractor extractor = new FailureExtractor(ServiceCatalog.loadDefault());

  private Extraction extract(String... lines) {
    return extractor.extract(String.join("\n", lines) + "\n");
  }

  /** Three numbered failures, each with a fix line, under a plain (severity-free) section. */
  private static final String[] THREE_FAILURES = {
    "# Review of the generated stack",
    "",
    "## Problems Found",
    "",
    "### 1. Queue encryption left at the default",
    "",
    "**Fix**: use a customer managed key.",
    "",
    "### 2. Alarm never notifies anyone",
    "",
    "**Fix**: add the topic as an alarm action.",
    "",
    "### 3. Bucket name built from upper-case input",
    "",
    "**Fix**: lower-case the prefix.",
    ""
  };

  private Extraction withTail(String... tail) {
    String[] all = new String[THREE_FAILURES.length + tail.length];
    System.arraycopy(THREE_FAILURES, 0, all, 0, THREE_FAILURES.length);
    System.arraycopy(tail, 0, all, THREE_FAILURES.length, tail.length);
    return extract(all);
  }

  @Test
  void listUnderWhyHeadingExplainsTheFailures() {
    Extraction x =
        withTail(
            "## Why These Count As Hard Failures",
            "",
            "1. **Key policies**: need knowledge of service principals",
            "2. **Alarm wiring**: easy to forget the action",
            "3. **Naming rules**: bucket names are lower case only");
    assertThat(x.failures()).hasSize(3);
  }

  @Test
  void listUnderRootCauseHeadingCountsWhenItIsTheOnlyList() {
    Extraction x =
        extract(
            "# Review",
            "",
            "## Root Cause Analysis",
            "",
            "- The queue was created without a customer managed key",
            "- The alarm was created without any action");
    assertThat(x.failures()).hasSize(2);
  }

  @Test
  void knowledgeGapsAndTestingGapsAreNotFailures() {
    Extraction x =
        withTail(
            "## Knowledge Gaps",
            "",
            "- Key policy principals for queues",
            "- Bucket naming constraints",
            "",
            "## Testing Gaps",
            "",
            "- Nothing exercised the alarm path end to end");
    assertThat(x.failures()).hasSize(3);
  }

  @Test
  void numberedHeadingUnderGapsHeadingCountsWhenItContinuesTheNumbering() {
    Extraction x =
        withTail(
            "## Testing Gaps",
            "",
            "### 4. Integration tests read a hard-coded stack name",
            "",
            "**Fix**: read the name from the outputs file.");
    assertThat(x.failures())
        .extracting(ExtractedFailure::title)
        .containsExactly(
            "Queue encryption left at the default",
            "Alarm never notifies anyone",
            "Bucket name built from upper-case input",
            "Integration tests read a hard-coded stack name");
  }

  @Test
  void numberedHeadingsUnderLimitationsThatRestartAreNotFailures() {
    Extraction x =
        withTail(
            "## Known Limitations",
            "",
            "### 1. One NAT gateway only",
            "",
            "**Reason**: cost in test accounts.",
            "",
            "### 2. No cross-region copy",
            "",
            "**Reason**: out of scope.");
    assertThat(x.failures()).hasSize(3);
  }

  @Test
  void unnumberedAssessmentSectionWithFieldLinesIsNotAFailure() {
    Extraction x =
        withTail(
            "## Overall Assessment",
            "",
            "**Status**: deployable once the three fixes are in.",
            "",
            "**Fix**: none needed beyond the above.");
    assertThat(x.failures()).hasSize(3);
  }

  @Test
  void unnumberedSectionNamingADefectStillCounts() {
    Extraction x =
        withTail(
            "## Missing Log Retention",
            "",
            "The log groups keep data forever.",
            "",
            "**Impact:** LOW - storage cost only",
            "",
            "**Fix**: set a retention period.");
    assertThat(x.failures()).hasSize(4);
  }

  @Test
  void featureAdditionsThatRestartTheirNumberingAreDroppedAsAWhole() {
    Extraction x =
        withTail(
            "## Iteration 2: Feature Additions",
            "",
            "### 1. Dashboard for queue depth",
            "",
            "**Added**: a CloudWatch dashboard.",
            "",
            "### 2. Flow logs",
            "",
            "**Added**: VPC flow logs.",
            "",
            "### 3. Extra alarms",
            "",
            "**Added**: four alarms.",
            "",
            "### 4. Wiring into the main stack",
            "",
            "**Added**: the monitoring stack is instantiated.");
    assertThat(x.failures()).hasSize(3);
  }

  @Test
  void enhancementsThatContinueTheNumberingStillCount() {
    Extraction x =
        withTail(
            "## Enhancements",
            "",
            "### 4. Dead-letter queue missing",
            "",
            "**Fix**: add a redrive policy.",
            "",
            "### 5. Log retention unset",
            "",
            "**Fix**: set fourteen days.");
    assertThat(x.failures()).hasSize(5);
  }

  @Test
  void oneLineBulletsAfterTheNumberedEntriesAreNotFailures() {
    Extraction x =
        withTail(
            "## Theme: Missing Rollback Thinking",
            "",
            "- Buckets not emptied before delete",
            "- Snapshots retained on delete");
    assertThat(x.failures()).hasSize(3);
  }

  @Test
  void bulletsUnderAFailureGroupAfterTheEntriesStillCount() {
    Extraction x =
        withTail(
            "## Additional Minor Issues",
            "",
            "- Type hints missing on the helper functions",
            "- Docstrings missing on the stack class");
    assertThat(x.failures()).hasSize(5);
  }

  @Test
  void totalAndBreakdownLinesAreNotEntries() {
    Extraction x =
        extract(
            "# Corrections",
            "",
            "## Corrections Applied",
            "",
            "1. **Wrong construct argument**: the artifact needed a nil argument",
            "2. **Dead placeholder stage**: removed the empty source stage",
            "3. **Total fixes**: 2 minor corrections",
            "4. Severity breakdown (qualitative):");
    assertThat(x.failures())
        .extracting(ExtractedFailure::title)
        .containsExactly("Wrong construct argument", "Dead placeholder stage");
  }

  @Test
  void aListItemThatOnlyStartsWithTotalIsAnEntry() {
    Extraction x =
        extract(
            "# Corrections",
            "",
            "## Issues Found",
            "",
            "- Total cost of the NAT gateways was never estimated",
            "- Alarm thresholds copied from another service");
    assertThat(x.failures()).hasSize(2);
  }

  @Test
  void bestPracticesViolationsHoldFailures() {
    Extraction x =
        withTail(
            "## Best Practices Violations",
            "",
            "### 4. Tags applied by hand to each resource",
            "",
            "**Fix**: use provider default tags.");
    assertThat(x.failures()).hasSize(4);
  }

  @Test
  void bestPracticesToAvoidFailuresIsAdvice() {
    Extraction x =
        withTail(
            "## Best Practices to Avoid Failures",
            "",
            "### 4. Template development",
            "",
            "**Fix**: lint before deploying.");
    assertThat(x.failures()).hasSize(3);
  }
}
