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
}
