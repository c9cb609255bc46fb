-- The global holdout's report: per app and UTC day of entry, the users the platform was free to
-- message (treated) against the users it held out (control), and what became of each group within
-- 30 days. It is the deployed counterpart of docs/simulation.md's platform against no messages:
-- the lift of the platform over doing nothing, measured on the app's own users.
--
-- Entry: a user's first marketing decision that reached the holdout draw. HELD_OUT (reason
-- holdout) puts the user in control; a decision sent (SEND or DEFERRED, an `explored` one past the
-- uplift gate included) or withheld by the exploration draw puts them in treated. Decide draws the
-- holdout after the user's channels, caps and the trial reminder's slot, and after the uplift gate
-- (for a decision the gate stopped, only when its gated exploration draw picked it), so a decision
-- that ended before the draw (no intervention, reminder_answered, no_address, no_consent,
-- unsubscribed, frequency_cap, reserved_for_trial_ending, no_uplift) enters neither group: each
-- group is every user the draw was made for, who could have been reached. Not entries either:
-- payment_failed (transactional: sent to both groups, core's InterventionCatalog). The draw is a
-- stable hash of app and user, so all of a user's decisions fall on one side while the share
-- stays the same (docs/deploy.md).
--
-- Outcomes, counted after entered_at: active in the fourth week (an activity event, core's
-- EventTypes.ACTIVITY, in (entered_at + 21 days, entered_at + 28 days]); on a trial
-- (trial_started within 30 days either side of entry); converted (subscription_started or
-- subscription_upgraded in (entered_at, entered_at + 30 days]), counted for trial users;
-- cancelled (subscription_cancelled in that window).
--
-- A day's windows have all closed once 31 days have passed since it began: sum only rows with
-- entry_date + 31 days <= today, or the last month's users look inactive.
WITH entries AS (
  SELECT
    d.app_id,
    d.user_id,
    MIN(d.decided_at) AS entered_at,
    MAX(CASE WHEN d.outcome = 'HELD_OUT' AND d.reason = 'holdout' THEN 1 ELSE 0 END) AS held_out
  FROM decisions AS d
  WHERE NOT EXISTS (
      SELECT 1 FROM erased_users AS x WHERE x.app_id = d.app_id AND x.user_id = d.user_id)
    AND d.decided_at >= TIMESTAMP '0001-01-01 00:00:00'
    AND d.intervention IS NOT NULL
    AND d.intervention <> 'payment_failed'
    AND ((d.outcome IN ('SEND', 'DEFERRED') AND d.reason <> 'released')
      OR d.reason IN ('holdout', 'exploration'))
  GROUP BY d.app_id, d.user_id
),
outcomes AS (
  SELECT
    n.app_id,
    n.user_id,
    MAX(CASE WHEN e.type IN (
      'user_signup', 'user_login', 'session_started', 'feature_used', 'page_viewed',
      'onboarding_step_completed', 'onboarding_completed', 'error_encountered',
      'support_ticket_created')
      AND e.event_time > n.entered_at + INTERVAL 21 DAY
      AND e.event_time <= n.entered_at + INTERVAL 28 DAY THEN 1 ELSE 0 END) AS active_week_4,
    MAX(CASE WHEN e.type = 'trial_started' THEN 1 ELSE 0 END) AS trial,
    MAX(CASE WHEN e.type IN ('subscription_started', 'subscription_upgraded')
      AND e.event_time > n.entered_at THEN 1 ELSE 0 END) AS converted,
    MAX(CASE WHEN e.type = 'subscription_cancelled'
      AND e.event_time > n.entered_at THEN 1 ELSE 0 END) AS cancelled
  FROM entries AS n
  JOIN events AS e
    ON e.app_id = n.app_id
    AND e.user_id = n.user_id
    AND e.event_time + INTERVAL 30 DAY > n.entered_at
    AND e.event_time <= n.entered_at + INTERVAL 30 DAY
    AND e.event_time >= TIMESTAMP '0001-01-01 00:00:00'
  GROUP BY n.app_id, n.user_id
)
SELECT
  n.app_id,
  CAST(n.entered_at AS DATE) AS entry_date,
  SUM(CASE WHEN n.held_out = 0 THEN 1 ELSE 0 END) AS treated_users,
  SUM(CASE WHEN n.held_out = 0 AND o.active_week_4 = 1 THEN 1 ELSE 0 END) AS treated_active_week_4,
  SUM(CASE WHEN n.held_out = 0 AND o.trial = 1 THEN 1 ELSE 0 END) AS treated_trials,
  SUM(CASE WHEN n.held_out = 0 AND o.trial = 1 AND o.converted = 1 THEN 1 ELSE 0 END)
    AS treated_trials_converted,
  SUM(CASE WHEN n.held_out = 0 AND o.cancelled = 1 THEN 1 ELSE 0 END) AS treated_cancelled,
  SUM(CASE WHEN n.held_out = 1 THEN 1 ELSE 0 END) AS control_users,
  SUM(CASE WHEN n.held_out = 1 AND o.active_week_4 = 1 THEN 1 ELSE 0 END) AS control_active_week_4,
  SUM(CASE WHEN n.held_out = 1 AND o.trial = 1 THEN 1 ELSE 0 END) AS control_trials,
  SUM(CASE WHEN n.held_out = 1 AND o.trial = 1 AND o.converted = 1 THEN 1 ELSE 0 END)
    AS control_trials_converted,
  SUM(CASE WHEN n.held_out = 1 AND o.cancelled = 1 THEN 1 ELSE 0 END) AS control_cancelled
FROM entries AS n
LEFT JOIN outcomes AS o
  ON o.app_id = n.app_id
  AND o.user_id = n.user_id
GROUP BY n.app_id, CAST(n.entered_at AS DATE)
