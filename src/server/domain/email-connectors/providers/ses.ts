import {
  errorTypeRegistries,
  GetAccountCommand,
  GetConfigurationSetCommand,
  SendEmailCommand,
  SESv2Client,
  type GetAccountCommandOutput,
} from "@aws-sdk/client-sesv2";
import { AwsRestJsonProtocol, JsonCodec, type JsonSettings } from "@aws-sdk/core/protocols";
import { Sha256 } from "@smithy/core/checksum";
import { SignatureV4 } from "@smithy/signature-v4";
import type { SesConnectorConfig } from "../config";
import { formatMailboxHeader } from "../mailbox";
import { ProviderSendError } from "../provider-error";
import type { ConnectionTestResult, EmailProvider, OutgoingEmail } from "../types";
import { toProviderTags } from "./message-tags";
import { customHeaders } from "./mime";
import { parseRetryAfter } from "./retry-after";

/** Enough keep-alive sockets for the send pipeline's ~50 concurrent sends per worker, plus test connections. */
const MAX_SOCKETS = 64;

/** The codec settings AwsRestJsonProtocol gives its default codec; 7 is epoch seconds, restJson1's default timestamp format. */
const REST_JSON_SETTINGS: JsonSettings = { timestampFormat: { useTrait: true, default: 7 }, httpBindings: true, jsonName: true };

/**
 * The client's own protocol, with the SDK's JSON.stringify-based codec instead of its default one, which writes byte by
 * byte into growing buffers: a SendEmail body is mostly a few KB of HTML and text, serialised about 3x faster natively.
 */
function restJsonProtocol(): AwsRestJsonProtocol {
  return new AwsRestJsonProtocol({ defaultNamespace: "com.amazonaws.sesv2", errorTypeRegistries, jsonCodec: new JsonCodec(REST_JSON_SETTINGS) });
}

/**
 * SES v2 error names meaning "slow down": the account's maximum send rate (TooManyRequests; Throttling on older
 * endpoints) or its 24-hour quota (LimitExceeded). Waiting and sending again succeeds once the window passes.
 */
const THROTTLING_ERRORS = new Set(["TooManyRequestsException", "Throttling", "ThrottlingException", "LimitExceededException"]);

interface AwsErrorShape {
  name?: string;
  message?: string;
  code?: string;
  $fault?: "client" | "server";
  $metadata?: { httpStatusCode?: number };
  $response?: { headers?: Record<string, string | undefined> };
}

function describeError(error: unknown): AwsErrorShape {
  return typeof error === "object" && error !== null ? (error as AwsErrorShape) : { message: String(error) };
}

/** Network failures that happen before a request is written: SES cannot have seen the email. */
const NOT_CONNECTED = /ECONNREFUSED|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH/;

/** Maps an SDK failure to the pipeline's kinds; the message keeps SES's own error name and text. */
export function toSesSendError(error: unknown): ProviderSendError {
  const shape = describeError(error);
  const status = shape.$metadata?.httpStatusCode;
  const name = shape.name ?? "Error";
  if (status === undefined) {
    const neverConnected = NOT_CONNECTED.test(`${shape.name ?? ""} ${shape.message ?? ""} ${(shape as { code?: string }).code ?? ""}`);
    return new ProviderSendError("transient", `SES could not be reached: ${shape.message ?? name}`, { cause: error, maybeDelivered: !neverConnected });
  }
  const message = `SES ${name}: ${shape.message || `HTTP ${status}`}`;
  if (THROTTLING_ERRORS.has(name) || status === 429) {
    const retryAfterMs = parseRetryAfter(shape.$response?.headers?.["retry-after"]);
    return new ProviderSendError("throttled", message, { cause: error, ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) });
  }
  if (shape.$fault === "server" || status >= 500) return new ProviderSendError("transient", message, { cause: error });
  return new ProviderSendError("permanent", message, { cause: error });
}

function isAccessDenied(error: unknown): boolean {
  return describeError(error).name === "AccessDeniedException";
}

const formatCount = (value: number | undefined) => (value === undefined ? "unknown" : value.toLocaleString("en"));

function accountWarnings(account: GetAccountCommandOutput, region: string): string[] {
  const warnings: string[] = [];
  if (account.SendingEnabled === false) {
    warnings.push(`Sending is disabled for this SES account in ${region}: SES refuses every email until it is enabled again.`);
  }
  if (account.ProductionAccessEnabled === false) {
    warnings.push(
      `This SES account is in the sandbox in ${region}: it only sends to verified addresses and domains, with a small daily quota. Request production access in the SES console.`,
    );
  }
  if (account.EnforcementStatus && account.EnforcementStatus !== "HEALTHY") {
    warnings.push(`SES reports the account's enforcement status as ${account.EnforcementStatus}; check the account dashboard in ${region}.`);
  }
  return warnings;
}

/** Sends through SES v2 SendEmail with simple content (SES builds the MIME message, custom headers included). */
export class SesProvider implements EmailProvider {
  /** SES has no idempotency key: a retried call after an unknown outcome may deliver twice. */
  readonly idempotent = false;
  readonly maxInFlight = MAX_SOCKETS;
  private readonly client: SESv2Client;

  constructor(private readonly config: SesConnectorConfig) {
    const credentials = { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey };
    this.client = new SESv2Client({
      region: config.region,
      ...(config.endpoint ? { endpoint: config.endpoint } : {}),
      credentials,
      // The pipeline owns retries: it backs off on throttling and retries transient failures with its own budget.
      maxAttempts: 1,
      // Builds the middleware stack once per client instead of per command: about a fifth less CPU per email.
      cacheMiddleware: true,
      protocol: restJsonProtocol(),
      // One SigV4 signer for the client's life (by default the SDK builds one per request from a copy of its whole
      // config). SigV4a is only for SES multi-region endpoints, which need an EndpointId this provider never sets.
      signer: new SignatureV4({ credentials, region: config.region, service: "ses", sha256: Sha256 }),
      requestHandler: {
        connectionTimeout: 5_000,
        requestTimeout: 30_000,
        // Without it the SDK only logs a breached request timeout and a hung request waits for the 5-minute socket
        // timeout; a thrown TimeoutError ends the recipient `unconfirmed` (the request may have reached SES).
        throwOnRequestTimeout: true,
        httpAgent: { keepAlive: true, maxSockets: MAX_SOCKETS },
        httpsAgent: { keepAlive: true, maxSockets: MAX_SOCKETS },
      },
    });
    // SES needs no user agent, and the SDK rebuilds its telemetry one (escaping every section) for every request.
    this.client.middlewareStack.removeByTag("SET_USER_AGENT");
  }

  async send(message: OutgoingEmail): Promise<{ messageId: string }> {
    const headers = customHeaders(message.headers).map(([Name, Value]) => ({ Name, Value }));
    const tags = toProviderTags(message.tags).map((tag) => ({ Name: tag.name, Value: tag.value }));
    const command = new SendEmailCommand({
      FromEmailAddress: formatMailboxHeader(message.from, message.fromName),
      Destination: { ToAddresses: [message.to] },
      ...(message.replyTo ? { ReplyToAddresses: [message.replyTo] } : {}),
      Content: {
        Simple: {
          Subject: { Data: message.subject, Charset: "UTF-8" },
          Body: { Html: { Data: message.html, Charset: "UTF-8" }, Text: { Data: message.text, Charset: "UTF-8" } },
          ...(headers.length > 0 ? { Headers: headers } : {}),
        },
      },
      ...(tags.length > 0 ? { EmailTags: tags } : {}),
      ...(this.config.configurationSetName ? { ConfigurationSetName: this.config.configurationSetName } : {}),
    });
    let messageId: string | undefined;
    try {
      messageId = (await this.client.send(command)).MessageId;
    } catch (error) {
      throw toSesSendError(error);
    }
    if (!messageId) throw new ProviderSendError("transient", "SES accepted the email but returned no MessageId");
    return { messageId };
  }

  async testConnection(): Promise<ConnectionTestResult> {
    const started = performance.now();
    const latencyMs = () => Math.round(performance.now() - started);
    const where = this.config.endpoint ? `${this.config.region} (${this.config.endpoint})` : this.config.region;
    let account: GetAccountCommandOutput;
    try {
      account = await this.client.send(new GetAccountCommand({}));
    } catch (error) {
      if (!isAccessDenied(error)) {
        return { ok: false, latencyMs: latencyMs(), details: `SES in ${where} refused the test: ${toSesSendError(error).message}`, warnings: [] };
      }
      // A signed request that is refused for want of permission proves the key itself is valid.
      return {
        ok: true,
        latencyMs: latencyMs(),
        details: `Connected to SES in ${where}; the access key is valid.`,
        warnings: ["The access key may not call ses:GetAccount, so the quota and maximum send rate could not be checked; allow it to see them here."],
      };
    }
    const quota = account.SendQuota;
    const details = [
      `Connected to SES in ${where}.`,
      `Sent in the last 24 hours: ${formatCount(quota?.SentLast24Hours)} of ${formatCount(quota?.Max24HourSend)};`,
      `maximum send rate: ${formatCount(quota?.MaxSendRate)} emails per second.`,
    ];
    const warnings = accountWarnings(account, this.config.region);
    const configurationSet = this.config.configurationSetName;
    if (configurationSet) {
      try {
        await this.client.send(new GetConfigurationSetCommand({ ConfigurationSetName: configurationSet }));
        details.push(`Configuration set "${configurationSet}" exists.`);
      } catch (error) {
        if (isAccessDenied(error)) {
          warnings.push(`The access key may not call ses:GetConfigurationSet, so configuration set "${configurationSet}" could not be checked.`);
        } else {
          return {
            ok: false,
            latencyMs: latencyMs(),
            details: `${details.join(" ")} Configuration set "${configurationSet}" cannot be used: ${toSesSendError(error).message}`,
            warnings,
          };
        }
      }
    }
    return {
      ok: true,
      latencyMs: latencyMs(),
      details: details.join(" "),
      warnings,
      ...(quota?.MaxSendRate !== undefined ? { maxSendRatePerSecond: quota.MaxSendRate } : {}),
    };
  }

  async close(): Promise<void> {
    this.client.destroy();
  }
}
