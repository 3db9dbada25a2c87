package io.leadflow.schemas;

import io.leadflow.avro.Account;
import io.leadflow.avro.CompanyProfile;
import io.leadflow.avro.ConfigDocument;
import io.leadflow.avro.EmailIdentity;
import io.leadflow.avro.EnrichedLead;
import io.leadflow.avro.LeadAssignment;
import io.leadflow.avro.LeadEvent;
import io.leadflow.avro.LeadOutcome;
import io.leadflow.avro.LeadOwnership;
import io.leadflow.avro.LeadScore;
import io.leadflow.avro.LeadScoreState;
import io.leadflow.avro.LeadStageChange;
import io.leadflow.avro.NotificationDelivery;
import io.leadflow.avro.NotificationRetry;
import io.leadflow.avro.PendingLeads;
import io.leadflow.avro.PoolCommand;
import io.leadflow.avro.PoolEvent;
import io.leadflow.avro.PoolLead;
import io.leadflow.avro.PoolRepState;
import io.leadflow.avro.PoolRepWindowCount;
import io.leadflow.avro.PoolSourceStats;
import io.leadflow.avro.PoolStatsDelta;
import io.leadflow.avro.Rep;
import io.leadflow.avro.RepAlert;
import io.leadflow.avro.RepLoad;
import io.leadflow.avro.RepLoadDelta;
import io.leadflow.avro.RepWeight;
import io.leadflow.avro.RoutingRequest;
import java.util.List;
import org.apache.avro.Schema;

/**
 * The top-level record schemas that travel on topics, public and internal (changelogs, repartitions): the set
 * that is published and must evolve compatibly.
 */
public final class TopicSchemas {

  public static final List<Schema> ALL = List.of(
      LeadEvent.getClassSchema(),
      CompanyProfile.getClassSchema(),
      Account.getClassSchema(),
      EnrichedLead.getClassSchema(),
      LeadScore.getClassSchema(),
      LeadStageChange.getClassSchema(),
      LeadOutcome.getClassSchema(),
      Rep.getClassSchema(),
      RepWeight.getClassSchema(),
      ConfigDocument.getClassSchema(),
      PoolCommand.getClassSchema(),
      PoolEvent.getClassSchema(),
      LeadAssignment.getClassSchema(),
      RepAlert.getClassSchema(),
      NotificationDelivery.getClassSchema(),
      LeadScoreState.getClassSchema(),
      EmailIdentity.getClassSchema(),
      PendingLeads.getClassSchema(),
      RepLoad.getClassSchema(),
      RoutingRequest.getClassSchema(),
      LeadOwnership.getClassSchema(),
      RepLoadDelta.getClassSchema(),
      NotificationRetry.getClassSchema(),
      PoolLead.getClassSchema(),
      PoolRepState.getClassSchema(),
      PoolStatsDelta.getClassSchema(),
      PoolSourceStats.getClassSchema(),
      PoolRepWindowCount.getClassSchema());

  private TopicSchemas() {}
}
