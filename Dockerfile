# syntax=docker/dockerfile:1
# The REEN image: the built app (build/, public/, prisma/migrations/) on production dependencies
# only, run as the unprivileged `node` user. Fly runs it as the `web` and `worker` processes and
# `node build/server/migrate.js` as the release command (fly.toml); `npm run jobs:retry` and
# `npm run refunds:failed` work in it too (docs/deploy.md). server/production-install.test.ts checks
# the same install without Docker: the release command on a fresh database, both processes, the
# operator commands.

FROM node:22-bookworm-slim AS base
WORKDIR /app

# All dependencies, dev ones included, to build. Only the lockfile, our patches of dependencies
# (patches/, applied by the postinstall script) and the postinstall script go in first, so this
# layer is rebuilt only when dependencies change. scripts/generate-prisma.mjs finds no
# prisma/schema.prisma here and does nothing.
# Prisma's CLI downloads its schema engine during `npm ci` (and on first use otherwise): that needs
# the internet, which a normal build machine has. No PRISMA_SCHEMA_ENGINE_BINARY is needed here:
# `prisma generate` never runs the engine, and our generate script sets it to /bin/false when unset.
FROM base AS deps
COPY package.json package-lock.json ./
COPY patches/ patches/
COPY scripts/generate-prisma.mjs scripts/
RUN --mount=type=cache,target=/root/.npm npm ci --no-audit --no-fund

# Prisma client generation, the Remix build and the server bundles (build/server/*.js).
FROM base AS build
COPY --from=deps /app/node_modules ./node_modules
COPY . .
RUN npm run build

FROM base AS runtime
ENV NODE_ENV=production APP_ENV=production PORT=3000
# Stack traces in the logs name the TypeScript sources and lines (build/**/*.js.map), for every
# node process of the image: both process groups, the release command and the operator commands.
ENV NODE_OPTIONS=--enable-source-maps
# The environment of both processes (server/node-flags.ts says why).
ENV MALLOC_ARENA_MAX=2
# Production dependencies only: no Prisma CLI or Remix compiler, and no embedded-postgres (an
# optional dependency for local runs without DATABASE_URL; production always sets DATABASE_URL).
COPY package.json package-lock.json ./
COPY patches/ patches/
COPY scripts/generate-prisma.mjs scripts/
RUN --mount=type=cache,target=/root/.npm npm ci --omit=dev --omit=optional --no-audit --no-fund
# npm's operator scripts run ensure-build.mjs first, which finds build/ in place and does nothing.
COPY scripts/ensure-build.mjs scripts/
COPY prisma/migrations ./prisma/migrations
COPY --from=build /app/public ./public
COPY --from=build /app/build ./build
# The data folder is where a single-machine demo without SESSION_SECRET keeps its generated secrets.
RUN mkdir .data && chown node:node .data
USER node
EXPOSE 3000
# The web process's Node flags (server/node-flags.ts says why).
CMD ["node", "--max-old-space-size=256", "--experimental-async-context-frame", "--liftoff-only", "build/server/index.js"]
