import type { SuppressionReason } from "@/server/domain/suppressions/suppressions";

type BadgeVariant = "destructive" | "warning" | "secondary" | "outline";

/** Display order for the filter and the add form; the Record type keeps it in step with the database enum. */
const REASON_INFO: Record<SuppressionReason, { label: string; variant: BadgeVariant; description: string }> = {
  manual: { label: "Manual", variant: "outline", description: "Added by hand or imported" },
  unsubscribe: { label: "Unsubscribed", variant: "secondary", description: "The person used an unsubscribe link" },
  bounce: { label: "Bounce", variant: "destructive", description: "The address hard-bounced" },
  complaint: { label: "Complaint", variant: "warning", description: "The person reported an email as spam" },
};

export const suppressionReasons = Object.keys(REASON_INFO) as SuppressionReason[];

export const reasonInfo = (reason: SuppressionReason) => REASON_INFO[reason];

export function isSuppressionReason(value: string): value is SuppressionReason {
  return Object.hasOwn(REASON_INFO, value);
}
