package io.modelfailures.pipeline;

import org.apache.hadoop.conf.Configuration;

/**
 * Hadoop configurations for Parquet readers and writers, each a copy of one loaded default.
 *
 * <p>Consumes nothing; emits a fresh {@link Configuration} per call. A new {@code Configuration}
 * parses Hadoop's default XML resources the first time it is read, and Parquet reads one for every
 * file it opens: that parsing was a tenth of a small run's CPU. A copy of a loaded configuration
 * copies its properties instead. Each file still gets its own copy, so no writer sees another's
 * changes.
 */
public final class ParquetConfiguration {

  private ParquetConfiguration() {}

  private static final class Loaded {
    static final Configuration BASE = load();

    private static Configuration load() {
      Configuration c = new Configuration();
      c.size(); // forces the default resources to be parsed, once
      return c;
    }
  }

  /** A copy of the loaded default configuration. */
  public static Configuration copy() {
    return new Configuration(Loaded.BASE);
  }
}
