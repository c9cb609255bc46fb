-- BigQuery only: run every hour by a scheduled query (BigQuery Data Transfer Service,
-- terraform/modules/bigquery). Appends to the typed events table (schemas/events.json,
-- partitioned on event_time, clustered on app_id, user_id) one row per event of the UserEventBatch
-- messages that the Pub/Sub BigQuery subscription landed in events_raw (hour-partitioned on
-- publish_time) in the hour that closed an hour before @run_time: each raw row is parsed once,
-- and an hour of slack lets the subscription finish writing the hour first.
-- SAFE.TIMESTAMP: an instant BigQuery cannot hold (e.g. nanoseconds) reads as NULL, and the event,
-- whose event_time the table requires, is left out rather than failing the whole hour.
-- Once per (app_id, message_id): ingest keeps no per-event dedup on Google Cloud, so a client's
-- retry lands its events again, as does a redelivery to the subscription (docs/cost.md). Copies in
-- the same hour keep the first landed; a copy of an event already appended with an event_time in
-- the day before the run (a retry across the hour, or this hour run again) is not appended again.
-- Older copies can still land twice, which is why the views count DISTINCT message_id.
-- A tombstoned user's events are left out (docs/privacy.md): rows of an erased user still in
-- events_raw's streaming buffer, which the erasure could not delete yet, never reach events.
-- Both reads filter on their table's partition column with constants (@run_time), as the tables'
-- require_partition_filter demands, so a run reads one hour of events_raw and a day of events.
INSERT INTO events (app_id, message_id, user_id, anonymous_id, type, event_time, received_at,
  properties, traits, context)
WITH landed AS (
  SELECT
    JSON_VALUE(r.data, '$.appId') AS app_id,
    JSON_VALUE(e, '$.messageId') AS message_id,
    JSON_VALUE(r.data, '$.userId') AS user_id,
    JSON_VALUE(e, '$.anonymousId') AS anonymous_id,
    JSON_VALUE(e, '$.type') AS type,
    SAFE.TIMESTAMP(JSON_VALUE(e, '$.timestamp')) AS event_time,
    SAFE.TIMESTAMP(COALESCE(JSON_VALUE(e, '$.receivedAt'), JSON_VALUE(e, '$.timestamp'))) AS received_at,
    JSON_QUERY(e, '$.properties') AS properties,
    JSON_QUERY(e, '$.traits') AS traits,
    JSON_QUERY(e, '$.context') AS context,
    r.publish_time
  FROM events_raw AS r
  CROSS JOIN UNNEST(JSON_QUERY_ARRAY(r.data, '$.events')) AS e
  WHERE r.publish_time >= TIMESTAMP_SUB(TIMESTAMP_TRUNC(@run_time, HOUR), INTERVAL 2 HOUR)
    AND r.publish_time < TIMESTAMP_SUB(TIMESTAMP_TRUNC(@run_time, HOUR), INTERVAL 1 HOUR)
)
SELECT
  l.app_id,
  l.message_id,
  l.user_id,
  l.anonymous_id,
  l.type,
  l.event_time,
  l.received_at,
  l.properties,
  l.traits,
  l.context
FROM landed AS l
WHERE l.app_id IS NOT NULL
  AND l.message_id IS NOT NULL
  AND l.user_id IS NOT NULL
  AND l.type IS NOT NULL
  AND l.event_time IS NOT NULL
  AND l.received_at IS NOT NULL
  AND NOT EXISTS (
    SELECT 1 FROM erased_users AS u WHERE u.app_id = l.app_id AND u.user_id = l.user_id)
  AND NOT EXISTS (
    SELECT 1 FROM events AS x
    WHERE x.event_time >= TIMESTAMP_SUB(TIMESTAMP_TRUNC(@run_time, HOUR), INTERVAL 1 DAY)
      AND x.app_id = l.app_id
      AND x.message_id = l.message_id)
QUALIFY ROW_NUMBER() OVER (PARTITION BY l.app_id, l.message_id ORDER BY l.publish_time) = 1
