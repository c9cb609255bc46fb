package dev.userwhisperer.core.message;

/** A message between stages: it knows its topic, its id and its ordering key (app/user). */
public interface PipelineMessage {
  String topic();

  /** Stable id: the same input always yields the same id, so redeliveries can be recognised. */
  String id();

  String appId();

  String userId();

  default String orderingKey() {
    return appId() + "/" + userId();
  }
}
