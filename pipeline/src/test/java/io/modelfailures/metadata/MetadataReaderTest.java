package io.modelfailures.metadata;

import static org.assertj.core.api.Assertions.assertThat;

import io.modelfailures.catalog.ServiceCatalog;
import org.junit.jupiter.api.Test;

class MetadataReaderTest {

  private final MetadataReader reader = new MetadataReader(ServiceCatalog.loadDefault());
  private static final String PATH = "corpus/cdk-ts/Pr1/lib/MODEL_FAILURES.md";

  @Test
  void cleanMetadata() {
    TaskMetadata m =
        reader.read(
            "{\"platform\":\"cdk\",\"language\":\"ts\",\"complexity\":\"hard\",\"subtask\":\"x\","
                + "\"aws_services\":[\"Amazon S3\",\"AWS Lambda\"],\"training_quality\":8}",
            PATH);
    assertThat(m.platform()).isEqualTo("cdk");
    assertThat(m.services()).containsExactly("S3", "Lambda");
    assertThat(m.trainingQuality()).isEqualTo(8.0);
    assertThat(m.problems()).isEmpty();
  }

  @Test
  void dirtyValuesAreNormalisedOrReported() {
    TaskMetadata m =
        reader.read(
            "{\"platform\":\"cloudformation\",\"language\":\"python\",\"complexity\":\"moderate\","
                + "\"aws_services\":\"S3, KMS\",\"training_quality\":\"9\"}",
            PATH);
    assertThat(m.platform()).isEqualTo("cfn");
    assertThat(m.language()).isEqualTo("py");
    assertThat(m.complexity()).isEqualTo("medium");
    assertThat(m.services()).containsExactly("S3", "KMS");
    assertThat(m.trainingQuality()).isEqualTo(9.0);
    assertThat(m.problems())
        .extracting(TaskMetadata.Problem::field)
        .containsExactly("complexity", "aws_services", "training_quality");
  }

  @Test
  void unusableValuesStayNull() {
    TaskMetadata m = reader.read("{\"aws_services\":7,\"training_quality\":\"high\"}", PATH);
    assertThat(m.trainingQuality()).isNull();
    assertThat(m.trainingQualityRaw()).isEqualTo("high");
    assertThat(m.services()).isEmpty();
    assertThat(m.problems()).hasSize(2);
    // Platform and language fall back to the folder name.
    assertThat(m.platform()).isEqualTo("cdk");
    assertThat(m.language()).isEqualTo("ts");
  }

  @Test
  void malformedJsonAndArraysAreProblemsNotCrashes() {
    assertThat(reader.read("{\"platform\": \"tf\", \"language\": ", PATH).problems())
        .extracting(TaskMetadata.Problem::expected)
        .containsExactly("valid JSON");
    assertThat(reader.read("[1,2]", PATH).problems())
        .extracting(TaskMetadata.Problem::expected)
        .containsExactly("a JSON object");
    assertThat(reader.read(null, PATH).problems()).isEmpty();
  }
}
