-- Events per app, day (UTC) and type, with the number of distinct users who sent them.
-- COUNT(DISTINCT message_id): the Pub/Sub BigQuery subscription delivers at least once.
SELECT
  e.app_id,
  CAST(e.event_time AS DATE) AS event_date,
  e.type,
  COUNT(DISTINCT e.message_id) AS events,
  COUNT(DISTINCT e.user_id) AS users
FROM events AS e
WHERE NOT EXISTS (
    SELECT 1 FROM erased_users AS x WHERE x.app_id = e.app_id AND x.user_id = e.user_id)
  AND e.event_time >= TIMESTAMP '0001-01-01 00:00:00'
GROUP BY e.app_id, CAST(e.event_time AS DATE), e.type
