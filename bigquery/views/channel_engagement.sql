-- Messages written (and not blocked by the compliance gate) per app, channel and day (UTC), with what happened to them and open/click rates.
-- A message counts once per status however often the provider reported it; rates are over
-- delivered messages (dry_run counts as delivered: the local outbox is the channel there).
WITH message_status AS (
  SELECT
    m.app_id,
    m.channel,
    CAST(m.created_at AS DATE) AS sent_date,
    m.outbound_id,
    MAX(CASE WHEN d.status IN ('delivered', 'dry_run', 'opened', 'clicked') THEN 1 ELSE 0 END) AS delivered,
    MAX(CASE WHEN d.status IN ('opened', 'clicked') THEN 1 ELSE 0 END) AS opened,
    MAX(CASE WHEN d.status = 'clicked' THEN 1 ELSE 0 END) AS clicked,
    MAX(CASE WHEN d.status = 'unsubscribed' THEN 1 ELSE 0 END) AS unsubscribed,
    MAX(CASE WHEN d.status = 'failed' THEN 1 ELSE 0 END) AS failed
  FROM messages AS m
  LEFT JOIN deliveries AS d
    ON d.app_id = m.app_id
    AND d.outbound_id = m.outbound_id
    AND d.at >= TIMESTAMP '0001-01-01 00:00:00'
  WHERE NOT EXISTS (
      SELECT 1 FROM erased_users AS x WHERE x.app_id = m.app_id AND x.user_id = m.user_id)
    AND m.created_at >= TIMESTAMP '0001-01-01 00:00:00'
    AND m.compliance_block IS NULL
  GROUP BY m.app_id, m.channel, CAST(m.created_at AS DATE), m.outbound_id
)
SELECT
  s.app_id,
  s.channel,
  s.sent_date,
  COUNT(*) AS messages,
  SUM(s.delivered) AS delivered,
  SUM(s.opened) AS opened,
  SUM(s.clicked) AS clicked,
  SUM(s.unsubscribed) AS unsubscribed,
  SUM(s.failed) AS failed,
  ROUND(SUM(s.opened) / NULLIF(SUM(s.delivered), 0), 4) AS open_rate,
  ROUND(SUM(s.clicked) / NULLIF(SUM(s.delivered), 0), 4) AS click_rate
FROM message_status AS s
GROUP BY s.app_id, s.channel, s.sent_date
