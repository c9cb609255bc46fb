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
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Function;
import org.springframework.cloud.function.context.FunctionCatalog;
import org.springframework.stereotype.Component;

/**
 * The stage functions, looked up by name in Spring Cloud Function's catalog (the same names the
 * Cloud Functions deployables use). A missing stage fails the start, not the first message.
 */
@Component
public class StageFunctions {
  private final FunctionCatalog catalog;

  StageFunctions(FunctionCatalog catalog) {
    this.catalog = catalog;
  }

  public Function<IngestRequest, IngestResponse> ingest() {
    return function("ingest");
  }

  public Function<SegmentRequest, IngestResponse> segmentIngest() {
    return function("segmentIngest");
  }

  public Function<FeedbackRequest, FeedbackResponse> feedback() {
    return function("feedback");
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
