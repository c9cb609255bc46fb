-- Decisions per app, day (UTC), outcome and reason: why the platform sent, deferred or held back.
SELECT
  d.app_id,
  CAST(d.decided_at AS DATE) AS decision_date,
  d.outcome,
  d.reason,
  COUNT(DISTINCT d.decision_id) AS decisions,
  COUNT(DISTINCT d.user_id) AS users
FROM decisions AS d
WHERE NOT EXISTS (
    SELECT 1 FROM erased_users AS x WHERE x.app_id = d.app_id AND x.user_id = d.user_id)
  AND d.decided_at >= TIMESTAMP '0001-01-01 00:00:00'
GROUP BY d.app_id, CAST(d.decided_at AS DATE), d.outcome, d.reason
