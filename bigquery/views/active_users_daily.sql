-- Daily active users and rolling 7-day (weekly) active users per app, for each day with activity.
WITH user_days AS (
  SELECT DISTINCT e.app_id, e.user_id, CAST(e.event_time AS DATE) AS event_date
  FROM events AS e
  WHERE NOT EXISTS (
      SELECT 1 FROM erased_users AS x WHERE x.app_id = e.app_id AND x.user_id = e.user_id)
    AND e.event_time >= TIMESTAMP '0001-01-01 00:00:00'
),
active_days AS (
  SELECT DISTINCT u.app_id, u.event_date
  FROM user_days AS u
)
SELECT
  a.app_id,
  a.event_date,
  COUNT(DISTINCT CASE WHEN u.event_date = a.event_date THEN u.user_id END) AS daily_active_users,
  COUNT(DISTINCT u.user_id) AS weekly_active_users
FROM active_days AS a
JOIN user_days AS u
  ON u.app_id = a.app_id
  AND a.event_date BETWEEN u.event_date AND DATE_ADD(u.event_date, INTERVAL 6 DAY)
GROUP BY a.app_id, a.event_date
