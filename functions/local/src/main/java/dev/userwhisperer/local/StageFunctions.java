package dev.userwhisperer.local;

import dev.userwhisperer.core.feedback.FeedbackRequest;
import dev.userwhisperer.core.feedback.FeedbackResponse;
import dev.userwhisperer.core.ingest.IngestRequest;
import dev.userwhisperer.core.ingest.IngestResponse;
import dev.userwhisperer.core.ingest.SegmentRequest;
import dev.userwhisperer.core.message.Decision;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.message.Signal;
import dev.userwhisperer.core.message.UserEventBatch;
import dev.userwhisperer.telemetry.StageObserver;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.stereotype.Component;

/**
 * The stage functions, looked up by name in Spring Cloud Function's catalog (the same names the
 * Cloud Functions deployables use). A missing stage fails the start, not the first message. The
 * HTTP stages come wrapped in a server span and their request meters ({@link StageObserver}); the
 * bus stages are observed where they are connected ({@code PipelineWiring}).
 */
@Component
public class StageFunctions {
  private final FunctionCatalog catalog;
  private final StageObserver observer;

  StageFunctions(FunctionCatalog catalog, StageObserver observer) {
    this.catalog = catalog;
    this.observer = observer;
  }

  public Function<IngestRequest, IngestResponse> ingest() {
    return served("ingest");
  }

  public Function<SegmentRequest, IngestResponse> segmentIngest() {
    return served("segmentIngest");
  }

  public Function<FeedbackRequest, FeedbackResponse> feedback() {
    Function<FeedbackRequest, FeedbackResponse> stage = function("feedback");
    return request ->
        observer.serve(
            "feedback",
            FeedbackResponse::status,
            FeedbackResponse::body,
            () -> stage.apply(request));
  }

  private <I> Function<I, IngestResponse> served(String name) {
    Function<I, IngestResponse> stage = function(name);
    return request ->
        observer.serve(
            name, IngestResponse::status, IngestResponse::body, () -> stage.apply(request));
  }

  public Function<UserEventBatch, List<Signal>> analyze() {
    return function("analyze");
  }

  public Function<Signal, List<Decision>> decide() {
    return function("decide");
  }

  public Function<Decision, List<OutboundMessage>> compose() {
    return function("compose");
  }

  public Consumer<OutboundMessage> deliver() {
    Consumer<OutboundMessage> deliver = catalog.lookup(Consumer.class, "deliver");
    if (deliver == null) {
      throw new IllegalStateException("no function bean named deliver in the catalog");
    }
    return deliver;
  }

  @SuppressWarnings("unchecked")
  private <I, O> Function<I, O> function(String name) {
    Function<I, O> function = catalog.lookup(Function.class, name);
    if (function == null) {
      throw new IllegalStateException("no function bean named " + name + " in the catalog");
    }
    return function;
  }
}
