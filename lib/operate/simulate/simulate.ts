import type { Blueprint } from "../../blueprint/model";
import { capacityOutcome } from "./capacity";
import { dataOutcome } from "./data";
import type { ScenarioResult, SimulationReport } from "./report";
import { worst } from "./report";
import { routingMode, routingOutcome, survivorShares } from "./routing";
import { EACH_REGION, type Scenario, scenariosFor } from "./scenarios";

/**
 * A static what-if from the blueprint, no cloud: for each scenario of
 * `--lose` (see `scenariosFor`), how long the lost regions keep clients, whether
 * the survivors carry the traffic, and what happens to writes. Throws
 * `UsageError` for a `--lose` the blueprint does not have, or an engine or
 * routing mode the simulator cannot reason about.
 */
export function simulate(b: Blueprint, lose?: string): SimulationReport {
  const mode = routingMode(b);
  const scenarios = scenariosFor(b, lose).map((s) => scenarioResult(b, s));
  return {
    format: "activeactive-simulate/v1",
    blueprint: b.name,
    pattern: b.pattern,
    engines: { ...b.database.engines },
    routingMode: mode,
    slo: { failoverSeconds: b.slo.failoverSeconds, replicationLagSeconds: b.slo.replicationLagSeconds },
    lose: lose ?? EACH_REGION,
    scenarios,
    verdict: worst(scenarios.map((s) => s.verdict)),
  };
}

function scenarioResult(b: Blueprint, s: Scenario): ScenarioResult {
  const survivors = b.regions.filter((r) => !s.lost.includes(r));
  const routing = routingOutcome(b, s.lost);
  const capacity = capacityOutcome(b, s.lost, survivorShares(routing.mode, survivors));
  const data = dataOutcome(b, s.lost);
  return {
    label: s.label,
    lost: s.lost.map((r) => r.region),
    survivors: survivors.map((r) => r.region),
    routing,
    capacity,
    data,
    verdict: worst([routing.verdict, capacity.verdict, data.verdict]),
  };
}
