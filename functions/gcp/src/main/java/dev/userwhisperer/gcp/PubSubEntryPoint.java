package dev.userwhisperer.gcp;

import com.google.cloud.functions.CloudEventsFunction;
import io.cloudevents.CloudEvent;

/**
 * The entry point of every topic-triggered function (analyze, decide, compose, deliver): the stage
 * named by {@value FunctionContext#DEFINITION}, run by {@link PubSubStage}, which holds the error
 * policy. Returning acknowledges the message; throwing makes Pub/Sub redeliver it.
 */
public final class PubSubEntryPoint implements CloudEventsFunction {
  private final String definition;
  private volatile PubSubStage stage;

  /** For the Functions Framework: the stage is {@value FunctionContext#DEFINITION}. */
  public PubSubEntryPoint() {
    this(FunctionContext.definition());
  }

  PubSubEntryPoint(String definition) {
    this.definition = definition;
  }

  @Override
  public void accept(CloudEvent event) {
    stage().handle(event);
  }

  private PubSubStage stage() {
    PubSubStage current = stage;
    if (current == null) {
      current = PubSubStage.of(definition, FunctionContext.get());
      stage = current;
    }
    return current;
  }
}
