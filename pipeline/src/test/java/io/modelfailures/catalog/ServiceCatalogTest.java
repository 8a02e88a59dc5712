package io.modelfailures.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ServiceCatalogTest {

  private static final ServiceCatalog CATALOG = ServiceCatalog.loadDefault();

  // ------------------------------------------------------------------ loading

  @Test
  void loadsTheVersionedCatalogOnce() {
    assertThat(CATALOG.version()).isEqualTo(1);
    assertThat(ServiceCatalog.loadDefault()).isSameAs(CATALOG);
    assertThat(CATALOG.serviceNames())
        .hasSizeGreaterThanOrEqualTo(150)
        .doesNotHaveDuplicates()
        .contains("S3", "CloudWatch Logs", "Kinesis Firehose", "Route 53", "X-Ray", "Config")
        .doesNotContain("Aurora", "Fargate", "Parameter Store", "ALB", "WAFv2");
  }

  @Test
  void everyCanonicalNameMapsToItself() {
    for (String name : CATALOG.serviceNames()) {
      assertThat(CATALOG.canonicalize(name)).as(name).contains(name);
    }
  }

  @Test
  void rejectsACatalogThatGivesOneSpellingToTwoServices() {
    String json =
        """
        {"version": 1, "services": [
          {"name": "S3", "aliases": ["Simple Storage"]},
          {"name": "EFS", "aliases": ["simple storage"]}]}
        """;
    assertThatThrownBy(() -> read(json))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("simple storage");
  }

  @Test
  void rejectsACatalogWithoutVersion() {
    assertThatThrownBy(() -> read("{\"services\": []}"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void survivesJavaSerialization() throws Exception {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
      out.writeObject(CATALOG);
    }
    ServiceCatalog copy;
    try (ObjectInputStream in =
        new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
      copy = (ServiceCatalog) in.readObject();
    }
    assertThat(copy.version()).isEqualTo(1);
    assertThat(copy.findInText("an aws_s3_bucket and a KMS key")).containsExactly("S3", "KMS");
    assertThat(copy.canonicalize("Amazon S3")).contains("S3");
  }

  private static ServiceCatalog read(String json) throws IOException {
    return ServiceCatalog.read(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)));
  }

  // ------------------------------------------------------------------ canonicalize

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // vendor prefixes, case, punctuation, plurals, trailing generic words
        "Amazon S3 | S3",
        "AWS S3 | S3",
        "s3 | S3",
        "S3 Buckets | S3",
        "S3 Bucket (Logs) | S3",
        "Simple Storage Service | S3",
        "aws lambda | Lambda",
        "AWS Lambda | Lambda",
        "Lambda Functions | Lambda",
        "Lambda@Edge | Lambda",
        "\"DynamoDB\" | DynamoDB",
        "DynamoDB Tables | DynamoDB",
        "IAM Roles | IAM",
        "IAM Policies | IAM",
        "AWS Identity and Access Management (IAM) | IAM",
        "AWS IAM (Roles, Policies) | IAM",
        "Amazon Simple Notification Service (SNS) | SNS",
        "SNS Topics | SNS",
        "secrets-manager | Secrets Manager",
        "SecretsManager | Secrets Manager",
        "Route53 | Route 53",
        "Route 53 Health Checks | Route 53",
        "xray | X-Ray",
        "api-gateway | API Gateway",
        "Step Functions | Step Functions",
        // CloudWatch vs CloudWatch Logs vs EventBridge
        "CloudWatch Alarms | CloudWatch",
        "Amazon CloudWatch Alarms | CloudWatch",
        "CloudWatch Dashboards | CloudWatch",
        "CloudWatch Synthetics | CloudWatch",
        "CloudWatch Logs | CloudWatch Logs",
        "CloudWatch Log Groups | CloudWatch Logs",
        "CloudWatchLogGroup | CloudWatch Logs",
        "CloudWatch Metric Filters | CloudWatch Logs",
        "Logs | CloudWatch Logs",
        "CloudWatch Events | EventBridge",
        "Amazon EventBridge | EventBridge",
        "EventBridge Scheduler | EventBridge",
        // label conventions of LABELING.md
        "Security Groups | EC2",
        "SecurityGroup | EC2",
        "EBS | EC2",
        "Elastic IP | EC2",
        "Launch Template | EC2",
        "Subnets | VPC",
        "Route Tables | VPC",
        "NAT Gateway | VPC",
        "Internet Gateway | VPC",
        "VPC Endpoints | VPC",
        "VPC Flow Logs | VPC",
        "Flow Logs | VPC",
        "Network ACLs | VPC",
        "EC2 Subnet | VPC",
        "EC2 NAT Gateway | VPC",
        "ALB | ELB",
        "NLB | ELB",
        "Application Load Balancer (ALB) | ELB",
        "ElasticLoadBalancingV2 | ELB",
        "Target Groups | ELB",
        "Aurora | RDS",
        "RDS Aurora PostgreSQL | RDS",
        "Aurora PostgreSQL (RDS) | RDS",
        "DB Subnet Group | RDS",
        "Parameter Store | SSM",
        "Systems Manager | SSM",
        "SSM Parameter Store | SSM",
        "Systems Manager (Parameter Store) | SSM",
        "Fargate | ECS",
        "ECS Fargate | ECS",
        "WAFv2 | WAF",
        "WAF v2 | WAF",
        "Certificate Manager | ACM",
        "Kinesis Data Firehose | Kinesis Firehose",
        "Kinesis Data Streams | Kinesis",
        "Auto Scaling Group | Auto Scaling",
        "AutoScaling | Auto Scaling",
        "Application Auto Scaling | Auto Scaling",
        "EC2 Auto Scaling | Auto Scaling",
        "EC2 Transit Gateway | Transit Gateway",
        "Elasticsearch | OpenSearch",
        "AWS Config | Config",
        "Config | Config",
        "Config Rules | Config",
        "AWS Backup | Backup",
        "Access Analyzer | IAM Access Analyzer",
        "IAM Identity Center | IAM Identity Center",
        "Glacier | S3",
        // resource types
        "AWS::S3::Bucket | S3",
        "AWS::EC2::SecurityGroupIngress | EC2",
        "AWS::EC2::SubnetRouteTableAssociation | VPC",
        "AWS::EC2::VPCGatewayAttachment | VPC",
        "AWS::Logs::LogGroup | CloudWatch Logs",
        "AWS::Logs | CloudWatch Logs",
        "AWS::Config::ConfigRule | Config",
        "aws_s3_bucket | S3",
        "aws_cloudwatch_log_group | CloudWatch Logs",
        "aws_cloudwatch_metric_alarm | CloudWatch",
        "aws_cloudwatch_event_rule | EventBridge",
        "aws_kinesis_firehose_delivery_stream | Kinesis Firehose",
        "aws_lb_listener | ELB",
        "aws_alb | ELB",
        "aws_security_group | EC2",
        "aws_vpc_security_group_ingress_rule | EC2",
        "aws_subnet | VPC",
        "aws_nat_gateway | VPC",
        "aws_rds_cluster | RDS",
        "aws_db_instance | RDS",
        "aws_wafv2_web_acl | WAF",
        "aws_ssm_parameter | SSM",
        "aws_sfn_state_machine | Step Functions",
        "aws_apigatewayv2_api | API Gateway",
        "aws_appautoscaling_target | Auto Scaling",
        "aws_autoscaling_group | Auto Scaling",
        "aws_route53_zone | Route 53",
        "aws_ec2_transit_gateway_vpc_attachment | Transit Gateway",
        // a list in one entry: its first item
        "Amazon Aurora Global Database, Amazon DynamoDB Global Tables | RDS",
        "Amazon EC2 (NAT Gateway, Internet Gateway, Security Groups) | EC2",
      })
  void canonicalizesSpellings(String spelling, String canonical) {
    assertThat(CATALOG.canonicalize(spelling)).contains(canonical);
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(
      strings = {
        "   ",
        "Terraform",
        "Docker",
        "AWS CDK",
        "TLS",
        "OIDC",
        "Availability Zones",
        "backup of the file",
        "glue code",
        "AWS",
        "AWS::Unknown::Thing"
      })
  void leavesUnknownSpellingsUnmapped(String spelling) {
    assertThat(CATALOG.canonicalize(spelling)).isEqualTo(Optional.empty());
  }

  // ------------------------------------------------------------------ findInText: prose

  @Test
  void findsServicesInProseInOrderOfFirstMention() {
    String prose =
        "The Lambda function writes to an S3 bucket encrypted with a customer managed KMS key, "
            + "but the IAM role lacks kms:Decrypt. The S3 bucket policy and the lambda's "
            + "CloudWatch Logs log group are also missing.";
    assertThat(CATALOG.findInText(prose))
        .containsExactly("Lambda", "S3", "KMS", "IAM", "CloudWatch Logs");
  }

  @Test
  void appliesTheLabelConventionsInText() {
    assertThat(CATALOG.findInText("Security groups allow 0.0.0.0/0 on port 22"))
        .containsExactly("EC2");
    assertThat(CATALOG.findInText("private subnets have no NAT gateway")).containsExactly("VPC");
    assertThat(CATALOG.findInText("the ALB listener forwards to a target group"))
        .containsExactly("ELB");
    assertThat(CATALOG.findInText("Aurora Serverless v2 cluster")).containsExactly("RDS");
    assertThat(CATALOG.findInText("read it from Parameter Store")).containsExactly("SSM");
    assertThat(CATALOG.findInText("an ECS service on Fargate")).containsExactly("ECS");
    assertThat(CATALOG.findInText("WAFv2 web ACL")).containsExactly("WAF");
    assertThat(CATALOG.findInText("a CloudWatch Events rule")).containsExactly("EventBridge");
    assertThat(CATALOG.findInText("VPCs and ALBs")).containsExactly("VPC", "ELB");
    // Resource nouns that belong to one service in an AWS review: listeners are the load
    // balancer's, dashboard widgets CloudWatch's.
    assertThat(CATALOG.findInText("port 80 has no HTTP listener")).containsExactly("ELB");
    assertThat(CATALOG.findInText("add HTTPS listeners")).containsExactly("ELB");
    assertThat(CATALOG.findInText("too few dashboard widgets")).containsExactly("CloudWatch");
  }

  @Test
  void aNameStartingInsideAnIdentifierStaysInsideIt() {
    // "Launch" is a camel-case word of the property; "launch configuration" is not named.
    assertThat(CATALOG.findInText("Missing mapPublicIpOnLaunch Configuration")).isEmpty();
    // Near miss: a whole spelling inside an identifier still counts.
    assertThat(CATALOG.findInText("the appS3Bucket construct")).containsExactly("S3");
    assertThat(CATALOG.findInText("a launch configuration")).containsExactly("Auto Scaling");
  }

  @Test
  void longestMatchWinsAtOnePosition() {
    assertThat(CATALOG.findInText("CloudWatch Logs retention")).containsExactly("CloudWatch Logs");
    assertThat(CATALOG.findInText("Kinesis Firehose delivery")).containsExactly("Kinesis Firehose");
    assertThat(CATALOG.findInText("Amazon Kinesis Data Firehose"))
        .containsExactly("Kinesis Firehose");
    assertThat(CATALOG.findInText("enable VPC Flow Logs")).containsExactly("VPC");
    assertThat(CATALOG.findInText("EC2 Auto Scaling group")).containsExactly("Auto Scaling");
    assertThat(CATALOG.findInText("AWS IAM Access Analyzer"))
        .containsExactly("IAM Access Analyzer");
    assertThat(CATALOG.findInText("CloudWatch alarm on the queue")).containsExactly("CloudWatch");
    assertThat(CATALOG.findInText("aws_cloudwatch_log_group")).containsExactly("CloudWatch Logs");
    assertThat(CATALOG.findInText("aws_kinesis_firehose_delivery_stream"))
        .containsExactly("Kinesis Firehose");
  }

  @Test
  void acceptsSpellingVariantsOfNames() {
    assertThat(CATALOG.findInText("secrets-manager, SecretsManager, Secrets\nManager"))
        .containsExactly("Secrets Manager");
    assertThat(CATALOG.findInText("Route53 / Route 53")).containsExactly("Route 53");
    assertThat(CATALOG.findInText("X-Ray tracing, xray")).containsExactly("X-Ray");
    assertThat(CATALOG.findInText("SNS topics and SQS queues")).containsExactly("SNS", "SQS");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "configuration",
        "update the config file",
        "const config = new pulumi.Config(); config.require('env')",
        "backup of the file",
        "take a backup before the change",
        "a batch of records",
        "glue code between modules",
        "a shield against injection",
        "the inspector noticed",
        "organizations often forget this",
        "a state machine in the parser",
        "bedrock of the design",
        "sts:AssumeRole",
        "GCP bucket names",
        "fn = lambda x: x + 1",
        "names = sorted(items, key=lambda item: item.name)",
        "bucket.arn.apply(lambda arn: json.dumps(policy))"
      })
  void findsNothingInEverydayWordsAndCode(String text) {
    assertThat(CATALOG.findInText(text)).isEmpty();
  }

  @Test
  void findsCommonWordServicesOnlyInTheirBrandedForms() {
    assertThat(CATALOG.findInText("AWS Config rules and a Config recorder"))
        .containsExactly("Config");
    assertThat(CATALOG.findInText("no Backup plan or Backup vault")).containsExactly("Backup");
    assertThat(CATALOG.findInText("run an AWS Batch job")).containsExactly("Batch");
    assertThat(CATALOG.findInText("the Glue job and Glue crawler")).containsExactly("Glue");
    assertThat(CATALOG.findInText("enable AWS Shield Advanced")).containsExactly("Shield");
    assertThat(CATALOG.findInText("query it with Athena")).containsExactly("Athena");
    assertThat(CATALOG.findInText("the lambda function times out")).containsExactly("Lambda");
    assertThat(CATALOG.findInText("\"Action\": \"lambda:InvokeFunction\""))
        .containsExactly("Lambda");
  }

  // ------------------------------------------------------------------ findInText: code

  @Test
  void findsServicesInCloudFormationYaml() {
    String yaml =
        """
        Resources:
          LogsBucket:
            Type: AWS::S3::Bucket
          AppLogGroup:
            Type: AWS::Logs::LogGroup
          AppSg:
            Type: AWS::EC2::SecurityGroup
          PrivateSubnet1:
            Type: AWS::EC2::Subnet
          Listener:
            Type: AWS::ElasticLoadBalancingV2::Listener
          Recorder:
            Type: AWS::Config::ConfigurationRecorder
          Db:
            Type: AWS::RDS::DBCluster
            Properties:
              MasterUserPassword: '{{resolve:secretsmanager:db-secret:SecretString:password}}'
        """;
    assertThat(CATALOG.findInText(yaml))
        .containsExactly(
            "S3", "CloudWatch Logs", "EC2", "VPC", "ELB", "Config", "RDS", "Secrets Manager");
  }

  @Test
  void findsServicesInTerraform() {
    String hcl =
        """
        resource "aws_kinesis_firehose_delivery_stream" "s" {}
        resource "aws_cloudwatch_log_group" "lg" { retention_in_days = 7 }
        resource "aws_lb_target_group" "tg" { vpc_id = aws_vpc.main.id }
        resource "aws_security_group" "sg" {}
        resource "aws_iam_role" "r" { assume_role_policy = data.aws_iam_policy_document.a.json }
        resource "aws_config_config_rule" "c" {}
        resource "aws_backup_plan" "b" {}
        resource "aws_wafv2_web_acl" "w" {}
        resource "aws_ssm_parameter" "p" {}
        resource "aws_appautoscaling_target" "t" {}
        resource "aws_sfn_state_machine" "m" {}
        """;
    assertThat(CATALOG.findInText(hcl))
        .containsExactly(
            "Kinesis Firehose",
            "CloudWatch Logs",
            "ELB",
            "VPC",
            "EC2",
            "IAM",
            "Config",
            "Backup",
            "WAF",
            "SSM",
            "Auto Scaling",
            "Step Functions");
  }

  @Test
  void findsServicesInCdkTypeScript() {
    String ts =
        """
        import * as ec2 from 'aws-cdk-lib/aws-ec2';
        const vpc = new ec2.Vpc(this, 'Vpc', { maxAzs: 2 });
        const sg = new ec2.SecurityGroup(this, 'Sg', { vpc });
        const fn = new lambda.Function(this, 'Fn', {});
        new logs.LogGroup(this, 'Logs', {});
        new config.ManagedRule(this, 'Rule', {});
        new backup.BackupPlan(this, 'Plan');
        new sfn.StateMachine(this, 'Machine', {});
        """;
    // The import of aws-ec2 is EC2's first mention; ec2.Vpc is VPC, ec2.SecurityGroup EC2.
    assertThat(CATALOG.findInText(ts))
        .containsExactly(
            "EC2", "VPC", "Lambda", "CloudWatch Logs", "Config", "Backup", "Step Functions");
    assertThat(CATALOG.findInText("new ec2.Vpc(this, 'Vpc', {})")).containsExactly("VPC");
  }

  @Test
  void findsServicesInPulumiPython() {
    String py =
        """
        import pulumi
        import pulumi_aws as aws
        config = pulumi.Config()
        bucket = aws.s3.BucketV2("logs")
        stream = aws.kinesis.FirehoseDeliveryStream("s")
        group = aws.cloudwatch.LogGroup("lg", retention_in_days=7)
        rule = aws.cloudwatch.EventRule("r")
        alarm = aws.cloudwatch.MetricAlarm("a")
        policy = bucket.arn.apply(lambda arn: json.dumps({"Resource": arn}))
        """;
    assertThat(CATALOG.findInText(py))
        .containsExactly("S3", "Kinesis Firehose", "CloudWatch Logs", "EventBridge", "CloudWatch");
  }

  @Test
  void findsServicesInCdktfAndCdkPython() {
    assertThat(
            CATALOG.findInText(
                "new S3Bucket(this, 'b'); new CloudwatchLogGroup(this, 'lg'); new Lb(this, 'lb');"
                    + " new VpcSecurityGroupIngressRule(this, 'r'); new NatGateway(this, 'n');"))
        .containsExactly("S3", "CloudWatch Logs", "ELB", "EC2", "VPC");
    assertThat(
            CATALOG.findInText(
                "from aws_cdk import aws_dynamodb as dynamodb\n"
                    + "table = dynamodb.Table(self, 'T')\n"
                    + "fn = _lambda.Function(self, 'F')\n"
                    + "ecs_patterns.ApplicationLoadBalancedFargateService(self, 'S')"))
        .containsExactly("DynamoDB", "Lambda", "ECS");
  }

  // ------------------------------------------------------------------ robustness

  @Test
  void handlesEmptyAndNullText() {
    assertThat(CATALOG.findInText(null)).isEmpty();
    assertThat(CATALOG.findInText("")).isEmpty();
    assertThat(CATALOG.findInText("S3")).containsExactly("S3");
  }

  @Test
  void scansLargeAndAdversarialInputQuickly() {
    Random random = new Random(7);
    // Names, fragments of names and separator runs, so the trie walk branches and backs off a lot.
    String[] words =
        ("S3|bucket|aws_s3_|CloudWatch|Logs|lambda|x:|config|AWS|Config|---|___|   |\n|"
                + "Secrets|Manager|ec2.|Vpc|AWS::|IAMRole|é")
            .split("\\|");
    StringBuilder sb = new StringBuilder();
    while (sb.length() < 2_000_000) {
      sb.append(words[random.nextInt(words.length)]).append(random.nextBoolean() ? " " : "");
    }
    List<String> inputs =
        List.of(
            sb.toString(),
            "aws_".repeat(500_000),
            "a-".repeat(1_000_000),
            "Secrets" + " ".repeat(1_000_000) + "Manager",
            "lambda ".repeat(300_000) + ":",
            "AWS Config ".repeat(200_000));
    assertTimeoutPreemptively(
        Duration.ofSeconds(20),
        () -> {
          for (String input : inputs) {
            CATALOG.findInText(input);
          }
        });
    assertThat(CATALOG.findInText(sb.toString())).contains("S3", "CloudWatch Logs", "IAM");
  }

  @Test
  void isSafeToShareBetweenThreads() {
    List<String> texts =
        IntStream.range(0, 2_000)
            .mapToObj(i -> i % 2 == 0 ? "an S3 bucket and a KMS key " + i : "VPC Flow Logs " + i)
            .toList();
    List<List<String>> sequential = texts.stream().map(CATALOG::findInText).toList();
    List<List<String>> parallel = texts.parallelStream().map(CATALOG::findInText).toList();
    assertThat(parallel).isEqualTo(sequential);
  }
}
