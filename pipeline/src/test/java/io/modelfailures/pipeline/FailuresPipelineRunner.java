package io.modelfailures.pipeline;

import java.nio.file.Path;

/** Lets tests in other packages run the whole job, as {@code scripts/run.sh} would. */
public final class FailuresPipelineRunner {

  private FailuresPipelineRunner() {}

  /** Runs on sample-data into {@code out}; returns the exit status. */
  public static int runSampleData(Path out) {
    return FailuresPipeline.mainStatus(
        new String[] {"--input=" + TestPaths.sampleData(), "--output=" + out});
  }
}
