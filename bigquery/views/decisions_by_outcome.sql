-- Decisions per app, day (UTC), outcome and reason: why the platform sent, deferred or held back.
SELECT
  d.app_id,
  CAST(d.decided_at AS DATE) AS decision_date,
  d.outcome,
  d.reason,
  COUNT(DISTINCT d.decision_id) AS decisions,
  COUNT(DISTINCT d.user_id) AS users
FROM decisions AS d
GROUP BY d.app_id, CAST(d.decided_at AS DATE), d.outcome, d.reason
