package dev.userwhisperer.gcp;

import com.google.pubsub.v1.PublishRequest;
import com.google.pubsub.v1.PubsubMessage;
import com.google.pubsub.v1.ReceivedMessage;
import com.google.pubsub.v1.StreamingPullResponse;
import dev.userwhisperer.gcp.BillableOperations.Counter;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;

/**
 * Counts Pub/Sub's billed publish throughput on the wire: per publish request the sum of its
 * messages' sizes ({@link #size}), at least {@value #MINIMUM_PER_REQUEST} bytes; and the pull
 * worker's subscribe throughput: per streaming-pull response the same, for {@link
 * BillableOperations#PULL_WORKER}.
 */
final class PubSubMeter implements ClientInterceptor {
  static final long MINIMUM_PER_REQUEST = 1000;

  /** The timestamp Pub/Sub adds to every message and bills. */
  private static final long TIMESTAMP_BYTES = 20;

  private final BillableOperations operations;

  PubSubMeter(BillableOperations operations) {
    this.operations = operations;
  }

  /** A message's billed size: data, attribute keys and values, ordering key and timestamp. */
  static long size(PubsubMessage message) {
    long size = message.getData().size() + message.getOrderingKeyBytes().size() + TIMESTAMP_BYTES;
    for (var attribute : message.getAttributesMap().entrySet()) {
      size += attribute.getKey().length() + attribute.getValue().length();
    }
    return size;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    String stage = operations.stage();
    return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
      @Override
      public void sendMessage(Q message) {
        if (message instanceof PublishRequest request) {
          long bytes = request.getMessagesList().stream().mapToLong(PubSubMeter::size).sum();
          operations.add(stage, Counter.PUBLISH_REQUESTS, 1);
          operations.add(stage, Counter.PUBLISHED_MESSAGES, request.getMessagesCount());
          operations.add(
              stage, Counter.PUBLISHED_BILLABLE_BYTES, Math.max(MINIMUM_PER_REQUEST, bytes));
        }
        super.sendMessage(message);
      }

      @Override
      public void start(Listener<R> listener, Metadata headers) {
        super.start(
            new SimpleForwardingClientCallListener<>(listener) {
              @Override
              public void onMessage(R message) {
                if (message instanceof StreamingPullResponse response
                    && response.getReceivedMessagesCount() > 0) {
                  long bytes =
                      response.getReceivedMessagesList().stream()
                          .map(ReceivedMessage::getMessage)
                          .mapToLong(PubSubMeter::size)
                          .sum();
                  String worker = BillableOperations.PULL_WORKER;
                  operations.add(
                      worker, Counter.DELIVERED_MESSAGES, response.getReceivedMessagesCount());
                  operations.add(
                      worker,
                      Counter.DELIVERED_BILLABLE_BYTES,
                      Math.max(MINIMUM_PER_REQUEST, bytes));
                }
                super.onMessage(message);
              }
            },
            headers);
      }
    };
  }
}
