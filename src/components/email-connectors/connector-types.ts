import type { EmailConnectorType } from "@/server/domain/email-connectors/config";

export interface ConnectorTypeOption {
  type: EmailConnectorType;
  label: string;
  description: string;
  available: boolean;
}

export const connectorTypeOptions: ConnectorTypeOption[] = [
  {
    type: "DEV_INBOX",
    label: "Dev inbox",
    description: "Captures every email inside EmailOps; nothing reaches real recipients. No settings needed.",
    available: true,
  },
  { type: "SES", label: "Amazon SES", description: "Send through AWS SES v2.", available: false },
  { type: "RESEND", label: "Resend", description: "Send through the Resend API.", available: false },
  { type: "SMTP", label: "SMTP", description: "Send through any SMTP server.", available: false },
];

export function connectorTypeLabel(type: EmailConnectorType): string {
  return connectorTypeOptions.find((option) => option.type === type)?.label ?? type;
}
