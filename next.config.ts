import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  output: "standalone",
  reactStrictMode: true,
  typedRoutes: false,
  serverExternalPackages: ["pino", "bullmq", "ioredis", "postgres", "libpg-query", "node-sql-parser", "@google-cloud/bigquery"],
  poweredByHeader: false,
};

export default nextConfig;
