-- BigQuery only: one row per event out of the UserEventBatch messages that the Pub/Sub BigQuery
-- subscription lands in events_raw. Its columns are exactly those of schemas/events.json, so the
-- dashboard views read `events` alike on BigQuery (this view) and on DuckDB (a table).
-- SAFE.TIMESTAMP: an instant BigQuery cannot hold (e.g. nanoseconds) reads as NULL instead of
-- failing every query over the view.
-- One row per (app_id, message_id), the first landed: ingest keeps no per-event dedup on Google
-- Cloud, so a client's retry lands its events again, as does any redelivery to the subscription
-- (docs/cost.md). QUALIFY needs a WHERE, GROUP BY or HAVING beside it, hence WHERE TRUE.
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
  JSON_QUERY(e, '$.context') AS context
FROM events_raw AS r
CROSS JOIN UNNEST(JSON_QUERY_ARRAY(r.data, '$.events')) AS e
WHERE TRUE
QUALIFY ROW_NUMBER() OVER (
  PARTITION BY JSON_VALUE(r.data, '$.appId'), JSON_VALUE(e, '$.messageId')
  ORDER BY r.publish_time) = 1
