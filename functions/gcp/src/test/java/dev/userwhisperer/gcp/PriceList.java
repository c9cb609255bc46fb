package dev.userwhisperer.gcp;

import java.util.Map;

/**
 * The list prices a cost count is priced at: the one place they are kept, printed with their
 * sources under the generated table of docs/cost.md. Tier-1 regions (europe-west1), Firestore in
 * the multi-region eur3 that Terraform's environments use, no free tiers, no committed-use
 * discounts.
 */
record PriceList(
    String readOn,
    double invocationPerMillion,
    double vcpuSecond,
    double gibSecond,
    double firestoreReadPerMillion,
    double firestoreWritePerMillion,
    double firestoreDeletePerMillion,
    double pubSubThroughputPerTib,
    double bigQuerySubscriptionPerTib,
    double streamingInsertPerGb,
    long streamingInsertMinimumRowBytes,
    double storageWriteApiPerGib,
    Map<String, String> sources) {

  static final double TIB = 1024.0 * 1024 * 1024 * 1024;
  static final double GIB = 1024.0 * 1024 * 1024;
  static final double GB = 1e9;

  static final PriceList LIST =
      new PriceList(
          "2026-12-07",
          0.40,
          0.000024,
          0.0000025,
          0.60,
          1.80,
          0.20,
          40.0,
          50.0,
          0.05,
          1024,
          0.025,
          Map.of(
              "Cloud Run functions (gen2, billed as Cloud Run, tier 1): $0.40 per million"
                  + " invocations, $0.000024 per vCPU-second, $0.0000025 per GiB-second",
              "https://cloud.google.com/functions/pricing",
              "Firestore eur3: $0.06 / 100k document reads, $0.18 / 100k writes, $0.02 / 100k"
                  + " deletes",
              "https://cloud.google.com/firestore/pricing",
              "Pub/Sub: $40 per TiB of throughput (publish and each delivery), at least 1,000 bytes"
                  + " per publish or push request; BigQuery subscriptions $50 per TiB",
              "https://cloud.google.com/pubsub/pricing",
              "BigQuery: streaming inserts (insertAll) $0.01 per 200 MB with a 1 KB minimum per row;"
                  + " Storage Write API $0.025 per GiB",
              "https://cloud.google.com/bigquery/pricing#data_ingestion_pricing"));

  /** Memory per vCPU of a stage's instances (terraform/modules/platform/catalog.tf), in GiB. */
  static double memoryGib(String stage) {
    return switch (stage) {
      case "ingest", "analyze" -> 1.0;
      default -> 0.5;
    };
  }
}
