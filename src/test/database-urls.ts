const DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/emailops";

function baseUrl(): URL {
  return new URL(process.env.TEST_DATABASE_URL ?? process.env.DATABASE_URL ?? DEFAULT_URL);
}

export function databaseUrl(name: string): string {
  const url = baseUrl();
  url.pathname = `/${name}`;
  return url.toString();
}

export function adminUrl(): string {
  return databaseUrl("postgres");
}
