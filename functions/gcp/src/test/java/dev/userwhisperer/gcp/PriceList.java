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

  /**
   * Cloud Run instance-based billing, tier 1: the pull worker's instances are billed for their
   * whole life, with no per-request fee.
   */
  static final double INSTANCE_VCPU_SECOND = 0.000018;

  static final double INSTANCE_GIB_SECOND = 0.000002;

  /**
   * The share of its vCPUs a pull worker instance uses at steady load: Cloud Run scales out at 60 %
   * CPU, so the instances billed are the CPU used divided by this.
   */
  static final double WORKER_CPU_UTILIZATION = 0.6;

  /** The pull worker's memory per vCPU (terraform/modules/analyze_worker: 2 vCPU, 2 GiB). */
  static final double WORKER_MEMORY_GIB = 1.0;

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
              "Cloud Run services with instance-based billing (tier 1): $0.000018 per vCPU-second,"
                  + " $0.000002 per GiB-second, no per-request fee; autoscaling at 60 % CPU",
              "https://cloud.google.com/run/pricing",
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
