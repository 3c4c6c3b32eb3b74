# The API image for docker-compose.yml. Neo4j runs in its own container
# (neo4j:5.26-community); NEO4J_URI points the API at it.
FROM node:20-bookworm-slim
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json codegen.ts ./
COPY src ./src
COPY cypher ./cypher
COPY tools/neo4j/neo4j.mjs tools/neo4j/neo4j.d.mts ./tools/neo4j/
RUN npm run codegen
ENV HOST=0.0.0.0 PORT=4000
EXPOSE 4000
# The API writes nothing under /app, so it runs as the image's unprivileged
# `node` user: a flaw in it does not get root in the container.
USER node
# node itself, not npm or npx, which would stand between a signal and the API,
# with the V8 options of src/config.ts API_V8_FLAGS (npm start passes them too);
# run with an init as PID 1 (`init: true` in docker-compose.yml, or
# `docker run --init`) so SIGTERM reaches it.
CMD ["node", "--max-semi-space-size=32", "--import", "tsx", "src/cli/start.ts"]
