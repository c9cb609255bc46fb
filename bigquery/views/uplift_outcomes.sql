-- Treated and held-out decisions per app, intervention, lifecycle stage at decision time and UTC
-- day of the decision, with how many of them were retained at 14 days and converted within them:
-- the counts behind the uplift model (docs/models.md, "Uplift").
--
-- Treated: the decision to send (intent to treat): SEND now, or DEFERRED to a chosen hour or past
-- quiet hours; the SEND that later releases a deferral is the same treatment and is not counted
-- again; a message sent at random past the uplift gate (reason explored) is not counted: it stands
-- for the decisions the gate stops, whose controls are not HELD_OUT, and it trains the per-user
-- models instead (uplift_training_rows, weighted by its propensity). Both arms are timed from the signal, so activity between the signal and a deferred send
-- counts alike in both. Control: a HELD_OUT decision with reason holdout (the user's global
-- holdout) or exploration (this decision withheld at random), which names the intervention
-- withheld. A trial's last call (signal TRIAL_LAST_CALL, sent only to users who did
-- not answer the trial-ending reminder) is part of that reminder's treatment and is not counted on
-- its own: only treated users can answer, so its arms would not compare like with like.
-- Retained (at 14 days, "week-2 retention"): an activity event (core's EventTypes.ACTIVITY) in the
-- second week after the decision, (decided_at + 7 days, decided_at + 14 days]; activity anywhere in
-- the 14 days was reached by nearly every new user, sent or not (docs/design-notes.md, "The
-- retention goal"). Converted: a subscription started or upgraded in (decided_at, decided_at + 14
-- days]. The lifecycle stage is that of the user's latest profile snapshot at or before the
-- decision (NEW when there is none, as for a profile decide had not seen yet).
--
-- A day's windows have all closed once 15 days have passed since it began: count only rows with
-- decision_date + 15 days <= today, or the last two weeks' decisions look unretained.
WITH arms AS (
  SELECT DISTINCT
    d.app_id,
    d.decision_id,
    d.user_id,
    d.intervention,
    d.decided_at,
    CASE WHEN d.outcome = 'HELD_OUT' THEN 'control' ELSE 'treated' END AS arm
  FROM decisions AS d
  WHERE NOT EXISTS (
      SELECT 1 FROM erased_users AS x WHERE x.app_id = d.app_id AND x.user_id = d.user_id)
    AND d.decided_at >= TIMESTAMP '0001-01-01 00:00:00'
    AND d.intervention IS NOT NULL
    AND d.signal_type IS DISTINCT FROM 'TRIAL_LAST_CALL'
    AND ((d.outcome = 'SEND' AND d.reason NOT IN ('released', 'explored'))
      OR d.outcome = 'DEFERRED'
      OR (d.outcome = 'HELD_OUT' AND d.reason IN ('holdout', 'exploration')))
),
stages AS (
  SELECT
    a.app_id,
    a.decision_id,
    s.lifecycle,
    ROW_NUMBER() OVER (
      PARTITION BY a.app_id, a.decision_id
      ORDER BY s.snapshot_at DESC, s.lifecycle
    ) AS recency
  FROM arms AS a
  JOIN profile_snapshots AS s
    ON s.app_id = a.app_id
    AND s.user_id = a.user_id
    AND s.snapshot_at <= a.decided_at
    AND s.snapshot_at >= TIMESTAMP '0001-01-01 00:00:00'
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
  COALESCE(s.lifecycle, 'NEW') AS lifecycle,
  CAST(a.decided_at AS DATE) AS decision_date,
  SUM(CASE WHEN a.arm = 'treated' THEN 1 ELSE 0 END) AS treated,
  SUM(CASE WHEN a.arm = 'treated' THEN COALESCE(o.retained, 0) ELSE 0 END) AS treated_retained,
  SUM(CASE WHEN a.arm = 'treated' THEN COALESCE(o.converted, 0) ELSE 0 END) AS treated_converted,
  SUM(CASE WHEN a.arm = 'control' THEN 1 ELSE 0 END) AS control,
  SUM(CASE WHEN a.arm = 'control' THEN COALESCE(o.retained, 0) ELSE 0 END) AS control_retained,
  SUM(CASE WHEN a.arm = 'control' THEN COALESCE(o.converted, 0) ELSE 0 END) AS control_converted
FROM arms AS a
LEFT JOIN stages AS s
  ON s.app_id = a.app_id
  AND s.decision_id = a.decision_id
  AND s.recency = 1
LEFT JOIN outcomes AS o
  ON o.app_id = a.app_id
  AND o.decision_id = a.decision_id
GROUP BY a.app_id, a.intervention, COALESCE(s.lifecycle, 'NEW'), CAST(a.decided_at AS DATE)
