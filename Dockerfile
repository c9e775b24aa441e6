# One image for web, worker and the ops CLI (migrate/seed); compose picks the command.
FROM node:20-bookworm-slim AS deps
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund

FROM deps AS build
COPY . .
ENV NEXT_TELEMETRY_DISABLED=1
# The build only needs syntactically valid settings; real values come from the runtime environment.
RUN DATABASE_URL=postgres://build@localhost/build REDIS_URL=redis://localhost:6379 \
    ENCRYPTION_SECRET=build-time-placeholder-secret-0123456789 NEXTAUTH_SECRET=build-time-placeholder-secret-0123456789 \
    npx next build

FROM node:20-bookworm-slim AS runtime
WORKDIR /app
ENV NODE_ENV=production NEXT_TELEMETRY_DISABLED=1 PORT=3030 HOSTNAME=0.0.0.0
RUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*
COPY --from=deps /app/node_modules ./node_modules
COPY package.json package-lock.json tsconfig.json drizzle.config.ts ./
COPY src ./src
COPY worker ./worker
COPY drizzle ./drizzle
COPY --from=build /app/.next/standalone ./web
COPY --from=build /app/.next/static ./web/.next/static
COPY --from=build /app/public ./web/public
USER node
EXPOSE 3030 3031
CMD ["node", "web/server.js"]
