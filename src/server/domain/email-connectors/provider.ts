import { DevInboxProvider } from "./providers/dev-inbox";
import { ResendProvider } from "./providers/resend";
import { SesProvider } from "./providers/ses";
import { SmtpProvider } from "./providers/smtp";
import type { EmailProvider, EmailProviderDeps, ResolvedEmailConnector } from "./types";

export type * from "./types";

/** A new provider (with its own connection pool) for the connector's settings; the caller closes it. */
export function createEmailProvider(deps: EmailProviderDeps, connector: ResolvedEmailConnector): EmailProvider {
  const settings = connector.settings;
  switch (settings.type) {
    case "DEV_INBOX":
      return new DevInboxProvider(deps.db, connector.id);
    case "SES":
      return new SesProvider(settings.config);
    case "RESEND":
      return new ResendProvider(settings.config);
    case "SMTP":
      return new SmtpProvider(settings.config);
  }
}
