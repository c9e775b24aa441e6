import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  output: "standalone",
  reactStrictMode: true,
  typedRoutes: false,
  serverExternalPackages: ["pino", "bullmq", "ioredis", "postgres"],
  poweredByHeader: false,
};

export default nextConfig;
