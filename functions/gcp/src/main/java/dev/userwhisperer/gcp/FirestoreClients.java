package dev.userwhisperer.gcp;

import com.google.cloud.firestore.Firestore;
import com.google.cloud.firestore.FirestoreOptions;

/** Makes the Firestore client: Google Cloud, or the local emulator when a host is configured. */
public final class FirestoreClients {
  public static final String DEFAULT_DATABASE = "(default)";

  private FirestoreClients() {}

  /**
   * The {@code (default)} database of {@code projectId}; see {@link #of(String, String, String)}.
   */
  public static Firestore of(String projectId, String emulatorHost) {
    return of(projectId, DEFAULT_DATABASE, emulatorHost);
  }

  /**
   * @param databaseId the database, {@code FIRESTORE_DATABASE} in Terraform; null or blank for
   *     {@value #DEFAULT_DATABASE}
   * @param emulatorHost e.g. {@code 127.0.0.1:8080}; null or blank for Google Cloud with
   *     Application Default Credentials. On the emulator no credentials are set: the client then
   *     sends the emulator's owner token, which setting credentials would replace.
   */
  public static Firestore of(String projectId, String databaseId, String emulatorHost) {
    FirestoreOptions.Builder options =
        FirestoreOptions.newBuilder()
            .setProjectId(projectId)
            .setDatabaseId(
                databaseId == null || databaseId.isBlank() ? DEFAULT_DATABASE : databaseId);
    if (emulatorHost != null && !emulatorHost.isBlank()) {
      options.setEmulatorHost(emulatorHost);
    }
    return options.build().getService();
  }
}
