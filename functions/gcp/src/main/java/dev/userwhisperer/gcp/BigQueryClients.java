package dev.userwhisperer.gcp;

import com.google.cloud.NoCredentials;
import com.google.cloud.bigquery.BigQuery;
import com.google.cloud.bigquery.BigQueryOptions;

/**
 * Makes the BigQuery client: Google Cloud, or a local stub of its REST API when a host is given.
 */
public final class BigQueryClients {
  private BigQueryClients() {}

  /**
   * @param host e.g. {@code http://127.0.0.1:9050}; null or blank for Google Cloud with Application
   *     Default Credentials. There is no BigQuery emulator: the host serves tests with a stub.
   */
  public static BigQuery of(String projectId, String host) {
    BigQueryOptions.Builder options = BigQueryOptions.newBuilder().setProjectId(projectId);
    if (host != null && !host.isBlank()) {
      options.setHost(host).setCredentials(NoCredentials.getInstance());
    }
    return options.build().getService();
  }
}
