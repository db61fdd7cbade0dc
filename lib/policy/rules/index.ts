// The catalogue: every rule, in id order. One rule per file.

import type { Rule } from "../types";
import { rule as AA101 } from "./aa101-routed-record-health-check";
import { rule as AA102 } from "./aa102-routed-record-ttl";
import { rule as AA103 } from "./aa103-failover-time";
import { rule as AA104 } from "./aa104-flapping-health-check";
import { rule as AA105 } from "./aa105-single-serving-region";
import { rule as AA106 } from "./aa106-front-door-without-pods";
import { rule as AA201 } from "./aa201-datastore-encryption";
import { rule as AA202 } from "./aa202-serving-region-without-replica";
import { rule as AA203 } from "./aa203-deletion-protection-backups";
import { rule as AA204 } from "./aa204-replication-lag-unmonitored";
import { rule as AA205 } from "./aa205-member-cannot-take-writes";
import { rule as AA206 } from "./aa206-multi-writer-without-conflict-signal";
import { rule as AA207 } from "./aa207-consumer-without-idempotency-store";
import { rule as AA301 } from "./aa301-link-encryption";
import { rule as AA302 } from "./aa302-link-redundancy";
import { rule as AA303 } from "./aa303-literal-secret";
import { rule as AA304 } from "./aa304-datastore-public";
import { rule as AA401 } from "./aa401-budget-per-region";
import { rule as AA402 } from "./aa402-unbounded-autoscaling";
import { rule as AA403 } from "./aa403-n-minus-one-capacity";
import { rule as AA501 } from "./aa501-control-plane-version";
import { rule as AA502 } from "./aa502-workload-drift";
import { rule as AA503 } from "./aa503-required-tags";
import { rule as AA504 } from "./aa504-kubernetes-support";
import { rule as AA601 } from "./aa601-readiness-probe";
import { rule as AA602 } from "./aa602-pod-disruption-budget";
import { rule as AA603 } from "./aa603-single-replica";
import { rule as AA701 } from "./aa701-public-cluster-endpoint";
import { rule as AA702 } from "./aa702-cluster-secrets-encryption";
import { rule as AA703 } from "./aa703-audit-logs";
import { rule as AA801 } from "./aa801-health-check-hysteresis";
import { rule as AA802 } from "./aa802-error-budget-alerts";
import { rule as AA803 } from "./aa803-rollback-path";
import { rule as AA804 } from "./aa804-replication-encryption";

export const RULES: readonly Rule[] = [
  AA101,
  AA102,
  AA103,
  AA104,
  AA105,
  AA106,
  AA201,
  AA202,
  AA203,
  AA204,
  AA205,
  AA206,
  AA207,
  AA301,
  AA302,
  AA303,
  AA304,
  AA401,
  AA402,
  AA403,
  AA501,
  AA502,
  AA503,
  AA504,
  AA601,
  AA602,
  AA603,
  AA701,
  AA702,
  AA703,
  AA801,
  AA802,
  AA803,
  AA804,
];
