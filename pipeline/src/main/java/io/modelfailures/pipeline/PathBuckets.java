package io.modelfailures.pipeline;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Keys for joins by source path: a fixed number of buckets instead of one key per path.
 *
 * <p>On the Direct runner each key of a grouping is a timer, a bundle and an evaluator of its own,
 * so a join keyed by path costs about as much per document as parsing it. A join keyed by {@link
 * #of} groups a bucket's rows together; {@link #byPath} then splits them by path, in path order.
 */
final class PathBuckets {

  static final int BUCKETS = 16;

  private PathBuckets() {}

  /** The bucket of a path: stable across runs and JVMs (String.hashCode is specified). */
  static int of(String path) {
    return Math.floorMod(path.hashCode(), BUCKETS);
  }

  /** The rows of one bucket, grouped by their path, paths in order. */
  static <T> Map<String, List<T>> byPath(Iterable<T> rows, Function<T, String> path) {
    Map<String, List<T>> out = new TreeMap<>();
    for (T r : rows) {
      out.computeIfAbsent(path.apply(r), p -> new ArrayList<>()).add(r);
    }
    return out;
  }
}
