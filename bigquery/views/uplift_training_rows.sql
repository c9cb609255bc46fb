-- One row per randomized marketing decision with its point-in-time features and its outcome: what
-- the learn job trains the per-user uplift models on (docs/models.md, "Models that train
-- themselves"). The features are those decide scored when it decided (table decision_features,
-- written by decide for every marketing decision it sent or withheld at random), so training
-- replays nothing. Arms as in uplift_outcomes: treated = SEND or DEFERRED, control = HELD_OUT
-- holdout or exploration; decide writes no row for a trial's last call (part of its reminder's
-- treatment) nor for a transactional intervention. A row streamed twice is read once.
-- Retained and converted as in uplift_outcomes (the same event types and windows: retained is
-- activity in the second week after the decision, converted a subscription within 14 days);
-- goal_reached is the intervention's goal: conversion for trial_ending and upgrade_offer
-- (core's InterventionCatalog.goalOf), retention for the rest.
--
-- A day's windows have all closed once 15 days have passed since it began: train only on rows with
-- decision_date + 15 days <= today.
WITH arms AS (
  SELECT
    f.app_id,
    f.decision_id,
    f.user_id,
    f.intervention,
    f.decided_at,
    f.treated,
    f.treatment_propensity,
    f.features
  FROM (
    SELECT
      c.*,
      ROW_NUMBER() OVER (PARTITION BY c.app_id, c.decision_id ORDER BY c.decided_at) AS copy
    FROM decision_features AS c
    WHERE NOT EXISTS (
        SELECT 1 FROM erased_users AS x WHERE x.app_id = c.app_id AND x.user_id = c.user_id)
      AND c.decided_at >= TIMESTAMP '0001-01-01 00:00:00'
  ) AS f
  WHERE f.copy = 1
),
outcomes AS (
  SELECT
    a.app_id,
    a.decision_id,
    MAX(CASE WHEN e.event_time > a.decided_at + INTERVAL 7 DAY AND e.type IN (
      'user_signup', 'user_login', 'session_started', 'feature_used', 'page_viewed',
      'onboarding_step_completed', 'onboarding_completed', 'error_encountered',
      'support_ticket_created') THEN 1 ELSE 0 END) AS retained,
    MAX(CASE WHEN e.type IN ('subscription_started', 'subscription_upgraded')
      THEN 1 ELSE 0 END) AS converted
  FROM arms AS a
  JOIN events AS e
    ON e.app_id = a.app_id
    AND e.user_id = a.user_id
    AND e.event_time > a.decided_at
    AND e.event_time <= a.decided_at + INTERVAL 14 DAY
    AND e.event_time >= TIMESTAMP '0001-01-01 00:00:00'
  GROUP BY a.app_id, a.decision_id
)
SELECT
  a.app_id,
  a.intervention,
  a.decision_id,
  a.decided_at,
  CAST(a.decided_at AS DATE) AS decision_date,
  a.treated,
  a.treatment_propensity,
  COALESCE(o.retained, 0) AS retained,
  COALESCE(o.converted, 0) AS converted,
  CASE WHEN a.intervention IN ('trial_ending', 'upgrade_offer')
    THEN COALESCE(o.converted, 0) ELSE COALESCE(o.retained, 0) END AS goal_reached,
  a.features
FROM arms AS a
LEFT JOIN outcomes AS o
  ON o.app_id = a.app_id
  AND o.decision_id = a.decision_id
