import { DevInboxProvider } from "./dev-inbox-provider";
import type { EmailProvider, EmailProviderDeps, ResolvedEmailConnector } from "./types";

export type * from "./types";

export function createEmailProvider(deps: EmailProviderDeps, connector: ResolvedEmailConnector): EmailProvider {
  switch (connector.settings.type) {
    case "DEV_INBOX":
      return new DevInboxProvider(deps.db, connector.id);
  }
}
