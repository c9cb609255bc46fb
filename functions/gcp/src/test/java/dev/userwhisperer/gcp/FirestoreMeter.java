package dev.userwhisperer.gcp;

import com.google.firestore.v1.BatchGetDocumentsResponse;
import com.google.firestore.v1.BatchWriteRequest;
import com.google.firestore.v1.CommitRequest;
import com.google.firestore.v1.Document;
import com.google.firestore.v1.RunAggregationQueryResponse;
import com.google.firestore.v1.RunQueryResponse;
import com.google.firestore.v1.Write;
import dev.userwhisperer.gcp.BillableOperations.Counter;
import io.grpc.CallOptions;
import io.grpc.Channel;
import io.grpc.ClientCall;
import io.grpc.ClientInterceptor;
import io.grpc.ForwardingClientCall.SimpleForwardingClientCall;
import io.grpc.ForwardingClientCallListener.SimpleForwardingClientCallListener;
import io.grpc.Metadata;
import io.grpc.MethodDescriptor;
import io.grpc.Status;
import java.util.List;

/**
 * Counts Firestore's billed operations on the wire, as the price list bills them: a document read
 * for each document a get or query returns (a get of a missing document and a query that returns
 * nothing are billed one read each), a write for each write of a commit, a delete for each delete.
 * Begin and rollback of a transaction are free.
 */
final class FirestoreMeter implements ClientInterceptor {
  private final BillableOperations operations;

  FirestoreMeter(BillableOperations operations) {
    this.operations = operations;
  }

  @Override
  public <Q, R> ClientCall<Q, R> interceptCall(
      MethodDescriptor<Q, R> method, CallOptions options, Channel next) {
    String stage = operations.stage();
    boolean query = "RunQuery".equals(method.getBareMethodName());
    return new SimpleForwardingClientCall<>(next.newCall(method, options)) {
      private long returned;

      @Override
      public void sendMessage(Q message) {
        List<Write> writes =
            message instanceof CommitRequest commit
                ? commit.getWritesList()
                : message instanceof BatchWriteRequest batch ? batch.getWritesList() : List.of();
        for (Write write : writes) {
          operations.add(
              stage, write.hasDelete() ? Counter.FIRESTORE_DELETES : Counter.FIRESTORE_WRITES, 1);
        }
        super.sendMessage(message);
      }

      @Override
      public void start(Listener<R> listener, Metadata headers) {
        super.start(
            new SimpleForwardingClientCallListener<>(listener) {
              @Override
              public void onMessage(R message) {
                boolean read =
                    message instanceof BatchGetDocumentsResponse r
                        ? r.hasFound() || r.hasMissing()
                        : message instanceof RunQueryResponse q
                            ? q.hasDocument()
                            : message instanceof RunAggregationQueryResponse a
                                ? a.hasResult()
                                : message instanceof Document;
                if (read) {
                  returned++;
                  operations.add(stage, Counter.FIRESTORE_READS, 1);
                }
                super.onMessage(message);
              }

              @Override
              public void onClose(Status status, Metadata trailers) {
                if (query && returned == 0 && status.isOk()) {
                  operations.add(stage, Counter.FIRESTORE_READS, 1);
                }
                super.onClose(status, trailers);
              }
            },
            headers);
      }
    };
  }
}
