package io.leadflow.platform.streams;

/** Whether code runs on a Kafka Streams global thread (the one that keeps GlobalKTables and global stores). */
final class GlobalThreads {

  private GlobalThreads() {}

  static boolean isCurrent() {
    // Kafka names it "<client id>-GlobalStreamThread"; its class is internal, so the name is the stable part.
    return Thread.currentThread().getName().endsWith("-GlobalStreamThread");
  }
}
