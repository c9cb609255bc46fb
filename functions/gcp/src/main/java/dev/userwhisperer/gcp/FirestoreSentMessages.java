package dev.userwhisperer.gcp;

import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.QuerySnapshot;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.message.Delivery;
import dev.userwhisperer.core.message.OutboundMessage;
import dev.userwhisperer.core.port.SentMessages;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Optional;

/**
 * {@link SentMessages} on Firestore: {@code sent_messages/{outboundId}}, the message as JSON with
 * {@code appId}, {@code status} and {@code sentAt} of its delivery. Recording a outboundId again
 * overwrites it: a redelivered message is the same message.
 */
final class FirestoreSentMessages implements SentMessages {
  static final String COLLECTION = "sent_messages";
  static final String JSON = "json";
  static final String CHANNEL = "channel";
  static final String TO = "to";
  static final String APP_ID = "appId";
  static final String STATUS = "status";
  static final String SENT_AT = "sentAt";

  private final Firestore firestore;

  FirestoreSentMessages(Firestore firestore) {
    this.firestore = firestore;
  }

  void record(OutboundMessage message, Delivery delivery) {
    record(message, delivery.status(), delivery.at());
  }

  void record(OutboundMessage message, String status, java.time.Instant at) {
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
                    SENT_AT,
                    FirestoreCalls.timestamp(at))),
        "recording sent message " + message.outboundId());
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
