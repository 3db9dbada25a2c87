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
COPY cli cli
RUN mvn -q -B -DskipTests package

FROM eclipse-temurin:17-jre
WORKDIR /opt/leadflow
COPY --from=build /src/cli/target/leadflow.jar /opt/leadflow/leadflow.jar
COPY examples /opt/leadflow/examples
ENV LEADFLOW_STREAMS_STATE__DIR=/var/lib/leadflow
VOLUME /var/lib/leadflow
ENTRYPOINT ["java", "-jar", "/opt/leadflow/leadflow.jar"]
CMD ["--help"]
