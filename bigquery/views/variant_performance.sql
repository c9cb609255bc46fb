-- Content variants compared: per app, intervention, channel and variant, the messages written (not
-- blocked by the compliance gate) and how many were clicked (a push notification tapped, which is
-- its open) or followed by a conversion within the attribution window (72 hours after the message,
-- core's Attribution.DEFAULT): what the variant bandit learns from (docs/content.md, "Variants").
--
-- acted_rate is the share of messages clicked or followed by a conversion; acted_low and
-- acted_high bound its 95 % credible interval under the bandit's own belief, Beta(1 + acted,
-- 1 + messages - acted), by the normal approximation (mean ± 1.96 standard deviations, clipped to
-- [0, 1]): neither engine has a Beta quantile function, and the approximation is close from about
-- ten messages and either outcome a few times. A conversion counts for every message whose window
-- holds it (the bandit credits only the latest), so conversion rates here can be a little higher.
-- Windows still open count as not acted on: leave the last three days out when comparing.
WITH outcomes AS (
  SELECT
    m.app_id,
    m.intervention,
    m.channel,
    m.variant,
    m.outbound_id,
    MAX(CASE WHEN dl.status = 'clicked' OR (m.channel = 'push' AND dl.status = 'opened')
      THEN 1 ELSE 0 END) AS clicked
  FROM messages AS m
  LEFT JOIN deliveries AS dl
    ON dl.app_id = m.app_id
    AND dl.outbound_id = m.outbound_id
    AND dl.at >= m.created_at
    AND dl.at <= m.created_at + INTERVAL 72 HOUR
    AND dl.at >= TIMESTAMP '0001-01-01 00:00:00'
  WHERE m.created_at >= TIMESTAMP '0001-01-01 00:00:00'
    AND m.compliance_block IS NULL
    AND m.variant IS NOT NULL
    AND NOT EXISTS (
      SELECT 1 FROM erased_users AS x WHERE x.app_id = m.app_id AND x.user_id = m.user_id)
  GROUP BY m.app_id, m.intervention, m.channel, m.variant, m.outbound_id
),
conversions AS (
  SELECT
    m.app_id,
    m.outbound_id,
    MAX(1) AS converted
  FROM messages AS m
  JOIN events AS e
    ON e.app_id = m.app_id
    AND e.user_id = m.user_id
    AND e.type IN ('subscription_started', 'subscription_upgraded', 'payment_succeeded')
    AND e.event_time >= m.created_at
    AND e.event_time <= m.created_at + INTERVAL 72 HOUR
    AND e.event_time >= TIMESTAMP '0001-01-01 00:00:00'
  WHERE m.created_at >= TIMESTAMP '0001-01-01 00:00:00'
    AND m.compliance_block IS NULL
    AND m.variant IS NOT NULL
    AND NOT EXISTS (
      SELECT 1 FROM erased_users AS x WHERE x.app_id = m.app_id AND x.user_id = m.user_id)
  GROUP BY m.app_id, m.outbound_id
),
counts AS (
  SELECT
    o.app_id,
    o.intervention,
    o.channel,
    o.variant,
    COUNT(*) AS messages,
    SUM(o.clicked) AS clicked,
    SUM(COALESCE(c.converted, 0)) AS converted,
    SUM(CASE WHEN o.clicked = 1 OR c.converted = 1 THEN 1 ELSE 0 END) AS acted
  FROM outcomes AS o
  LEFT JOIN conversions AS c
    ON c.app_id = o.app_id
    AND c.outbound_id = o.outbound_id
  GROUP BY o.app_id, o.intervention, o.channel, o.variant
),
beliefs AS (
  SELECT
    x.*,
    (x.acted + 1.0) / (x.messages + 2.0) AS posterior_mean,
    SQRT((x.acted + 1.0) * (x.messages - x.acted + 1.0)
      / ((x.messages + 2.0) * (x.messages + 2.0) * (x.messages + 3.0))) AS posterior_sd
  FROM counts AS x
)
SELECT
  b.app_id,
  b.intervention,
  b.channel,
  b.variant,
  b.messages,
  b.clicked,
  b.converted,
  b.acted,
  ROUND(b.clicked / b.messages, 4) AS click_rate,
  ROUND(b.converted / b.messages, 4) AS conversion_rate,
  ROUND(b.acted / b.messages, 4) AS acted_rate,
  ROUND(GREATEST(0.0, b.posterior_mean - 1.96 * b.posterior_sd), 4) AS acted_low,
  ROUND(LEAST(1.0, b.posterior_mean + 1.96 * b.posterior_sd), 4) AS acted_high
FROM beliefs AS b
