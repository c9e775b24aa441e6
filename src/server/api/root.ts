import { apiKeysRouter } from "./routers/api-keys";
import { auditLogRouter } from "./routers/audit-log";
import { campaignGroupsRouter } from "./routers/campaign-groups";
import { componentsRouter } from "./routers/components";
import { dataConnectorsRouter } from "./routers/data-connectors";
import { deadLetterRouter } from "./routers/dead-letter";
import { devInboxRouter } from "./routers/dev-inbox";
import { emailConnectorsRouter } from "./routers/email-connectors";
import { segmentsRouter } from "./routers/segments";
import { senderProfilesRouter } from "./routers/sender-profiles";
import { settingsRouter } from "./routers/settings";
import { singleSendsRouter } from "./routers/single-sends";
import { suppressionsRouter } from "./routers/suppressions";
import { templatesRouter } from "./routers/templates";
import { usersRouter } from "./routers/users";
import { createCallerFactory, createTRPCRouter } from "./trpc";

export const appRouter = createTRPCRouter({
  apiKeys: apiKeysRouter,
  auditLog: auditLogRouter,
  campaignGroups: campaignGroupsRouter,
  components: componentsRouter,
  dataConnectors: dataConnectorsRouter,
  deadLetter: deadLetterRouter,
  devInbox: devInboxRouter,
  emailConnectors: emailConnectorsRouter,
  segments: segmentsRouter,
  senderProfiles: senderProfilesRouter,
  settings: settingsRouter,
  singleSends: singleSendsRouter,
  suppressions: suppressionsRouter,
  templates: templatesRouter,
  users: usersRouter,
});

export type AppRouter = typeof appRouter;
export const createCaller = createCallerFactory(appRouter);
