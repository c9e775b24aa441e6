import type { Logger } from "pino";
import type { Database } from "@/server/db/client";
import { getWorkspaceSettings } from "@/server/domain/settings/settings";
import { describeUnsubscribeToken, unsubscribeByToken, UNSUBSCRIBE_LINK_SOURCE } from "@/server/domain/suppressions/unsubscribe";
import type { Env } from "@/server/lib/env";
import {
  alreadyUnsubscribedPage,
  confirmationPage,
  failurePage,
  invalidLinkPage,
  renderPage,
  unsubscribedPage,
  type UnsubscribePage,
} from "./unsubscribe-html";

export interface UnsubscribeRouteDeps {
  db: Database;
  env: Env;
  log: Logger;
}

/** Mail clients honouring RFC 8058 POST this body without showing anything to the person. */
export const ONE_CLICK_SOURCE = "list-unsubscribe-one-click";

async function isOneClickPost(request: Request): Promise<boolean> {
  const type = request.headers.get("content-type") ?? "";
  if (!type.startsWith("application/x-www-form-urlencoded") && !type.startsWith("multipart/form-data")) return false;
  try {
    return (await request.formData()).get("List-Unsubscribe") === "One-Click";
  } catch {
    return false;
  }
}

/**
 * `/u/<token>`: GET only shows what will happen (link scanners and previews follow GETs), POST unsubscribes at once,
 * whether it comes from the page's button or a mail client's one-click request. Anything the token does not
 * name gets the same 404, so the page cannot be used to probe for recipients.
 */
export async function handleUnsubscribeRequest(deps: UnsubscribeRouteDeps, request: Request, token: string): Promise<Response> {
  let page: UnsubscribePage;
  try {
    page = request.method === "POST" ? await unsubscribe(deps, request, token) : await confirm(deps, token);
  } catch (error) {
    deps.log.error({ err: error, method: request.method }, "unsubscribe request failed");
    page = failurePage;
  }
  return renderPage(page);
}

async function confirm(deps: UnsubscribeRouteDeps, token: string): Promise<UnsubscribePage> {
  const target = await describeUnsubscribeToken(deps, token);
  if (!target) return invalidLinkPage;
  const recipient = { ...target, organizationName: (await getWorkspaceSettings(deps.db)).organizationName };
  return target.suppressedReason ? alreadyUnsubscribedPage(recipient) : confirmationPage(recipient);
}

async function unsubscribe(deps: UnsubscribeRouteDeps, request: Request, token: string): Promise<UnsubscribePage> {
  const source = (await isOneClickPost(request)) ? ONE_CLICK_SOURCE : UNSUBSCRIBE_LINK_SOURCE;
  const result = await unsubscribeByToken(deps, token, source);
  if (!result) return invalidLinkPage;
  const recipient = { ...result, organizationName: (await getWorkspaceSettings(deps.db)).organizationName };
  return result.unsubscribed ? unsubscribedPage(recipient) : alreadyUnsubscribedPage(recipient);
}
