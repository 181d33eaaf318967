# syntax=docker/dockerfile:1
# The API image: TypeScript compiled in a build stage; the runtime stage has production dependencies only
# and runs as the unprivileged `node` user. Neo4j itself runs in its own container (docker-compose.yml).

FROM node:24-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
# The explorer page (web/) is bundled by npm run build into dist/explorer, which the runtime stage copies with dist.
COPY tools/build-explorer.ts ./tools/
COPY web ./web
RUN npm run build

FROM node:24-bookworm-slim AS runtime
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=3000 \
    SEED_DIR=/app/graph-seed
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --no-audit --no-fund && npm cache clean --force
COPY --from=build /app/dist ./dist
COPY graph-seed ./graph-seed
USER node
EXPOSE 3000
# Liveness, not readiness: a Neo4j outage makes the API unready but not unhealthy, so no orchestrator restarts
# a process that is fine and will serve again once Neo4j returns. The port comes from the environment.
HEALTHCHECK --interval=10s --timeout=3s --start-period=20s --retries=3 \
  CMD ["node", "-e", "fetch(`http://127.0.0.1:${process.env.PORT || 3000}/health/live`, { signal: AbortSignal.timeout(2500) }).then((r) => process.exit(r.ok ? 0 : 1), () => process.exit(1))"]
# SIGTERM drains: readiness 503, in-flight requests finish, then exit 0 within SHUTDOWN_GRACE_MS (8 s),
# below `docker stop`'s and Compose's default 10 s before SIGKILL.
ENV SHUTDOWN_GRACE_MS=8000
STOPSIGNAL SIGTERM
# node directly (not npm, not a shell) so SIGTERM reaches the process itself.
CMD ["node", "dist/src/server.js"]
