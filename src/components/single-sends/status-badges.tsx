import { Badge } from "@/components/ui/badge";
import {
  recipientStatusLabel,
  recipientStatusVariant,
  runStatusLabel,
  runStatusVariant,
  singleSendStatusLabel,
  singleSendStatusVariant,
  type RecipientStatus,
  type RunStatus,
  type SingleSendStatus,
} from "./single-send-format";

export function SingleSendStatusBadge({ status }: { status: SingleSendStatus }) {
  return <Badge variant={singleSendStatusVariant[status]}>{singleSendStatusLabel[status]}</Badge>;
}

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return <Badge variant={runStatusVariant[status]}>{runStatusLabel[status]}</Badge>;
}

export function RecipientStatusBadge({ status }: { status: RecipientStatus }) {
  return <Badge variant={recipientStatusVariant[status]}>{recipientStatusLabel[status]}</Badge>;
}
