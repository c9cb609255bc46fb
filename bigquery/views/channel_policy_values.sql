-- Off-policy evaluation of the channel bandit from the decision log: per app and channel, the share
-- of messages that would have been answered (opened or clicked) had every message gone on that
-- channel wherever the user could be reached on it, next to the share the logged policy got.
--
-- Self-normalised inverse propensity scoring (core's OffPolicyEstimators, docs/models.md) over
-- the sent decisions of version 3 or later (they log the eligible channels). The target policy
-- takes the channel whenever it was eligible and otherwise does what the logged policy did, with
-- the same send hour. A decision where the channel was eligible weighs 1 / channel_propensity if
-- the bandit took it and 0 if it took another; one where it was not eligible weighs 1. The hour
-- bandit does not look at the channel, so its propensity cancels out of the weights.
--
-- effective_sample_size = (Σw)² / Σw²: the number of messages the estimate is worth; a value far
-- below messages means few messages went where the target policy would have sent them, and the
-- estimate is noisy. Answers are counted however late they came, so leave the last three days
-- (the attribution window) out when comparing.
WITH sent AS (
  SELECT DISTINCT
    d.app_id,
    d.decision_id,
    d.channel,
    d.channels,
    d.channel_propensity
  FROM decisions AS d
  WHERE NOT EXISTS (
      SELECT 1 FROM erased_users AS x WHERE x.app_id = d.app_id AND x.user_id = d.user_id)
    AND d.decided_at >= TIMESTAMP '0001-01-01 00:00:00'
    AND d.outcome = 'SEND'
    AND d.channels IS NOT NULL
),
answered AS (
  SELECT
    s.app_id,
    s.decision_id,
    s.channel,
    s.channels,
    s.channel_propensity,
    MAX(CASE WHEN dl.status IN ('opened', 'clicked') THEN 1 ELSE 0 END) AS answered
  FROM sent AS s
  JOIN messages AS m
    ON m.app_id = s.app_id
    AND m.decision_id = s.decision_id
    AND m.compliance_block IS NULL
    AND m.created_at >= TIMESTAMP '0001-01-01 00:00:00'
  LEFT JOIN deliveries AS dl
    ON dl.app_id = m.app_id
    AND dl.outbound_id = m.outbound_id
    AND dl.at >= TIMESTAMP '0001-01-01 00:00:00'
  GROUP BY s.app_id, s.decision_id, s.channel, s.channels, s.channel_propensity
),
targets AS (
  SELECT 'email' AS target
  UNION ALL SELECT 'push' AS target
  UNION ALL SELECT 'sms' AS target
),
weighted AS (
  SELECT
    a.app_id,
    t.target,
    a.answered,
    CASE WHEN CONCAT(',', a.channels, ',') LIKE CONCAT('%,', t.target, ',%') THEN 1 ELSE 0 END
      AS eligible,
    CASE
      WHEN CONCAT(',', a.channels, ',') NOT LIKE CONCAT('%,', t.target, ',%') THEN 1.0
      WHEN a.channel = t.target THEN 1.0 / a.channel_propensity
      ELSE 0.0
    END AS weight
  FROM answered AS a
  CROSS JOIN targets AS t
)
SELECT
  x.app_id,
  x.target AS channel,
  COUNT(*) AS messages,
  SUM(x.eligible) AS eligible,
  ROUND(AVG(x.answered), 4) AS logged_answer_rate,
  ROUND(SUM(x.weight * x.answered) / NULLIF(SUM(x.weight), 0), 4) AS answer_rate_on_channel,
  ROUND(SUM(x.weight) * SUM(x.weight) / NULLIF(SUM(x.weight * x.weight), 0), 1)
    AS effective_sample_size
FROM weighted AS x
GROUP BY x.app_id, x.target
