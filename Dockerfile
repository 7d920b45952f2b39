# Slipway's image: `docker build -t slipway .`, then
#   docker run -p 3000:3000 -v slipway-data:/data -v $PWD/slipway.yaml:/etc/slipway/slipway.yaml:ro \
#     --env-file slipway.env slipway
# Tokens come in at run time (--env-file, or a Kubernetes Secret), never from this file.

# Build stage: the Maven wrapper on a JDK. The pom and the wrapper go in first, so that the dependencies are a
# layer of their own, fetched again only when the pom changes.
FROM eclipse-temurin:17-jdk-jammy AS build
WORKDIR /build
COPY pom.xml mvnw ./
COPY .mvn/ .mvn/
RUN ./mvnw -B -q dependency:go-offline
COPY src/ src/
RUN ./mvnw -B -DskipTests package

# Runtime stage: a JRE, the jar and its launcher, run as a fixed non-root user.
FROM eclipse-temurin:17-jre-jammy
# tini as PID 1 reaps what a detached deploy script leaves behind and passes SIGTERM on to the JVM, whose
# shutdown hook gives running jobs their grace. curl is named although the base image has it today: the
# health check needs it, and the base keeps it only for historical reasons.
RUN apt-get update \
    && apt-get install -y --no-install-recommends tini curl \
    && rm -rf /var/lib/apt/lists/* \
    && groupadd --system --gid 10001 slipway \
    && useradd --system --uid 10001 --gid 10001 --home-dir /data --no-create-home \
       --shell /usr/sbin/nologin slipway \
    && mkdir -p /data /etc/slipway \
    && chown 10001:10001 /data
# bin/slipway looks for the jar at target/slipway.jar below its own home, here /opt/slipway.
COPY --from=build /build/target/slipway.jar /opt/slipway/target/slipway.jar
COPY bin/slipway /opt/slipway/bin/slipway
# The SQLite file (database.url jdbc:sqlite:slipway.db is relative) and dataDir (.slipway) live in the working
# directory, so both land on the volume.
WORKDIR /data
VOLUME /data
EXPOSE 3000
# curl rather than wget: -f turns an HTTP error into a failed check, --max-time bounds it below the timeout.
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
    CMD curl -fsS --max-time 4 -o /dev/null http://127.0.0.1:3000/healthz || exit 1
USER 10001:10001
ENTRYPOINT ["/usr/bin/tini", "--", "/opt/slipway/bin/slipway"]
CMD ["serve", "--config", "/etc/slipway/slipway.yaml"]
