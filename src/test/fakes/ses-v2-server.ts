import { createHash, createHmac, randomUUID } from "node:crypto";
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import { FailurePlan, type FailureControl } from "./failure-plan";
import { closeServer, handleControlRoute, listen, readBodyBytes, requestPath, sendJson, sleep } from "./http-helpers";
import { RecipientCounter, type FakeDeliveryStats } from "./recipient-counter";

/**
 * A local stand-in for the SES v2 API speaking its REST-JSON wire format, for the real @aws-sdk/client-sesv2 pointed
 * at `endpoint: fake.url`:
 * - POST /v2/email/outbound-emails (SendEmail) → { MessageId }
 * - GET /v2/email/account (GetAccount) → quota, sending and production access flags
 * - GET /v2/email/configuration-sets/{name} (GetConfigurationSet)
 * Errors are answered the way SES does (status, `x-amzn-ErrorType` header, `{ message }` body) so the SDK raises its
 * typed exceptions (TooManyRequestsException, MessageRejected, NotFoundException...). The Authorization header must be
 * there; its SigV4 signature is verified only for keys given in `secretAccessKeys`. Test controls live under /_fake/
 * (see handleControlRoute).
 */

export interface SesAccountSettings {
  max24HourSend: number;
  maxSendRate: number;
  sendingEnabled: boolean;
  productionAccessEnabled: boolean;
  enforcementStatus: string;
}

export interface FakeSesOptions {
  port?: number;
  account?: Partial<SesAccountSettings>;
  /** Configuration sets that exist; when left out every name exists. */
  configurationSets?: string[];
  /** Access key ids SES accepts; when left out any key is accepted. */
  accessKeyIds?: string[];
  /**
   * Secret access keys by access key id: SES accepts only these keys and checks each request's SigV4 signature with
   * them (403 SignatureDoesNotMatch), as the real service does.
   */
  secretAccessKeys?: Record<string, string>;
  /** Operations the key is not allowed to call (IAM AccessDeniedException), e.g. ["GetAccount"] for a send-only key. */
  deniedOperations?: ("SendEmail" | "GetAccount" | "GetConfigurationSet")[];
  /** Record whole messages (default) or only count them per recipient, for long benchmark runs. */
  keepMessages?: boolean;
  /** Delay before answering each SendEmail, to look like a remote API. */
  latencyMs?: number;
}

export interface SesRecordedMessage {
  messageId: string;
  /** From the SigV4 Credential scope of the request. */
  accessKeyId: string;
  region: string;
  from: string;
  to: string[];
  replyTo: string[];
  subject: string;
  html: string;
  text: string;
  headers: Record<string, string>;
  tags: Record<string, string>;
  configurationSetName: string | null;
}

export interface FakeSesServer {
  url: string;
  port: number;
  messages: SesRecordedMessage[];
  /** SendEmail calls answered, accepted or not. */
  sendRequests(): number;
  stats(includePerRecipient?: boolean): FakeDeliveryStats;
  control(control: FailureControl): void;
  reset(): void;
  close(): Promise<void>;
}

interface SendEmailBody {
  FromEmailAddress?: string;
  Destination?: { ToAddresses?: string[]; CcAddresses?: string[]; BccAddresses?: string[] };
  ReplyToAddresses?: string[];
  Content?: {
    Simple?: {
      Subject?: { Data?: string };
      Body?: { Html?: { Data?: string }; Text?: { Data?: string } };
      Headers?: { Name: string; Value: string }[];
    };
  };
  EmailTags?: { Name: string; Value: string }[];
  ConfigurationSetName?: string;
}

const defaultAccount: SesAccountSettings = {
  max24HourSend: 50_000,
  maxSendRate: 14,
  sendingEnabled: true,
  productionAccessEnabled: true,
  enforcementStatus: "HEALTHY",
};

function awsError(res: ServerResponse, status: number, type: string, message: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { message }, { "x-amzn-errortype": type, "x-amzn-requestid": randomUUID(), ...headers });
}

/** `AWS4-HMAC-SHA256 Credential=AKID/20240101/eu-west-1/ses/aws4_request, SignedHeaders=..., Signature=...` */
function credentialScope(authorization: string): { accessKeyId: string; region: string } | null {
  const match = /Credential=([^/]+)\/\d{8}\/([^/]+)\/[^/]+\/aws4_request/.exec(authorization);
  return match?.[1] && match[2] ? { accessKeyId: match[1], region: match[2] } : null;
}

const SIGV4_AUTHORIZATION = /^AWS4-HMAC-SHA256 Credential=[^/]+\/(\d{8})\/([^/]+)\/([^/]+)\/aws4_request, ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/;
const SIGNATURE_MISMATCH =
  "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.";

const sha256Hex = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");
const hmac = (key: string | Buffer, data: string) => createHmac("sha256", key).update(data).digest();
/** RFC 3986 percent-encoding, as SigV4 canonicalisation wants it. */
const uriEncode = (text: string) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

/** Recomputes the request's SigV4 signature (AWS's "Create a signed AWS API request" steps) and compares. */
function signatureMatches(req: IncomingMessage, body: Buffer, authorization: string, secretAccessKey: string): boolean {
  const match = SIGV4_AUTHORIZATION.exec(authorization);
  const amzDate = req.headers["x-amz-date"];
  if (!match || typeof amzDate !== "string") return false;
  const [, date = "", region = "", service = "", signedHeaders = "", signature = ""] = match;
  const [path = "/", query = ""] = (req.url ?? "/").split("?", 2);
  // Every service but S3 signs its path URI-encoded once more than it is on the wire.
  const canonicalPath = path.split("/").map(uriEncode).join("/");
  const canonicalQuery = query.split("&").filter(Boolean).sort().join("&");
  const canonicalHeaders = signedHeaders
    .split(";")
    .map((name) => {
      const value = req.headers[name];
      return `${name}:${(Array.isArray(value) ? value.join(",") : (value ?? "")).trim().replace(/\s+/g, " ")}\n`;
    })
    .join("");
  const canonicalRequest = [req.method, canonicalPath, canonicalQuery, canonicalHeaders, signedHeaders, sha256Hex(body)].join("\n");
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, sha256Hex(canonicalRequest)].join("\n");
  const signingKey = [date, region, service, "aws4_request"].reduce<string | Buffer>((key, part) => hmac(key, part), `AWS4${secretAccessKey}`);
  return hmac(signingKey, stringToSign).toString("hex") === signature;
}

export async function startFakeSesServer(options: FakeSesOptions = {}): Promise<FakeSesServer> {
  const account = { ...defaultAccount, ...options.account };
  const configurationSets = options.configurationSets ? new Set(options.configurationSets) : null;
  const accessKeyIds = options.accessKeyIds ? new Set(options.accessKeyIds) : null;
  const secretAccessKeys = options.secretAccessKeys ? new Map(Object.entries(options.secretAccessKeys)) : null;
  const knownKey = (accessKeyId: string) => (!accessKeyIds || accessKeyIds.has(accessKeyId)) && (!secretAccessKeys || secretAccessKeys.has(accessKeyId));
  const deniedOperations = new Set(options.deniedOperations ?? []);
  const keepMessages = options.keepMessages ?? true;
  const messages: SesRecordedMessage[] = [];
  const counter = new RecipientCounter();
  const failures = new FailurePlan();
  let sendRequests = 0;

  const target = {
    stats: (includePerRecipient = false) => counter.stats(includePerRecipient),
    messages: () => messages,
    control: (control: FailureControl) => failures.apply(control),
    reset: () => {
      messages.length = 0;
      counter.reset();
      failures.reset();
      sendRequests = 0;
    },
  };

  async function sendEmail(res: ServerResponse, requestBody: Buffer, scope: { accessKeyId: string; region: string }): Promise<void> {
    sendRequests += 1;
    const body = JSON.parse(requestBody.toString("utf8")) as SendEmailBody;
    if (options.latencyMs) await sleep(options.latencyMs);
    const to = body.Destination?.ToAddresses ?? [];
    const simple = body.Content?.Simple;
    if (!body.FromEmailAddress || to.length === 0 || !simple?.Subject?.Data) {
      awsError(res, 400, "BadRequestException", "FromEmailAddress, Destination and Content.Simple.Subject are required.");
      return;
    }
    if (body.ConfigurationSetName && configurationSets && !configurationSets.has(body.ConfigurationSetName)) {
      awsError(res, 404, "NotFoundException", `Configuration set <${body.ConfigurationSetName}> does not exist.`);
      return;
    }
    if (!account.sendingEnabled) {
      awsError(res, 400, "SendingPausedException", "Sending is paused for this account.");
      return;
    }
    const failure = failures.next(to);
    if (failure?.kind === "throttle") {
      const retryAfter = failures.retryAfterSeconds;
      awsError(res, 429, "TooManyRequestsException", "Maximum sending rate exceeded.", retryAfter === null ? {} : { "retry-after": String(retryAfter) });
      return;
    }
    if (failure?.kind === "fail") {
      awsError(res, 500, "InternalServiceErrorException", "An internal error occurred; try again.");
      return;
    }
    if (failure?.kind === "reject") {
      awsError(res, 400, "MessageRejected", failure.message);
      return;
    }
    const messageId = `0100${randomUUID().replace(/-/g, "")}-000000`;
    for (const address of to) counter.record(address);
    if (keepMessages) {
      messages.push({
        messageId,
        ...scope,
        from: body.FromEmailAddress,
        to,
        replyTo: body.ReplyToAddresses ?? [],
        subject: simple.Subject.Data,
        html: simple.Body?.Html?.Data ?? "",
        text: simple.Body?.Text?.Data ?? "",
        headers: Object.fromEntries((simple.Headers ?? []).map((header) => [header.Name, header.Value])),
        tags: Object.fromEntries((body.EmailTags ?? []).map((tag) => [tag.Name, tag.Value])),
        configurationSetName: body.ConfigurationSetName ?? null,
      });
    }
    sendJson(res, 200, { MessageId: messageId });
  }

  function getAccount(res: ServerResponse): void {
    sendJson(res, 200, {
      DedicatedIpAutoWarmupEnabled: false,
      EnforcementStatus: account.enforcementStatus,
      ProductionAccessEnabled: account.productionAccessEnabled,
      SendingEnabled: account.sendingEnabled,
      SendQuota: { Max24HourSend: account.max24HourSend, MaxSendRate: account.maxSendRate, SentLast24Hours: counter.stats().total },
    });
  }

  async function route(req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (await handleControlRoute(req, res, "/_fake/", target)) return;
    const path = requestPath(req);
    const authorization = req.headers.authorization;
    if (!authorization) {
      awsError(res, 403, "MissingAuthenticationTokenException", "Missing Authentication Token");
      return;
    }
    const scope = credentialScope(authorization);
    if (!scope || !knownKey(scope.accessKeyId)) {
      awsError(res, 403, "UnrecognizedClientException", "The security token included in the request is invalid.");
      return;
    }
    const requestBody = await readBodyBytes(req);
    const secretAccessKey = secretAccessKeys?.get(scope.accessKeyId);
    if (secretAccessKey !== undefined && !signatureMatches(req, requestBody, authorization, secretAccessKey)) {
      awsError(res, 403, "SignatureDoesNotMatch", SIGNATURE_MISMATCH);
      return;
    }
    const configurationSet = /^\/v2\/email\/configuration-sets\/([^/]+)$/.exec(path)?.[1];
    const operation =
      req.method === "POST" && path === "/v2/email/outbound-emails"
        ? "SendEmail"
        : req.method === "GET" && path === "/v2/email/account"
          ? "GetAccount"
          : req.method === "GET" && configurationSet
            ? "GetConfigurationSet"
            : null;
    if (operation && deniedOperations.has(operation)) {
      awsError(res, 403, "AccessDeniedException", `User: arn:aws:iam::123456789012:user/emailops is not authorized to perform: ses:${operation}`);
      return;
    }
    if (operation === "SendEmail") return sendEmail(res, requestBody, scope);
    if (operation === "GetAccount") return getAccount(res);
    if (operation === "GetConfigurationSet" && configurationSet) {
      const name = decodeURIComponent(configurationSet);
      if (configurationSets && !configurationSets.has(name)) awsError(res, 404, "NotFoundException", `Configuration set <${name}> does not exist.`);
      else sendJson(res, 200, { ConfigurationSetName: name, SendingOptions: { SendingEnabled: true } });
      return;
    }
    awsError(res, 404, "UnknownOperationException", `The fake does not implement ${req.method} ${path}`);
  }

  const server = createServer((req, res) => {
    route(req, res).catch((error: unknown) => {
      if (!res.headersSent) awsError(res, 500, "InternalFailure", error instanceof Error ? error.message : String(error));
    });
  });
  const port = await listen(server, options.port);
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    messages,
    sendRequests: () => sendRequests,
    stats: target.stats,
    control: target.control,
    reset: target.reset,
    close: () => closeServer(server),
  };
}
