package io.modelfailures.extract;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfailures.catalog.ServiceCatalog;
import java.util.List;
import org.junit.jupiter.api.Test;

/** How an entry's services are chosen, on small entries written for these tests. */
class ServiceSelectorTest {

  private final ServiceCatalog catalog = ServiceCatalog.loadDefault();

  /** Selects services for an entry whose first line is its heading. */
  private List<String> select(String... lines) {
    String title = lines[0].replaceFirst("^#+\\s*(?:\\d+\\.\\s*)?", "");
    return ServiceSelector.select(catalog, title, lines, 1, lines.length);
  }

  @Test
  void titleServiceIsTheSubject() {
    assertThat(
            select(
                "### 1. Lambda timeout too short",
                "",
                "**Issue**: The function writes each order to DynamoDB and times out after 3 s.",
                "",
                "**Fix**: Raise the timeout to 30 s."))
        .containsExactly("Lambda");
  }

  @Test
  void secondServiceCountsWhenTheProseComesBackToIt() {
    assertThat(
            select(
                "### 1. Lambda timeout too short",
                "",
                "**Issue**: The function writes each order to DynamoDB and times out after 3 s.",
                "",
                "**Fix**: Raise the timeout and batch the DynamoDB writes."))
        .containsExactly("Lambda", "DynamoDB");
  }

  @Test
  void untitledEntryTakesItsSubjectFromTheOpeningLines() {
    assertThat(
            select(
                "### 2. Retries are not bounded",
                "",
                "**Severity**: High",
                "",
                "**Issue**: The SQS consumer retries forever and never reaches the dead-letter queue.",
                "",
                "**Fix**: Set maxReceiveCount to 5."))
        .containsExactly("SQS");
  }

  @Test
  void laterBodyLinesOfAnUntitledEntryDoNotAddServices() {
    assertThat(
            select(
                "### 3. Retries are not bounded",
                "**Severity**: High",
                "**Issue**: The consumer retries forever.",
                "**Fix**: Cap the retries.",
                "Also mention the limit in the README.",
                "Teams using SNS fan-out should do the same.",
                "Teams using SNS fan-out should document it."))
        .isEmpty();
  }

  @Test
  void codeThatDeclaresAResourceAddsItsService() {
    assertThat(
            select(
                "### 4. Hardcoded retention",
                "",
                "**Issue**: Retention is fixed at seven days.",
                "",
                "```hcl",
                "resource \"aws_s3_bucket_lifecycle_configuration\" \"logs\" {",
                "  rule { expiration { days = 7 } }",
                "}",
                "```"))
        .containsExactly("S3");
  }

  @Test
  void codeThatOnlyRefersToAServiceAddsNothing() {
    assertThat(
            select(
                "### 4. Hardcoded retention",
                "",
                "**Issue**: Retention is fixed at seven days.",
                "",
                "```hcl",
                "  bucket = aws_s3_bucket.logs.id",
                "  actions = [\"sqs:SendMessage\"]",
                "```"))
        .isEmpty();
  }

  @Test
  void declarationsInEachIacDialect() {
    assertThat(CodeResources.declared(catalog, "    Type: AWS::SQS::Queue")).containsExactly("SQS");
    assertThat(CodeResources.declared(catalog, "  \"Type\": \"AWS::KMS::Key\","))
        .containsExactly("KMS");
    assertThat(CodeResources.declared(catalog, "resource \"aws_lambda_function\" \"fn\" {"))
        .containsExactly("Lambda");
    assertThat(CodeResources.declared(catalog, "const q = new sqs.Queue(this, 'Jobs', {"))
        .containsExactly("SQS");
    assertThat(CodeResources.declared(catalog, "table = aws.dynamodb.Table(\"orders\","))
        .containsExactly("DynamoDB");
    assertThat(CodeResources.declared(catalog, "    SnsTopic(self, \"alerts\")"))
        .containsExactly("SNS");
    // Near misses: references, IAM actions, enum members and the Terraform state backend.
    assertThat(CodeResources.declared(catalog, "  role = aws_iam_role.exec.arn")).isEmpty();
    assertThat(CodeResources.declared(catalog, "  Action: 's3:GetObject'")).isEmpty();
    assertThat(CodeResources.declared(catalog, "retention: logs.RetentionDays.ONE_WEEK,"))
        .isEmpty();
    assertThat(CodeResources.declared(catalog, "new S3Backend(this, { bucket: 'tf-state' });"))
        .isEmpty();
  }

  @Test
  void entryAboutTheCodeItselfHasNoService() {
    assertThat(
            select(
                "### 5. Unused variable declaration",
                "",
                "**Issue**: The ECS cluster was assigned to a constant that is never read.",
                "",
                "**Fix**: Drop the constant and keep the ECS cluster."))
        .isEmpty();
    assertThat(
            select(
                "### 6. Integration tests are placeholders",
                "",
                "**Issue**: No test checks the VPC, its subnets or the NAT gateways."))
        .isEmpty();
  }

  @Test
  void codeConcernTitleThatNamesAServiceKeepsIt() {
    assertThat(
            select(
                "### 7. ECS cluster name misses the environment suffix",
                "",
                "**Issue**: Two stacks in one account collide on the ECS cluster name."))
        .containsExactly("ECS");
  }

  @Test
  void impactParagraphsAreAsides() {
    assertThat(
            select(
                "### 8. KMS key rotation disabled",
                "",
                "**Issue**: The customer managed key does not rotate.",
                "",
                "**Impact**: Lambda environment variables and SNS topics use a stale key.",
                "Lambda and SNS auditors will flag it."))
        .containsExactly("KMS");
  }

  @Test
  void mentionsIgnoreFilePathsAndLogGroupNames() {
    assertThat(ServiceMentions.find(catalog, "Edited lib/lambda/handler.py and s3.tf")).isEmpty();
    assertThat(ServiceMentions.find(catalog, "name = \"/aws/ecs/app/exec\"")).isEmpty();
    // Near miss: the service named in prose next to a path still counts.
    assertThat(ServiceMentions.find(catalog, "The Lambda handler in lib/handler.py"))
        .containsExactly("Lambda");
  }

  @Test
  void mentionsIgnoreTheTerraformStateBackend() {
    assertThat(ServiceMentions.find(catalog, "Invalid S3 backend option use_lockfile")).isEmpty();
    assertThat(ServiceMentions.find(catalog, "terraform { backend \"s3\" {} }")).isEmpty();
    // Near miss: the S3 bucket itself is S3.
    assertThat(ServiceMentions.find(catalog, "The S3 bucket has no versioning"))
        .containsExactly("S3");
  }

  @Test
  void servicesBehindAVpcEndpointArePartOfTheVpc() {
    assertThat(ServiceMentions.find(catalog, "Missing VPC endpoints for ECR and STS"))
        .containsExactly("VPC");
    // Near miss: without an endpoint, both services count.
    assertThat(ServiceMentions.find(catalog, "The ECR pull fails from the private VPC"))
        .containsExactlyInAnyOrder("ECR", "VPC");
  }

  @Test
  void genericWordsImplyTheirService() {
    assertThat(ServiceMentions.find(catalog, "The database password is a plain parameter"))
        .containsExactly("RDS");
    // A title capitalises the word; it still means the relational database.
    assertThat(ServiceMentions.find(catalog, "Database Password Stored As Plain Text"))
        .containsExactly("RDS");
    assertThat(ServiceMentions.find(catalog, "The DynamoDB database has no backups"))
        .containsExactly("DynamoDB");
    assertThat(ServiceMentions.find(catalog, "The bucket allows public reads"))
        .containsExactly("S3");
  }

  @Test
  void vpcCniIsAnEksAddOn() {
    assertThat(ServiceMentions.find(catalog, "The VPC CNI add-on lacks prefix delegation"))
        .containsExactly("EKS");
  }
}
