import { synthBlueprint } from "../stacks/helpers";
import { references, structuralProblems } from "./structure";

/** A Terraform interpolation, written so no string looks like a broken template literal. */
const tf = (expression: string) => ["$", "{", expression, "}"].join("");

const BLUEPRINTS = ["blueprints/multi-cloud.yaml", "blueprints/gcp-global.yaml"];

describe.each(BLUEPRINTS)("structure of every stack of %s", (file) => {
  const { stacks, names } = synthBlueprint(file);

  test.each(names)(
    "GIVEN stack %s THEN every argument is known, required ones are set, every reference resolves",
    (name) => {
      expect(structuralProblems(stacks[name] as Record<string, unknown>)).toEqual([]);
    },
  );
});

describe("the structural check itself", () => {
  const stack = (resource: Record<string, unknown>, data: Record<string, unknown> = {}) => ({
    provider: { google: [{ alias: "r" }] },
    resource,
    data,
  });

  test("GIVEN a resource without a required argument THEN it is reported by its Terraform name", () => {
    const problems = structuralProblems(
      stack({ google_compute_vpn_tunnel: { t: { provider: "google.r", name: "t" } } }),
    );
    expect(problems).toEqual(["google_compute_vpn_tunnel.t: missing required argument shared_secret"]);
  });

  test("GIVEN a required nested argument missing THEN it is reported with its path", () => {
    const problems = structuralProblems(
      stack({
        google_billing_budget: {
          b: {
            provider: "google.r",
            billing_account: "x",
            amount: { specified_amount: {} },
            threshold_rules: [{}],
          },
        },
      }),
    );
    expect(problems).toEqual([
      "google_billing_budget.b.threshold_rules[0]: missing required argument threshold_percent",
    ]);
  });

  test("GIVEN an unknown argument, an undeclared provider and a dangling reference THEN each is reported", () => {
    const problems = structuralProblems(
      stack({
        google_compute_router: {
          r: {
            provider: "google.elsewhere",
            name: "r",
            network: tf("google_compute_network.missing.id"),
            no_such_argument: true,
          },
        },
      }),
    );
    expect(problems).toEqual([
      'google_compute_router.r: provider "google.elsewhere" is not declared in the stack',
      "google_compute_router.r: unknown argument no_such_argument",
      `reference ${tf("google_compute_network.missing.id")} does not resolve in this stack`,
    ]);
  });

  test("GIVEN a provider block with an unknown argument THEN it is reported", () => {
    expect(structuralProblems({ provider: { google: [{ alias: "r", regoin: "x" }] } })).toEqual([
      "provider google[0]: unknown argument regoin",
    ]);
  });

  test("GIVEN references to data sources and resources THEN both kinds are found", () => {
    expect(
      references({
        a: [`x ${tf("data.google_project.p.number")} y`, { b: tf("toset(data.aws_route_tables.t.ids)") }],
      }),
    ).toEqual(["data.google_project.p.number", "data.aws_route_tables.t.ids"]);
  });
});
