import { AuroraGlobalDatabase } from "../../lib/aws/aurora-global";
import {
  RegionalAuroraCluster,
  type RegionalAuroraClusterProps,
} from "../../lib/aws/regional-aurora-cluster";
import { only, resources, synthWithProvider } from "./synth";

const base: Omit<RegionalAuroraClusterProps, "provider" | "role"> = {
  identifier: "shop-aws-eu-west-1",
  globalClusterIdentifier: "shop-global",
  kmsKeyArn: "arn:key",
  vpcId: "vpc-1",
  vpcCidr: "10.20.0.0/16",
  subnetIds: ["subnet-a", "subnet-b"],
};

/** Arguments AWS rejects on a secondary cluster of a global database. */
const SECONDARY_REJECTS = [
  "master_username",
  "master_password",
  "master_password_wo",
  "manage_master_user_password",
  "database_name",
];

describe("AuroraGlobalDatabase", () => {
  test("GIVEN an identifier THEN an encrypted, protected aurora-postgresql global cluster with that id", () => {
    const json = synthWithProvider(
      (s, provider) => new AuroraGlobalDatabase(s, "Global", { provider, identifier: "shop-global" }),
    );
    expect(only(json, "aws_rds_global_cluster")).toMatchObject({
      global_cluster_identifier: "shop-global",
      engine: "aurora-postgresql",
      storage_encrypted: true,
      deletion_protection: true,
    });
  });
});

describe("RegionalAuroraCluster", () => {
  test("GIVEN a secondary THEN it joins by identifier and passes none of the arguments secondaries reject", () => {
    const json = synthWithProvider(
      (s, provider) => new RegionalAuroraCluster(s, "Db", { provider, ...base, role: "secondary" }),
    );
    const cluster = only(json, "aws_rds_cluster");
    expect(cluster).toMatchObject({
      global_cluster_identifier: "shop-global",
      kms_key_id: "arn:key",
      storage_encrypted: true,
      deletion_protection: true,
      iam_database_authentication_enabled: true,
      backup_retention_period: 7,
      enable_global_write_forwarding: true,
    });
    for (const arg of SECONDARY_REJECTS) expect(cluster).not.toHaveProperty(arg);
    expect(json.variable).toBeUndefined();
  });

  test("GIVEN a primary THEN the master password is write-only from an ephemeral sensitive variable, never a literal", () => {
    const json = synthWithProvider(
      (s, provider) =>
        new RegionalAuroraCluster(s, "Db", { provider, ...base, role: "primary", databaseName: "shop" }),
    );
    const cluster = only(json, "aws_rds_cluster");
    expect(cluster).toMatchObject({
      master_username: "dbadmin",
      // biome-ignore lint/suspicious/noTemplateCurlyInString: a Terraform reference, not a JS template
      master_password_wo: "${var.aurora_master_password}",
      database_name: "shop",
    });
    expect(cluster).not.toHaveProperty("master_password");
    // Secrets Manager managed passwords are unsupported for clusters in a global database.
    expect(cluster).not.toHaveProperty("manage_master_user_password");
    expect(json.variable?.aurora_master_password).toMatchObject({ sensitive: true, ephemeral: true });
    expect(json.variable?.aurora_master_password).not.toHaveProperty("default");
  });

  test("GIVEN defaults THEN instances are private, TLS is enforced and only the VPC reaches 5432", () => {
    const json = synthWithProvider(
      (s, provider) => new RegionalAuroraCluster(s, "Db", { provider, ...base, role: "secondary" }),
    );
    const instances = resources(json, "aws_rds_cluster_instance");
    expect(instances.map((i) => [i.identifier, i.publicly_accessible])).toEqual([
      ["shop-aws-eu-west-1-1", false],
      ["shop-aws-eu-west-1-2", false],
    ]);
    expect(only(json, "aws_rds_cluster_parameter_group")).toMatchObject({
      family: "aurora-postgresql16",
      parameter: [{ name: "rds.force_ssl", value: "1" }],
    });
    expect(only(json, "aws_vpc_security_group_ingress_rule")).toMatchObject({
      cidr_ipv4: "10.20.0.0/16",
      from_port: 5432,
      to_port: 5432,
    });
  });

  test("GIVEN writeForwarding false and deletionProtection false THEN false survives (?? not ||)", () => {
    const json = synthWithProvider(
      (s, provider) =>
        new RegionalAuroraCluster(s, "Db", {
          provider,
          ...base,
          role: "secondary",
          writeForwarding: false,
          deletionProtection: false,
        }),
    );
    expect(only(json, "aws_rds_cluster")).toMatchObject({
      enable_global_write_forwarding: false,
      deletion_protection: false,
    });
  });

  test("GIVEN backups under 7 days THEN construction fails naming the range", () => {
    expect(() =>
      synthWithProvider(
        (s, provider) =>
          new RegionalAuroraCluster(s, "Db", {
            provider,
            ...base,
            role: "secondary",
            backupRetentionDays: 3,
          }),
      ),
    ).toThrow("stack/Db: backupRetentionDays out of range (found 3, expected 7 to 35 days)");
  });
});
