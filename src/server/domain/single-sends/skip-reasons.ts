/** Why a recipient of a run was not sent to; stored in `single_send_recipients.skip_reason`. */
export const SKIP_REASONS = [
  "invalid_email",
  "duplicate",
  "suppression:bounce",
  "suppression:complaint",
  "suppression:unsubscribe",
  "suppression:manual",
  "collision:already_sent",
  "collision:lower_priority",
  "collision:already_queued",
  "cancelled",
] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

export const COLLISION_SKIP_REASONS = SKIP_REASONS.filter((reason) => reason.startsWith("collision:"));

export const SKIP_REASON_LABELS: Record<SkipReason, string> = {
  invalid_email: "Invalid email",
  duplicate: "Duplicate",
  "suppression:bounce": "Suppressed: bounce",
  "suppression:complaint": "Suppressed: complaint",
  "suppression:unsubscribe": "Suppressed: unsubscribed",
  "suppression:manual": "Suppressed: manual",
  "collision:already_sent": "Collision: already sent",
  "collision:lower_priority": "Collision: lower priority",
  "collision:already_queued": "Collision: already queued",
  cancelled: "Run cancelled",
};
