-- Churn scores per app, day (UTC) and model version, from each scored user's last snapshot of the
-- day: users scored, users at risk (at or above the threshold analyze ran with, which set
-- churn_at_risk_since) and their mean churn probability. ROW_NUMBER picks one row where the
-- streaming insert landed a snapshot twice.
WITH scored AS (
  SELECT
    s.app_id,
    s.user_id,
    CAST(s.snapshot_at AS DATE) AS snapshot_date,
    s.churn_model_version,
    s.churn_probability,
    s.churn_at_risk_since,
    ROW_NUMBER() OVER (
      PARTITION BY s.app_id, s.user_id, CAST(s.snapshot_at AS DATE)
      ORDER BY s.snapshot_at DESC
    ) AS newest_first
  FROM profile_snapshots AS s
  WHERE NOT EXISTS (
      SELECT 1 FROM erased_users AS x WHERE x.app_id = s.app_id AND x.user_id = s.user_id)
    AND s.snapshot_at >= TIMESTAMP '0001-01-01 00:00:00'
    AND s.churn_probability IS NOT NULL
)
SELECT
  c.app_id,
  c.snapshot_date,
  c.churn_model_version,
  COUNT(*) AS users_scored,
  SUM(CASE WHEN c.churn_at_risk_since IS NOT NULL THEN 1 ELSE 0 END) AS users_at_risk,
  ROUND(AVG(c.churn_probability), 4) AS mean_churn_probability
FROM scored AS c
WHERE c.newest_first = 1
GROUP BY c.app_id, c.snapshot_date, c.churn_model_version
