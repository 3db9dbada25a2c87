package io.leadflow.routing;

import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.RepAlert;

/** An assignment and the alert for its rep; split into two topics right after the decision, never serialized. */
record RoutingResult(LeadAssignment assignment, RepAlert alert) {}
