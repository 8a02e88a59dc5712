package io.modelfailures.extract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;
import static org.assertj.core.api.Assertions.tuple;

import io.modelfailures.catalog.ServiceCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** One test per layout family the extractor recognises, on fixtures written for these tests. */
class FailureExtractorTest {

  private final FailureExtractor extractor = new FailureExtractor(ServiceCatalog.loadDefault());

  private Extraction extract(String... lines) {
    return extractor.extract(String.join("\n", lines) + "\n");
  }

  @Test
  void numberedHeadingsUnderSeveritySections() {
    Extraction x =
        extract(
            "# Model Response Failures Analysis",
            "",
            "## Critical Failures",
            "",
            "### 1. SQS queue policy allows any principal",
            "",
            "**Impact Level**: Critical",
            "",
            "**MODEL_RESPONSE Issue**:",
            "```yaml",
            "Principal: '*'",
            "```",
            "",
            "**IDEAL_RESPONSE Fix**:",
            "Restrict the principal to the SNS topic.",
            "",
            "### 2. Dead-letter queue retention too short",
            "",
            "**Impact Level**: High",
            "",
            "**Root Cause**: default retention of the SQS queue.",
            "",
            "## Medium Failures",
            "",
            "### 3. Missing alarm on queue depth",
            "",
            "**IDEAL_RESPONSE Fix**: add a CloudWatch alarm.",
            "",
            "## Summary",
            "",
            "**Total Failures**: 1 Critical, 1 High, 1 Medium",
            "**Training Value Score**: 8/10");
    assertThat(x.failures())
        .extracting(ExtractedFailure::title, ExtractedFailure::severity, ExtractedFailure::hasFix)
        .containsExactly(
            tuple("SQS queue policy allows any principal", "critical", true),
            tuple("Dead-letter queue retention too short", "high", false),
            tuple("Missing alarm on queue depth", "medium", true));
    assertThat(x.failures().get(0).services()).contains("SQS");
    assertThat(x.failures().get(0).lineStart()).isEqualTo(5);
    assertThat(x.declaredTotal()).isEqualTo(3);
    assertThat(x.declaredCounts()).containsEntry("critical", 1).containsEntry("medium", 1);
    assertThat(x.declaredTrainingScore()).isEqualTo(8.0);
    assertThat(x.layout()).isEqualTo("numbered-headings");
  }

  @Test
  void aSeverityWordInTheTotalIsNoBreakdownWhenNoEntryHasASeverity() {
    String[] body = {
      "### 1. Bucket policy grants public read",
      "",
      "The S3 bucket policy allows any principal to read objects.",
      "",
      "### 2. Queue has no dead-letter target",
      "",
      "Failed SQS messages are dropped after three receives.",
    };
    List<String> plain = new java.util.ArrayList<>();
    plain.add("# Review");
    plain.add("");
    plain.add("Reading the answer closely, the following 2 critical faults were identified:");
    plain.add("");
    plain.addAll(List.of(body));
    Extraction x = extract(plain.toArray(String[]::new));
    assertThat(x.failures()).hasSize(2);
    assertThat(x.declaredTotal()).isEqualTo(2);
    assertThat(x.declaredCounts()).isEmpty();

    // Once entries carry severities, the same sentence is checked against them.
    List<String> graded = new java.util.ArrayList<>(plain);
    graded.add(6, "**Impact Level**: Medium");
    graded.add(7, "");
    Extraction y = extract(graded.toArray(String[]::new));
    assertThat(y.failures()).extracting(ExtractedFailure::severity).contains("medium");
    assertThat(y.declaredCounts()).containsOnly(entry("critical", 2));
  }

  @Test
  void labelledHeadingsWithSeverityAndCategoryFields() {
    Extraction x =
        extract(
            "# Failures",
            "",
            "Total Errors: 2",
            "",
            "### Error 1: Duplicate WAF rule priority (lib/waf.py)",
            "",
            "**Location**: Lines 10-20",
            "**Severity**: CRITICAL - Deployment Blocker",
            "**Category**: Configuration Error",
            "",
            "**Fix Required**: give each rule its own priority.",
            "",
            "## Bug 2: Log group never expires",
            "",
            "**Severity:** Minor",
            "**Fix Applied**: set retention to 30 days.");
    assertThat(x.failures())
        .extracting(
            ExtractedFailure::label, ExtractedFailure::severity, ExtractedFailure::categoryRaw)
        .containsExactly(
            tuple("Error 1", "critical", "Configuration Error"), tuple("Bug 2", "low", null));
    ExtractedFailure first = x.failures().get(0);
    assertThat(first.title()).isEqualTo("Duplicate WAF rule priority");
    assertThat(first.location()).isEqualTo("Lines 10-20");
    assertThat(first.services()).containsExactly("WAF");
    assertThat(x.declaredTotal()).isEqualTo(2);
  }

  @Test
  void severityWordInLabelGivesSeverity() {
    Extraction x =
        extract(
            "## Critical Fault #1: No remote state backend",
            "The state lives on a laptop.",
            "",
            "## Critical Fault #2: Provider version unpinned",
            "Pinned to ~> 5.0 in the fix.",
            "",
            "## Summary",
            "We identified **2 critical faults**.");
    assertThat(x.failures())
        .extracting(ExtractedFailure::title, ExtractedFailure::severity)
        .containsExactly(
            tuple("No remote state backend", "critical"),
            tuple("Provider version unpinned", "critical"));
    assertThat(x.declaredTotal()).isEqualTo(2);
  }

  @Test
  void boldLabelsUnderCategoryGroupsWithCrossReferences() {
    Extraction x =
        extract(
            "## Detailed Error Catalog",
            "",
            "### Category 1: Security Issues",
            "",
            "**ERROR 1: Bucket allows public reads**",
            "- The S3 bucket policy grants s3:GetObject to everyone.",
            "",
            "**ERROR 2: Password in plain text**",
            "- The RDS password is a template parameter default.",
            "",
            "### Category 2: Naming",
            "",
            "**ERROR 4: Names collide across stages**",
            "- No environment suffix.",
            "",
            "## Impact Analysis",
            "",
            "Critical Errors (Must Fix): ERROR 1, ERROR 2",
            "Low Priority Errors: ERROR 4");
    assertThat(x.failures())
        .extracting(
            ExtractedFailure::label,
            ExtractedFailure::severity,
            ExtractedFailure::severitySource,
            ExtractedFailure::categoryRaw)
        .containsExactly(
            tuple("ERROR 1", "critical", "cross-reference", "Security Issues"),
            tuple("ERROR 2", "critical", "cross-reference", "Security Issues"),
            tuple("ERROR 4", "low", "cross-reference", "Naming"));
    assertThat(x.layout()).isEqualTo("bold-labels");
  }

  @Test
  void tableRowsAreFailuresWhenTheTableIsTheOnlyListing() {
    Extraction x =
        extract(
            "# Review",
            "",
            "| # | Issue | Severity | Fix |",
            "|---|-------|----------|-----|",
            "| 1 | Lambda timeout of 3 seconds | High | Raise to 30 s |",
            "| 2 | DynamoDB table without PITR | Medium | Enable point-in-time recovery |",
            "| 3 | Tags missing | Low | |");
    assertThat(x.failures())
        .extracting(ExtractedFailure::title, ExtractedFailure::severity, ExtractedFailure::hasFix)
        .containsExactly(
            tuple("Lambda timeout of 3 seconds", "high", true),
            tuple("DynamoDB table without PITR", "medium", true),
            tuple("Tags missing", "low", false));
    assertThat(x.layout()).isEqualTo("table-rows");
  }

  @Test
  void bulletItemsAreFailuresButStrengthsAreNot() {
    Extraction x =
        extract(
            "# Model failures",
            "",
            "## Issues found",
            "",
            "- **KMS key rotation disabled** (High): rotation was off; fixed by enabling it.",
            "  - affects the data key",
            "- **CloudTrail not multi-region**: only one region logged.",
            "",
            "## What the model did well",
            "",
            "- Clean module layout",
            "- Outputs are complete");
    assertThat(x.failures())
        .extracting(ExtractedFailure::title, ExtractedFailure::severity)
        .containsExactly(
            tuple("KMS key rotation disabled", "high"), tuple("CloudTrail not multi-region", null));
    assertThat(x.layout()).isEqualTo("bullet-list");
  }

  @Test
  void listItemsStandingAsHeadingsKeepTheParagraphsAfterThem() {
    Extraction x =
        extract(
            "# Review of the generated stack",
            "",
            "1) Queue consumer has no dead-letter handling",
            "",
            "Evidence:",
            "> `new sqs.Queue(this, 'Jobs')` is created without a DLQ.",
            "",
            "Fix: the queue was changed to send failed messages to an SQS dead-letter queue.",
            "",
            "---",
            "",
            "10) Log retention left at the default",
            "",
            "Evidence:",
            "> The log groups keep CloudWatch Logs data forever.",
            "",
            "---");
    assertThat(x.failures())
        .extracting(ExtractedFailure::title, ExtractedFailure::lineStart, ExtractedFailure::lineEnd)
        .containsExactly(
            tuple("Queue consumer has no dead-letter handling", 3, 11),
            tuple("Log retention left at the default", 12, 17));
    // The body after each title line is read: its fix and the services it is about.
    assertThat(x.failures().get(0).hasFix()).isTrue();
    assertThat(x.failures().get(0).services()).contains("SQS");
    assertThat(x.failures().get(1).hasFix()).isFalse();
    assertThat(x.failures().get(1).services()).contains("CloudWatch Logs");
  }

  @Test
  void aClosingParagraphAfterATightListIsNotTheLastItemsBody() {
    Extraction x =
        extract(
            "## Failures",
            "",
            "1) Bucket is public",
            "2) Table has no point-in-time recovery",
            "",
            "Both were fixed by the IDEAL_RESPONSE and the DynamoDB and S3 settings now pass.");
    assertThat(x.failures()).extracting(ExtractedFailure::lineEnd).containsExactly(3, 4);
    assertThat(x.failures().get(1).hasFix()).isFalse();
  }

  @Test
  void groupHeadingsHoldSubEntries() {
    Extraction x =
        extract(
            "## Critical Failures",
            "",
            "### 1. Missing secondary region resources",
            "",
            "#### 1a. No replica bucket",
            "**Issue**: the S3 replica is absent.",
            "",
            "#### 1b. No replica table",
            "**Issue**: the DynamoDB global table has one region.",
            "",
            "### 2. Wrong runtime",
            "**Issue**: python3.7 is deprecated.");
    assertThat(x.failures())
        .extracting(ExtractedFailure::title)
        .containsExactly("No replica bucket", "No replica table", "Wrong runtime");
    assertThat(x.failures()).allMatch(f -> "critical".equals(f.severity()));
  }

  @Test
  void fencedMarkdownDocumentIsUnwrapped() {
    Extraction x =
        extract(
            "```markdown",
            "# Failures",
            "",
            "1) Lambda function has no log retention",
            "   Evidence: logRetention is unset.",
            "2) API Gateway stage has no access logs",
            "   Evidence: accessLogSetting missing.",
            "```");
    assertThat(x.fenced()).isTrue();
    assertThat(x.failures()).extracting(ExtractedFailure::lineStart).containsExactly(4, 6);
    assertThat(x.layout()).startsWith("fenced-");
  }

  @Test
  void plainTextNumberedLines() {
    Extraction x =
        extract(
            "1. S3 bucket policy logic flaw;",
            "   the condition denies the owner.",
            "",
            "2. CloudTrail not wired to CloudWatch Logs",
            "   no log group is configured.");
    assertThat(x.failures())
        .extracting(ExtractedFailure::label, ExtractedFailure::title)
        .containsExactly(
            tuple("1", "S3 bucket policy logic flaw;"),
            tuple("2", "CloudTrail not wired to CloudWatch Logs"));
  }

  @Test
  void statedNoFailures() {
    Extraction x =
        extract(
            "# Model Failures",
            "",
            "The model response was correct; no failures were found.",
            "",
            "## Strengths",
            "",
            "- Least-privilege IAM");
    assertThat(x.failures()).isEmpty();
    assertThat(x.noFailuresStated()).isTrue();
    assertThat(x.layout()).isEqualTo("no-failures");
  }

  @Test
  void summaryAndRecommendationSectionsAreNotFailures() {
    Extraction x =
        extract(
            "## Issue 1: ECR repository name invalid",
            "**Error:** name must be lower case",
            "**Resolution:** lower-cased the name.",
            "",
            "## Recommendations",
            "",
            "### 1. Add lifecycle rules",
            "Keep ten images.",
            "",
            "## Lessons Learned",
            "",
            "1. Validate names early.");
    assertThat(x.failures())
        .extracting(ExtractedFailure::title)
        .containsExactly("ECR repository name invalid");
    assertThat(x.failures().get(0).hasFix()).isTrue();
  }

  @Test
  void neverThrowsOnOddInput() {
    assertThat(extractor.extract("").failures()).isEmpty();
    assertThat(extractor.extract("```\nunclosed fence\n# not a heading").failures()).isEmpty();
    assertThat(extractor.extract(">".repeat(5000) + " deep").failures()).isEmpty();
    assertThat(extractor.extract("a\r\nb\rc").lineCount()).isEqualTo(3);
  }

  @Test
  void unstructuredTextWithLabelsOrProblemFields() {
    Extraction labelled =
        extract(
            "*** Flaw 1 ***",
            "Warning: provider alias not declared in the module",
            "",
            "*** Flaw 2 ***",
            "Error: bucket name already taken");
    assertThat(labelled.failures())
        .extracting(ExtractedFailure::label, ExtractedFailure::title)
        .containsExactly(
            tuple("Flaw 1", "Warning: provider alias not declared in the module"),
            tuple("Flaw 2", "Error: bucket name already taken"));
    assertThat(labelled.layout()).isEqualTo("plain-text");
    Extraction fields =
        extract(
            "# Flaws",
            "",
            "**Issue**: require is not defined in ES module scope",
            "",
            "**Resolution**: use import.",
            "",
            "---",
            "",
            "**Issue**: stack has no env, so the VPC lookup fails",
            "",
            "**Resolution**: pass account and region.");
    assertThat(fields.failures())
        .extracting(ExtractedFailure::title, ExtractedFailure::hasFix)
        .containsExactly(
            tuple("require is not defined in ES module scope", true),
            tuple("stack has no env, so the VPC lookup fails", true));
  }

  @Test
  void bulletFieldEndsWhereTheListItemEnds() {
    Extraction x =
        extract(
            "## Finding 1 — KMS alias lacks its prefix",
            "",
            "- **Severity**: Medium",
            "- **Category**: Configuration",
            "",
            "The alias name must start with `alias/`.",
            "",
            "- **Fix**:",
            "",
            "```python",
            "kms.Alias(self, \"A\", alias_name=\"alias/db\")",
            "```");
    assertThat(x.failures()).hasSize(1);
    ExtractedFailure f = x.failures().get(0);
    assertThat(f.categoryRaw()).isEqualTo("Configuration");
    // Unindented code after a bullet label still belongs to it: authors write fixes that way.
    assertThat(f.fix()).contains("alias_name=\"alias/db\"");
    assertThat(f.hasFix()).isTrue();
  }

  @Test
  void aGroupHeadingNamingAFileGivesNoCategory() {
    Extraction x =
        extract(
            "## Issues Found in Original MODEL_RESPONSE.md",
            "",
            "### 1. Queue has no dead-letter target",
            "",
            "Messages that fail are retried forever.",
            "",
            "## Security Issues",
            "",
            "### 2. Bucket allows public reads",
            "",
            "The bucket policy grants s3:GetObject to everyone.");
    assertThat(x.failures())
        .extracting(ExtractedFailure::categoryRaw)
        .containsExactly(null, "Security Issues");
  }

  @Test
  void aGradingRubricListsNoFailures() {
    Extraction x =
        extract(
            "# Grading guide: event pipeline",
            "",
            "This document explains when a response to the prompt should be considered",
            "incorrect. An answer should be treated as failed if any of the following holds.",
            "",
            "### 1.1 No dead-letter queue",
            "",
            "The consumer has no DLQ.",
            "",
            "### 1.2 Unencrypted topic",
            "",
            "The SNS topic has no KMS key.");
    assertThat(x.failures()).isEmpty();
    assertThat(x.layout()).isEqualTo("rubric");
    assertThat(x.noFailuresStated()).isFalse();
  }

  @Test
  void aReportThatMentionsFailurePatternsLaterIsNotARubric() {
    Extraction x =
        extract(
            "# Model Failures",
            "",
            "### 1. Hardcoded password",
            "",
            "The database password is a literal.",
            "It is committed with the stack.",
            "",
            "### 2. Public bucket",
            "",
            "The bucket policy allows anonymous reads.",
            "Block Public Access is off.",
            "",
            "### 3. No log retention",
            "",
            "Log groups keep data forever.",
            "Costs grow without bound.",
            "",
            "## Conclusion",
            "",
            "An answer would be considered incorrect with such secrets; these are typical patterns.");
    assertThat(x.layout()).isNotEqualTo("rubric");
    assertThat(x.failures()).hasSize(3);
  }

  @Test
  void improvementsAfterSeverityGroupedFailuresAreNotFailures() {
    Extraction x =
        extract(
            "# Model Failures",
            "",
            "## Critical Failures",
            "",
            "### 1. Rotation Lambda outside the VPC",
            "",
            "Rotation times out.",
            "",
            "## High Priority Issues",
            "",
            "### 2. Lint errors",
            "",
            "The build fails on lint.",
            "",
            "## Iteration Improvements",
            "",
            "### 3. Test suite added",
            "",
            "Unit tests now cover the stack.");
    assertThat(x.failures())
        .extracting(ExtractedFailure::title)
        .containsExactly("Rotation Lambda outside the VPC", "Lint errors");
  }

  @Test
  void improvementsContinuingAnUngroupedListAreFailures() {
    Extraction x =
        extract(
            "# Infrastructure Changes",
            "",
            "## Service Changes",
            "",
            "### 1. Transcoder replaced by MediaConvert",
            "",
            "The old service is deprecated.",
            "",
            "## Reliability Improvements",
            "",
            "### 2. Unique resource names",
            "",
            "Names collided across stacks.");
    assertThat(x.failures()).hasSize(2);
  }
}
