package dev.userwhisperer.local.bus;

import dev.userwhisperer.core.message.PipelineMessage;

/** A pipeline message for the bus tests: the n-th note to one user. */
record Note(String topic, String id, String appId, String userId, int n)
    implements PipelineMessage {
  static Note of(String userId, int n) {
    return new Note("notes", userId + "-" + n, "app", userId, n);
  }
}
