package io.modelfailures.pipeline;

import java.io.Serializable;
import org.apache.beam.sdk.transforms.DoFn;
import org.apache.beam.sdk.values.PCollectionView;

/**
 * A side input read once per bundle instead of once per element.
 *
 * <p>Holds a {@link PCollectionView}; {@link #get} returns its value, read through the first
 * element's context after {@link #reset} (call it from {@code @StartBundle}). The Direct runner
 * builds a map or list view from its whole contents on every {@code sideInput()} call, so a step
 * that looks every element up in a corpus-wide view was quadratic in the corpus. A view's value is
 * fixed for the global window, so one read per bundle is enough on any runner.
 */
final class BundleSideInput<T> implements Serializable {

  private final PCollectionView<T> view;
  private transient T value;

  BundleSideInput(PCollectionView<T> view) {
    this.view = view;
  }

  PCollectionView<T> view() {
    return view;
  }

  void reset() {
    value = null;
  }

  T get(DoFn<?, ?>.ProcessContext c) {
    if (value == null) {
      value = c.sideInput(view);
    }
    return value;
  }
}
