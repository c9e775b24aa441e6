import { createVerify, generateKeyPairSync, randomBytes } from "node:crypto";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A local stand-in for BigQuery's REST API, speaking the wire format of exactly the calls the real
 * @google-cloud/bigquery client makes for us: the OAuth JWT-bearer token exchange, jobs.insert (dry run and real
 * query jobs), jobs.getQueryResults (f/v rows, paging) plus jobs.get and jobs.cancel. It records what the client sent
 * so tests can assert on it, and answers by rules each test configures.
 */

export interface FakeField {
  name: string;
  type: string;
  mode?: "NULLABLE" | "REQUIRED" | "REPEATED";
  fields?: FakeField[];
}

export interface FakeTable {
  schema: FakeField[];
  /** Plain JS values in schema order; the fake encodes them as BigQuery's f/v cells. */
  rows: unknown[][];
}

export interface FakeJobError {
  reason: string;
  message: string;
  /** Where the error surfaces: the jobs.insert answer (dry runs always fail there) or the results call. */
  stage?: "insert" | "results";
}

export interface FakeOutcome {
  /** Statement type a dry run reports; default "SELECT". */
  statementType?: string;
  /** Bytes the query processes; also what the job bills, checked against maximumBytesBilled. Default 1024. */
  totalBytesProcessed?: number;
  table?: FakeTable;
  error?: FakeJobError;
  /** getQueryResults answers jobComplete: false this many times before the rows. */
  pendingPolls?: number;
}

export interface CapturedQueryParameter {
  name?: string;
  parameterType: { type: string };
  parameterValue: { value?: string | null };
}

export interface CapturedJob {
  projectId: string;
  jobId: string;
  location?: string;
  dryRun: boolean;
  query: string;
  useLegacySql?: boolean;
  parameterMode?: string;
  queryParameters: CapturedQueryParameter[];
  maximumBytesBilled?: string;
  jobTimeoutMs?: string;
}

export interface CapturedResultsCall {
  jobId: string;
  maxResults?: number;
  pageToken?: string;
  timeoutMs?: number;
  location?: string;
}

export type FakeResponder = (job: CapturedJob) => FakeOutcome;

interface StoredJob {
  captured: CapturedJob;
  outcome: FakeOutcome;
  rows: unknown[][];
  pollsLeft: number;
  error?: FakeJobError;
  cancelled: boolean;
}

export interface FakeBigQuery {
  /** Base URL to pass as the client's apiEndpoint. */
  apiEndpoint: string;
  projectId: string;
  /** A throwaway service-account key whose token_uri points at this server. */
  credentialsJson: string;
  jobs: CapturedJob[];
  resultsCalls: CapturedResultsCall[];
  cancelledJobIds: string[];
  tokenRequests: number;
  /** API calls refused for a missing or unknown bearer token. */
  unauthorizedRequests: number;
  respondWith(responder: FakeResponder): void;
  reset(): void;
  close(): Promise<void>;
}

const LIMIT_WRAPPER = /\)\s*LIMIT\s+(\d+)\s*$/i;
const COUNT_WRAPPER = /^\s*SELECT\s+COUNT\(\*\)\s+AS\s+count\s+FROM\s*\(/i;

/**
 * Serves one table the way BigQuery would answer the governor's wrappers: `SELECT COUNT(*) AS count FROM (...)` gets
 * the row count, `SELECT * FROM (...) LIMIT n` the first n rows, anything else every row.
 */
export function serveTable(table: FakeTable, extra: Omit<FakeOutcome, "table"> = {}): FakeResponder {
  return (job) => {
    if (COUNT_WRAPPER.test(job.query)) {
      return { ...extra, table: { schema: [{ name: "count", type: "INTEGER", mode: "NULLABLE" }], rows: [[table.rows.length]] } };
    }
    const limit = LIMIT_WRAPPER.exec(job.query);
    const rows = limit ? table.rows.slice(0, Number(limit[1])) : table.rows;
    return { ...extra, table: { schema: table.schema, rows } };
  };
}

function encodeValue(field: FakeField, value: unknown): unknown {
  if (value === null || value === undefined) return null;
  if (field.mode === "REPEATED") {
    const element = { ...field, mode: "NULLABLE" as const };
    return (value as unknown[]).map((item) => ({ v: encodeValue(element, item) }));
  }
  if (field.type === "RECORD" || field.type === "STRUCT") {
    const record = value as Record<string, unknown>;
    return { f: (field.fields ?? []).map((child) => ({ v: encodeValue(child, record[child.name]) })) };
  }
  if (field.type === "TIMESTAMP" && value instanceof Date) return String(value.getTime() * 1000);
  if (Buffer.isBuffer(value)) return value.toString("base64");
  return String(value);
}

function encodeRow(schema: FakeField[], row: unknown[]): { f: { v: unknown }[] } {
  return { f: schema.map((field, index) => ({ v: encodeValue(field, row[index]) })) };
}

function errorBody(code: number, status: string, errors: { reason: string; message: string }[]): unknown {
  const first = errors[0];
  return {
    error: {
      code,
      message: first?.message ?? status,
      errors: errors.map((error) => ({ ...error, domain: "global" })),
      status,
    },
  };
}

function base64UrlDecode(text: string): Buffer {
  return Buffer.from(text.replace(/-/g, "+").replace(/_/g, "/"), "base64");
}

/** Checks the JWT-bearer assertion the client signed with the service-account key, as Google's token endpoint does. */
function verifyAssertion(assertion: string, publicKeyPem: string, clientEmail: string): boolean {
  const [header, payload, signature] = assertion.split(".");
  if (!header || !payload || !signature) return false;
  const verifier = createVerify("RSA-SHA256");
  verifier.update(`${header}.${payload}`);
  if (!verifier.verify(publicKeyPem, base64UrlDecode(signature))) return false;
  const claims = JSON.parse(base64UrlDecode(payload).toString("utf8")) as { iss?: string; scope?: string; exp?: number };
  return claims.iss === clientEmail && typeof claims.scope === "string" && claims.scope.includes("bigquery") && (claims.exp ?? 0) * 1000 > Date.now();
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString("utf8");
}

function send(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { "content-type": "application/json; charset=UTF-8" });
  res.end(JSON.stringify(body));
}

export async function startFakeBigQuery(options: { projectId?: string } = {}): Promise<FakeBigQuery> {
  const projectId = options.projectId ?? "fake-project";
  const clientEmail = `emailops-reader@${projectId}.iam.gserviceaccount.com`;
  const { privateKey, publicKey } = generateKeyPairSync("rsa", {
    modulusLength: 2048,
    privateKeyEncoding: { type: "pkcs8", format: "pem" },
    publicKeyEncoding: { type: "spki", format: "pem" },
  });
  const issuedTokens = new Set<string>();
  const stored = new Map<string, StoredJob>();
  let responder: FakeResponder = () => ({ table: { schema: [], rows: [] } });

  const fake: FakeBigQuery = {
    apiEndpoint: "",
    projectId,
    credentialsJson: "",
    jobs: [],
    resultsCalls: [],
    cancelledJobIds: [],
    tokenRequests: 0,
    unauthorizedRequests: 0,
    respondWith(next) {
      responder = next;
    },
    reset() {
      fake.jobs.length = 0;
      fake.resultsCalls.length = 0;
      fake.cancelledJobIds.length = 0;
      stored.clear();
      responder = () => ({ table: { schema: [], rows: [] } });
    },
    close: () => new Promise<void>((resolve, reject) => server.close((error) => (error ? reject(error) : resolve()))),
  };

  function jobResource(job: StoredJob, state: "DONE" | "RUNNING"): Record<string, unknown> {
    const { captured, outcome } = job;
    const bytes = String(outcome.totalBytesProcessed ?? 1024);
    const errorResult = job.error && state === "DONE" ? { reason: job.error.reason, message: job.error.message } : undefined;
    return {
      kind: "bigquery#job",
      id: `${captured.projectId}:${captured.location ?? "US"}.${captured.jobId}`,
      jobReference: { projectId: captured.projectId, jobId: captured.jobId, location: captured.location ?? "US" },
      configuration: { jobType: "QUERY", dryRun: captured.dryRun || undefined, query: { query: captured.query } },
      status: errorResult ? { state, errorResult, errors: [errorResult] } : { state },
      statistics: {
        creationTime: String(Date.now()),
        totalBytesProcessed: bytes,
        query: {
          statementType: outcome.statementType ?? "SELECT",
          totalBytesProcessed: bytes,
          totalBytesBilled: captured.dryRun ? "0" : bytes,
          schema: { fields: outcome.table?.schema ?? [] },
        },
      },
    };
  }

  async function insertJob(res: ServerResponse, pathProject: string, body: string): Promise<void> {
    const request = JSON.parse(body) as {
      jobReference?: { projectId?: string; jobId?: string; location?: string };
      configuration?: {
        dryRun?: boolean;
        jobTimeoutMs?: string;
        query?: {
          query?: string;
          useLegacySql?: boolean;
          parameterMode?: string;
          queryParameters?: CapturedQueryParameter[];
          maximumBytesBilled?: string;
        };
      };
    };
    const query = request.configuration?.query;
    if (!query?.query) {
      send(res, 400, errorBody(400, "INVALID_ARGUMENT", [{ reason: "invalid", message: "Required parameter is missing: query" }]));
      return;
    }
    const captured: CapturedJob = {
      projectId: request.jobReference?.projectId ?? pathProject,
      jobId: request.jobReference?.jobId ?? randomBytes(8).toString("hex"),
      location: request.jobReference?.location,
      dryRun: request.configuration?.dryRun === true,
      query: query.query,
      useLegacySql: query.useLegacySql,
      parameterMode: query.parameterMode,
      queryParameters: query.queryParameters ?? [],
      maximumBytesBilled: query.maximumBytesBilled,
      jobTimeoutMs: request.configuration?.jobTimeoutMs,
    };
    fake.jobs.push(captured);
    const outcome = responder(captured);
    const bytes = outcome.totalBytesProcessed ?? 1024;
    let error = outcome.error;
    if (!error && !captured.dryRun && captured.maximumBytesBilled !== undefined && bytes > Number(captured.maximumBytesBilled)) {
      const required = Math.max(bytes, 10 * 1024 * 1024);
      error = {
        reason: "bytesBilledLimitExceeded",
        message: `Query exceeded limit for bytes billed: ${captured.maximumBytesBilled}. ${required} or higher required.`,
        stage: "results",
      };
    }
    if (error && (captured.dryRun || error.stage === "insert")) {
      send(res, 400, errorBody(400, "INVALID_ARGUMENT", [{ reason: error.reason, message: error.message }]));
      return;
    }
    const job: StoredJob = { captured, outcome, rows: outcome.table?.rows ?? [], pollsLeft: outcome.pendingPolls ?? 0, error, cancelled: false };
    if (!captured.dryRun) stored.set(captured.jobId, job);
    send(res, 200, jobResource(job, captured.dryRun || (job.pollsLeft === 0 && !error) ? "DONE" : "RUNNING"));
  }

  async function getQueryResults(res: ServerResponse, jobId: string, params: URLSearchParams): Promise<void> {
    const maxResults = params.get("maxResults");
    const timeoutMs = params.get("timeoutMs");
    fake.resultsCalls.push({
      jobId,
      maxResults: maxResults === null ? undefined : Number(maxResults),
      pageToken: params.get("pageToken") ?? undefined,
      timeoutMs: timeoutMs === null ? undefined : Number(timeoutMs),
      location: params.get("location") ?? undefined,
    });
    const job = stored.get(jobId);
    if (!job) {
      send(res, 404, errorBody(404, "NOT_FOUND", [{ reason: "notFound", message: `Not found: Job ${fake.projectId}:${jobId}` }]));
      return;
    }
    const reference = { projectId: job.captured.projectId, jobId, location: job.captured.location ?? "US" };
    if (job.cancelled) {
      send(res, 400, errorBody(400, "INVALID_ARGUMENT", [{ reason: "stopped", message: "Job execution was cancelled: User requested cancellation" }]));
      return;
    }
    if (job.pollsLeft > 0) {
      job.pollsLeft -= 1;
      // Like BigQuery, wait (a little) for the job before answering that it is still running.
      await new Promise((resolve) => setTimeout(resolve, Math.min(timeoutMs === null ? 0 : Number(timeoutMs), 50)));
      send(res, 200, { kind: "bigquery#getQueryResultsResponse", jobReference: reference, jobComplete: false });
      return;
    }
    if (job.error) {
      send(res, 400, errorBody(400, "INVALID_ARGUMENT", [{ reason: job.error.reason, message: job.error.message }]));
      return;
    }
    const schema = job.outcome.table?.schema ?? [];
    const start = Number(params.get("pageToken") ?? params.get("startIndex") ?? "0");
    const size = maxResults === null ? job.rows.length : Number(maxResults);
    const page = job.rows.slice(start, start + size);
    const next = start + page.length;
    send(res, 200, {
      kind: "bigquery#getQueryResultsResponse",
      etag: randomBytes(6).toString("base64"),
      jobReference: reference,
      schema: { fields: schema },
      totalRows: String(job.rows.length),
      ...(next < job.rows.length ? { pageToken: String(next) } : {}),
      ...(page.length > 0 ? { rows: page.map((row) => encodeRow(schema, row)) } : {}),
      totalBytesProcessed: String(job.outcome.totalBytesProcessed ?? 1024),
      jobComplete: true,
      cacheHit: false,
    });
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? "/", "http://fake-bigquery");
    const body = await readBody(req);
    if (req.method === "POST" && url.pathname === "/token") {
      fake.tokenRequests += 1;
      const form = new URLSearchParams(body);
      const assertion = form.get("assertion");
      if (form.get("grant_type") !== "urn:ietf:params:oauth:grant-type:jwt-bearer" || !assertion || !verifyAssertion(assertion, publicKey, clientEmail)) {
        send(res, 400, { error: "invalid_grant", error_description: "Invalid JWT Signature." });
        return;
      }
      const token = `ya29.fake-${randomBytes(12).toString("hex")}`;
      issuedTokens.add(token);
      send(res, 200, { access_token: token, expires_in: 3599, token_type: "Bearer" });
      return;
    }
    const bearer = /^Bearer (.+)$/.exec(req.headers.authorization ?? "")?.[1];
    if (!bearer || !issuedTokens.has(bearer)) {
      fake.unauthorizedRequests += 1;
      send(res, 401, errorBody(401, "UNAUTHENTICATED", [{ reason: "authError", message: "Request is missing required authentication credential." }]));
      return;
    }
    const route = /^\/bigquery\/v2\/projects\/([^/]+)\/(jobs|queries)(?:\/([^/]+))?(\/cancel)?$/.exec(url.pathname);
    if (!route) {
      send(res, 404, errorBody(404, "NOT_FOUND", [{ reason: "notFound", message: `Fake BigQuery has no route for ${req.method} ${url.pathname}` }]));
      return;
    }
    const [, project = "", collection, jobId, cancel] = route;
    if (collection === "jobs" && !jobId && req.method === "POST") return insertJob(res, decodeURIComponent(project), body);
    if (collection === "queries" && jobId && req.method === "GET") return getQueryResults(res, decodeURIComponent(jobId), url.searchParams);
    const job = jobId ? stored.get(decodeURIComponent(jobId)) : undefined;
    if (collection === "jobs" && job && cancel && req.method === "POST") {
      job.cancelled = true;
      fake.cancelledJobIds.push(job.captured.jobId);
      send(res, 200, { kind: "bigquery#jobCancelResponse", job: jobResource(job, "DONE") });
      return;
    }
    if (collection === "jobs" && job && req.method === "GET") {
      send(res, 200, jobResource(job, job.pollsLeft > 0 ? "RUNNING" : "DONE"));
      return;
    }
    send(res, 404, errorBody(404, "NOT_FOUND", [{ reason: "notFound", message: `Not found: Job ${project}:${jobId ?? ""}` }]));
  }

  const server: Server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      send(res, 500, errorBody(500, "INTERNAL", [{ reason: "internalError", message: error instanceof Error ? error.message : String(error) }]));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  fake.apiEndpoint = `http://127.0.0.1:${port}`;
  fake.credentialsJson = JSON.stringify({
    type: "service_account",
    project_id: projectId,
    private_key_id: randomBytes(20).toString("hex"),
    private_key: privateKey,
    client_email: clientEmail,
    client_id: "100000000000000000000",
    token_uri: `${fake.apiEndpoint}/token`,
  });
  return fake;
}
