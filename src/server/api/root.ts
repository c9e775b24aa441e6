import { apiKeysRouter } from "./routers/api-keys";
import { auditLogRouter } from "./routers/audit-log";
import { deadLetterRouter } from "./routers/dead-letter";
import { devInboxRouter } from "./routers/dev-inbox";
import { emailConnectorsRouter } from "./routers/email-connectors";
import { senderProfilesRouter } from "./routers/sender-profiles";
import { settingsRouter } from "./routers/settings";
import { usersRouter } from "./routers/users";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  apiKeys: apiKeysRouter,
  auditLog: auditLogRouter,
  deadLetter: deadLetterRouter,
  devInbox: devInboxRouter,
  emailConnectors: emailConnectorsRouter,
  senderProfiles: senderProfilesRouter,
  settings: settingsRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
