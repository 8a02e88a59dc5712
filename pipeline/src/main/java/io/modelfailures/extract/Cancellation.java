package io.modelfailures.extract;

/**
 * Cooperative cancellation of an extraction that has run out of time.
 *
 * <p>The pipeline runs each extraction on a worker thread and interrupts it when the document's
 * time budget is spent. The extraction's loops call {@link #check()}, which reads the thread's
 * interrupt flag (a cheap volatile read) and throws {@link Cancelled} when it is set, so that an
 * abandoned extraction stops at its next check instead of running on. The CommonMark parse itself
 * has no such checks: an interrupted parse runs to its end, and its result is discarded.
 */
public final class Cancellation {

  private Cancellation() {}

  /** Throws {@link Cancelled} when the current thread has been interrupted. */
  public static void check() {
    if (Thread.currentThread().isInterrupted()) {
      throw new Cancelled();
    }
  }

  /** The extraction was cancelled: its thread was interrupted. */
  public static final class Cancelled extends RuntimeException {
    private static final long serialVersionUID = 1L;

    Cancelled() {
      super("extraction cancelled: its thread was interrupted", null, false, false);
    }
  }
}
