package io.modelfailures.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quality gate end to end: exit status, published tables and the manifest's record. */
class GateTest {

  @TempDir Path tmp;

  private int run(String gateJson, Path out) throws Exception {
    Path gate = tmp.resolve("gate-" + out.getFileName() + ".json");
    Files.writeString(gate, gateJson);
    return FailuresPipeline.mainStatus(
        new String[] {"--input=" + TestPaths.sampleData(), "--output=" + out, "--gate=" + gate});
  }

  @Test
  void failingGateStillWritesTablesAndExitsThree() throws Exception {
    Path out = tmp.resolve("strict");
    int status =
        run("{\"rules\": {\"empty-document\": {\"maxCount\": 0}}, \"maxQuarantined\": 0}", out);
    assertThat(status).isEqualTo(FailuresPipeline.EXIT_GATE_FAILED);
    assertThat(TestPaths.rows(out, "documents")).isNotEmpty();
    JsonNode gate = new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).get("gate");
    assertThat(gate.get("passed").asBoolean()).isFalse();
    assertThat(gate.get("checks"))
        .anyMatch(
            c ->
                c.get("threshold").asText().equals("maxQuarantined")
                    && !c.get("passed").asBoolean()
                    && c.get("actual").asDouble() == 3.0);
  }

  @Test
  void passingGateExitsZero() throws Exception {
    Path out = tmp.resolve("lenient");
    int status = run("{\"minParsedRate\": 0.5, \"maxQuarantined\": 5}", out);
    assertThat(status).isEqualTo(FailuresPipeline.EXIT_OK);
    JsonNode gate = new ObjectMapper().readTree(out.resolve("manifest.json").toFile()).get("gate");
    assertThat(gate.get("passed").asBoolean()).isTrue();
  }

  @Test
  void malformedGateIsAUsageError() throws Exception {
    Path out = tmp.resolve("bad");
    assertThat(run("{\"rules\": {\"nope\": {}}}", out)).isEqualTo(FailuresPipeline.EXIT_USAGE);
    assertThat(out).doesNotExist();
  }
}
