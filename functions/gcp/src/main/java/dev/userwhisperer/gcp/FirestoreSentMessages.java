package dev.userwhisperer.gcp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.FieldPath;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QuerySnapshot;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.MessageProgress;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.SentMessages;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * {@link SentMessages} on Firestore: {@code sent_messages/{outboundId}}, the message as JSON with
 * {@code appId}, {@code sentAt}, its furthest {@code status} ({@link MessageProgress}) and {@code
 * statusAt}, the first time of each status recorded ({@code statusAt.opened} is the first open).
 * Recording a outboundId again overwrites it: a redelivered message is the same message.
 */
final class FirestoreSentMessages implements SentMessages {
  static final String COLLECTION = "sent_messages";
  static final String JSON = "json";
  static final String CHANNEL = "channel";
  static final String TO = "to";
  static final String APP_ID = "appId";
  static final String STATUS = "status";
  static final String SENT_AT = "sentAt";
  static final String STATUS_AT = "statusAt";

  private final Firestore firestore;

  FirestoreSentMessages(Firestore firestore) {
    this.firestore = firestore;
  }

  void record(OutboundMessage message, Delivery delivery) {
    record(message, delivery.status(), delivery.at());
  }

  void record(OutboundMessage message, String status, Instant at) {
    FirestoreCalls.await(
        document(message.outboundId())
            .set(
                Map.of(
                    JSON,
                    Json.encodeToString(message),
                    APP_ID,
                    message.appId(),
                    CHANNEL,
                    message.channel().wireName(),
                    TO,
                    message.to(),
                    STATUS,
                    status,
                    STATUS_AT,
                    Map.of(status, FirestoreCalls.timestamp(at)),
                    SENT_AT,
                    FirestoreCalls.timestamp(at))),
        "recording sent message " + message.outboundId());
  }

  /**
   * Records that the message reached {@code status} at {@code at}, in one transaction: the
   * document's status moves forward only ({@link MessageProgress#furthest}), and the first time of
   * each status is kept, so a redelivered webhook or a second hit of a link changes nothing (and
   * writes nothing).
   *
   * @return false when no message has that id
   */
  boolean progress(String outboundId, String status, Instant at) {
    DocumentReference document = document(outboundId);
    return FirestoreCalls.await(
        firestore.runTransaction(
            transaction -> {
              DocumentSnapshot snapshot = transaction.get(document).get();
              if (!snapshot.exists()) {
                return false;
              }
              String current = snapshot.getString(STATUS);
              String next = MessageProgress.furthest(current, status);
              boolean firstOfItsKind = snapshot.get(FieldPath.of(STATUS_AT, status)) == null;
              List<Object> changes = new ArrayList<>();
              if (!next.equals(current)) {
                changes.addAll(List.of(FieldPath.of(STATUS), next));
              }
              if (firstOfItsKind) {
                changes.addAll(
                    List.of(FieldPath.of(STATUS_AT, status), FirestoreCalls.timestamp(at)));
              }
              if (!changes.isEmpty()) {
                transaction.update(
                    document,
                    (FieldPath) changes.get(0),
                    changes.get(1),
                    changes.subList(2, changes.size()).toArray());
              }
              return true;
            }),
        "recording status " + status + " of sent message " + outboundId);
  }

  @Override
  public Optional<OutboundMessage> find(String outboundId) {
    DocumentSnapshot snapshot =
        FirestoreCalls.await(document(outboundId).get(), "reading sent message " + outboundId);
    return Optional.ofNullable(snapshot.getString(JSON))
        .map(json -> Json.decode(json.getBytes(StandardCharsets.UTF_8), OutboundMessage.class));
  }

  @Override
  public Optional<OutboundMessage> latestTo(Channel channel, String address) {
    QuerySnapshot found =
        FirestoreCalls.await(
            firestore
                .collection(COLLECTION)
                .whereEqualTo(TO, address)
                .whereEqualTo(CHANNEL, channel.wireName())
                .get(),
            "finding the latest message to an address");
    return found.getDocuments().stream()
        .max(java.util.Comparator.comparing(d -> d.getTimestamp(SENT_AT)))
        .map(
            d ->
                Json.decode(
                    d.getString(JSON).getBytes(StandardCharsets.UTF_8), OutboundMessage.class));
  }

  private DocumentReference document(String outboundId) {
    return firestore.collection(COLLECTION).document(DocumentIds.escape(outboundId));
  }
}
