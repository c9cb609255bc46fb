package dev.userwhisperer.gcp;

import com.google.cloud.firestore.CollectionReference;
import com.google.cloud.firestore.DocumentReference;
import com.google.cloud.firestore.DocumentSnapshot;
import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.WriteBatch;
import dev.userwhisperer.core.json.Json;
import dev.userwhisperer.core.port.PersonalDataStore;
import dev.userwhisperer.core.port.QuarantinedEvent;
import dev.userwhisperer.core.privacy.QuarantinedEvents;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.function.Function;

/**
 * Erases a user from the Firestore stores: the profile {@code apps/{app}/users/{user}} and its
 * {@code decisions} and {@code consent} subcollections (deleting a document leaves its
 * subcollections, so each is emptied; the scheduled checks go with the profile), ingest's {@code
 * ingest_dedup} claims of the user's events, the {@code delivery_ledger} and {@code sent_messages}
 * of the user's messages (they hold the address and the text), and the app's {@code quarantine}
 * documents about the user. Only documents that exist are counted.
 */
final class FirestorePersonalData implements PersonalDataStore {
  private static final int CHUNK = 400;

  private final Firestore firestore;

  FirestorePersonalData(Firestore firestore) {
    this.firestore = firestore;
  }

  @Override
  public List<Erased> erase(ErasureScope scope) {
    String app = scope.appId();
    String user = scope.userId();
    DocumentReference profile =
        firestore
            .collection("apps")
            .document(DocumentIds.escape(app))
            .collection("users")
            .document(DocumentIds.escape(user));
    List<Erased> erased = new ArrayList<>();
    erased.add(
        new Erased(
            "firestore.decisions", deleteAll(profile.collection(FirestoreDecisionLog.COLLECTION))));
    erased.add(
        new Erased(
            "firestore.consent", deleteAll(profile.collection(FirestoreConsentTrail.COLLECTION))));
    erased.add(new Erased("firestore.profiles", deleteExisting(List.of(profile))));
    erased.add(
        new Erased(
            "firestore.ingest_dedup",
            deleteExisting(
                refs(
                    scope.eventMessageIds(),
                    id ->
                        firestore
                            .collection(FirestoreIngestDedup.COLLECTION)
                            .document(DocumentIds.hashed(app, id))))));
    for (String collection :
        List.of(FirestoreDeliveryLedger.COLLECTION, FirestoreSentMessages.COLLECTION)) {
      erased.add(
          new Erased(
              "firestore." + collection,
              deleteExisting(
                  refs(
                      scope.outboundIds(),
                      id -> firestore.collection(collection).document(DocumentIds.escape(id))))));
    }
    erased.add(new Erased("firestore.quarantine", quarantine(app, user)));
    return erased;
  }

  private long quarantine(String appId, String userId) {
    CollectionReference quarantine =
        firestore
            .collection("apps")
            .document(DocumentIds.escape(appId))
            .collection(FirestoreQuarantine.COLLECTION);
    List<DocumentReference> about = new ArrayList<>();
    for (DocumentSnapshot d :
        FirestoreCalls.await(quarantine.get(), "reading the quarantine of " + appId)
            .getDocuments()) {
      String json = d.getString(FirestoreQuarantine.JSON);
      if (json != null
          && QuarantinedEvents.concerns(
              Json.decode(json.getBytes(StandardCharsets.UTF_8), QuarantinedEvent.class), userId)) {
        about.add(d.getReference());
      }
    }
    delete(about);
    return about.size();
  }

  private long deleteAll(CollectionReference collection) {
    List<DocumentReference> documents = new ArrayList<>();
    collection.listDocuments().forEach(documents::add);
    return deleteExisting(documents);
  }

  private long deleteExisting(List<DocumentReference> documents) {
    long existing = 0;
    for (int from = 0; from < documents.size(); from += CHUNK) {
      List<DocumentReference> chunk =
          documents.subList(from, Math.min(documents.size(), from + CHUNK));
      List<DocumentReference> found = new ArrayList<>();
      for (DocumentSnapshot d :
          FirestoreCalls.await(
              firestore.getAll(chunk.toArray(DocumentReference[]::new)), "reading for erasure")) {
        if (d.exists()) {
          found.add(d.getReference());
        }
      }
      delete(found);
      existing += found.size();
    }
    return existing;
  }

  private void delete(List<DocumentReference> documents) {
    for (int from = 0; from < documents.size(); from += CHUNK) {
      WriteBatch batch = firestore.batch();
      documents.subList(from, Math.min(documents.size(), from + CHUNK)).forEach(batch::delete);
      FirestoreCalls.await(batch.commit(), "erasing " + documents.size() + " documents");
    }
  }

  private static List<DocumentReference> refs(
      Collection<String> ids, Function<String, DocumentReference> ref) {
    return ids.stream().map(ref).toList();
  }
}
