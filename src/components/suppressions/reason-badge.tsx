import { Badge } from "@/components/ui/badge";
import type { SuppressionReason } from "@/server/domain/suppressions/suppressions";
import { reasonInfo } from "./reasons";

export function ReasonBadge({ reason }: { reason: SuppressionReason }) {
  const { label, variant, description } = reasonInfo(reason);
  return (
    <Badge variant={variant} title={description}>
      {label}
    </Badge>
  );
}
