package dev.userwhisperer.gcp;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.WriteBatch;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.message.Channel;
import dev.userwhisperer.core.port.ConsentTrail;
import dev.userwhisperer.core.profile.ConsentRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * {@link ConsentTrail} on Firestore: each record at {@code
 * apps/{app}/users/{user}/consent/{recordId}} (created, never overwritten), each suppression at
 * {@code apps/{app}/suppressions/{channel}:{pseudonym}} with no user id.
 */
final class FirestoreConsentTrail implements ConsentTrail {
  static final String COLLECTION = "consent";
  static final String SUPPRESSIONS = "suppressions";
  static final String JSON = "json";
  static final String AT = "at";

  private final Firestore firestore;

  FirestoreConsentTrail(Firestore firestore) {
    this.firestore = firestore;
  }

  @Override
  public void append(List<ConsentRecord> records) {
    for (ConsentRecord r : records) {
      // create, not set: a record already held stays exactly as first written
      FirestoreCalls.create(
          trail(r.appId(), r.userId())
              .document(DocumentIds.escape(r.recordId()))
              .create(Map.of(JSON, Json.encodeToString(r), AT, FirestoreCalls.timestamp(r.at()))),
          "recording consent " + r.recordId());
    }
  }

  @Override
  public List<ConsentRecord> list(String appId, String userId) {
    return FirestoreCalls.await(trail(appId, userId).get(), "reading a consent trail")
        .getDocuments()
        .stream()
        .map(
            d ->
                Json.decode(
                    d.getString(JSON).getBytes(StandardCharsets.UTF_8), ConsentRecord.class))
        .sorted(Comparator.comparing(ConsentRecord::at).thenComparing(ConsentRecord::recordId))
        .toList();
  }

  @Override
  public void suppress(String appId, Channel channel, String addressPseudonym, Instant at) {
    WriteBatch batch = firestore.batch();
    batch.set(
        suppression(appId, channel, addressPseudonym),
        Map.of("channel", channel.wireName(), "suppressedAt", FirestoreCalls.timestamp(at)));
    FirestoreCalls.await(batch.commit(), "keeping a suppression of " + appId);
  }

  @Override
  public boolean suppressed(String appId, Channel channel, String addressPseudonym) {
    return FirestoreCalls.await(
            suppression(appId, channel, addressPseudonym).get(), "reading a suppression")
        .exists();
  }

  static CollectionReference trail(Firestore firestore, String appId, String userId) {
    return firestore
        .collection("apps")
        .document(DocumentIds.escape(appId))
        .collection("users")
        .document(DocumentIds.escape(userId))
        .collection(COLLECTION);
  }

  private CollectionReference trail(String appId, String userId) {
    return trail(firestore, appId, userId);
  }

  private DocumentReference suppression(String appId, Channel channel, String pseudonym) {
    return firestore
        .collection("apps")
        .document(DocumentIds.escape(appId))
        .collection(SUPPRESSIONS)
        .document(DocumentIds.escape(channel.wireName() + ":" + pseudonym));
  }
}
