# One image for every leadflow service; the command picks the service (see docker-compose.yml).
# Built on your host: `docker compose up --build` (no image can be pulled or built on the CI machine).
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml ./
COPY schemas schemas
COPY platform platform
COPY enrichment-stream enrichment-stream
COPY scoring-stream scoring-stream
COPY routing-stream routing-stream
COPY notification-sink notification-sink
COPY ops ops
COPY cli cli
# routing-stream and scoring-stream bundle the example rules as their built-in defaults.
COPY examples examples
# The cache mount (BuildKit, the default builder of current Docker) keeps ~/.m2 between builds, so a code change
# does not download every dependency again.
RUN --mount=type=cache,target=/root/.m2 mvn -q -B -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /opt/leadflow
COPY --from=build /src/cli/target/leadflow.jar /opt/leadflow/leadflow.jar
COPY examples /opt/leadflow/examples
ENV LEADFLOW_STREAMS_STATE__DIR=/var/lib/leadflow \
    LEADFLOW_MANAGEMENT_PORT=8080
VOLUME /var/lib/leadflow
EXPOSE 8080
# Ready = the service's /health/ready answers 200 (Streams RUNNING or REBALANCING). The JRE image has no curl or
# wget, so the check is `leadflow health` itself, on a small heap and without the JIT's top tier (it runs briefly).
HEALTHCHECK --interval=15s --timeout=10s --start-period=90s --retries=3 \
  CMD ["java", "-Xmx48m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-jar", "/opt/leadflow/leadflow.jar", "health"]
ENTRYPOINT ["java", "-jar", "/opt/leadflow/leadflow.jar"]
CMD ["--help"]
