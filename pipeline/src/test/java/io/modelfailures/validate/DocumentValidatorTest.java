package io.modelfailures.validate;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfailures.catalog.ServiceCatalog;
import io.modelfailures.extract.Extraction;
import io.modelfailures.extract.FailureExtractor;
import io.modelfailures.metadata.MetadataReader;
import io.modelfailures.metadata.TaskMetadata;
import java.util.List;
import org.junit.jupiter.api.Test;

class DocumentValidatorTest {

  private static final ServiceCatalog CATALOG = ServiceCatalog.loadDefault();
  private final FailureExtractor extractor = new FailureExtractor(CATALOG);

  private List<String> rules(String metadata, String... lines) {
    Extraction x = extractor.extract(String.join("\n", lines));
    TaskMetadata m =
        new MetadataReader(CATALOG).read(metadata, "x/tf-hcl/Pr1/lib/MODEL_FAILURES.md");
    return DocumentValidator.validate(x, m).stream().map(h -> h.rule().id()).toList();
  }

  @Test
  void declaredTotalMismatchFiresAndItsNearMissDoesNot() {
    String[] doc = {
      "Total Errors: 3",
      "",
      "### 1. A",
      "**Severity**: High",
      "**Fix**: x",
      "",
      "### 2. B",
      "**Severity**: High",
      "**Fix**: y"
    };
    assertThat(rules(null, doc)).contains("declared-total-mismatch");
    doc[0] = "Total Errors: 2";
    assertThat(rules(null, doc)).doesNotContain("declared-total-mismatch");
  }

  @Test
  void totalsWrittenInWordsInProseAreChecked() {
    String[] doc = {
      "The answer deploys, but it falls short in three important areas.",
      "",
      "### 1. A",
      "**Severity**: High",
      "**Fix**: x",
      "",
      "### 2. B",
      "**Severity**: Medium",
      "**Fix**: y"
    };
    // "three important areas": 3 stated, 2 found, and 3 high (important -> high) against 1.
    assertThat(rules(null, doc))
        .contains("declared-total-mismatch", "declared-severity-count-mismatch");
    doc[0] = "The answer deploys, but it falls short in two areas.";
    assertThat(rules(null, doc))
        .doesNotContain("declared-total-mismatch", "declared-severity-count-mismatch");
    // A sentence that counts areas without a shortfall states no total.
    doc[0] = "These three areas of concern come from the review.";
    assertThat(rules(null, doc)).doesNotContain("declared-total-mismatch");
  }

  @Test
  void severityCountMismatch() {
    assertThat(
            rules(
                null,
                "**Total Failures**: 2 Critical, 1 High",
                "",
                "### 1. A",
                "**Severity**: Critical",
                "**Fix**: x",
                "### 2. B",
                "**Severity**: High",
                "**Fix**: y",
                "### 3. C",
                "**Severity**: High",
                "**Fix**: z"))
        .contains("declared-severity-count-mismatch");
  }

  @Test
  void numberingRules() {
    assertThat(rules(null, "**ERROR 1: a**", "fixed by x", "", "**ERROR 3: b**", "fixed by y"))
        .contains("numbering-gap")
        .doesNotContain("numbering-duplicate");
    assertThat(rules(null, "## Bug 1: a", "x", "## Bug 2: b", "y", "## Bug 2: c", "z"))
        .contains("numbering-duplicate");
  }

  @Test
  void emptyDocumentUnlessItSaysNoFailures() {
    assertThat(rules(null, "# Notes", "", "Some prose.")).contains("empty-document");
    assertThat(rules(null, "# Notes", "", "No issues were found."))
        .doesNotContain("empty-document");
  }

  @Test
  void trainingScoreAgainstMetadata() {
    String[] doc = {"### 1. A", "**Fix**: x", "", "Training Quality Score: 9/10"};
    assertThat(rules("{\"training_quality\": 7}", doc)).contains("training-score-mismatch");
    assertThat(rules("{\"training_quality\": 9}", doc)).doesNotContain("training-score-mismatch");
  }

  @Test
  void metadataProblemsAreFindings() {
    assertThat(rules("{\"training_quality\": {\"a\": 1}}", "### 1. A", "**Fix**: x"))
        .contains("metadata-invalid");
  }

  @Test
  void numberingOutOfOrderAndItsNearMiss() {
    assertThat(rules(null, "## Bug 1: a", "x", "## Bug 3: b", "y", "## Bug 2: c", "z"))
        .contains("numbering-out-of-order", "numbering-gap");
    // Restarting at 1 in a new section is not out of order.
    assertThat(rules(null, "## Bug 1: a", "x", "## Bug 2: b", "y", "## Bug 1: c", "z"))
        .doesNotContain("numbering-out-of-order", "numbering-duplicate");
  }

  @Test
  void severityConflictWithSectionAndCrossReference() {
    assertThat(
            rules(
                null, "## Critical Failures", "### 1. A", "**Impact Level**: Medium", "**Fix**: x"))
        .contains("severity-conflict");
    assertThat(
            rules(
                null,
                "## Critical Failures",
                "### 1. A",
                "**Impact Level**: Critical",
                "**Fix**: x"))
        .doesNotContain("severity-conflict");
    assertThat(
            rules(
                null,
                "**ERROR 1: a**",
                "**Severity**: Low",
                "**Fix**: x",
                "",
                "## Impact Analysis",
                "",
                "Critical Errors (Must Fix): ERROR 1"))
        .contains("severity-conflict");
  }

  @Test
  void severityMissingOnlyWhenOthersHaveOne() {
    assertThat(
            rules(null, "### 1. A", "**Severity**: High", "**Fix**: x", "### 2. B", "**Fix**: y"))
        .contains("severity-missing");
    assertThat(rules(null, "### 1. A", "**Fix**: x", "### 2. B", "**Fix**: y"))
        .doesNotContain("severity-missing");
  }

  @Test
  void fixMissing() {
    assertThat(rules(null, "### 1. A", "**Problem**: broken")).contains("fix-missing");
    assertThat(rules(null, "### 1. A", "**Problem**: broken", "**Solution**: mended"))
        .doesNotContain("fix-missing");
  }

  @Test
  void unmappedMetadataServices() {
    String[] doc = {"### 1. A", "**Fix**: x"};
    assertThat(rules("{\"aws_services\": [\"S3\", \"Docker\"]}", doc))
        .contains("metadata-service-unmapped");
    assertThat(rules("{\"aws_services\": [\"S3\", \"Amazon Kinesis\"]}", doc))
        .doesNotContain("metadata-service-unmapped");
  }
}
