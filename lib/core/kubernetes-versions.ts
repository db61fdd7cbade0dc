/**
 * Kubernetes minor versions the generated clusters may run, with the end of
 * standard and extended support on each cloud. Dependency-free: the blueprint
 * loader and the policy engine (AA504) both read it.
 *
 * Update it when a cloud publishes a new minor version; a version that is not
 * here is refused at load time.
 */

export type SupportCloud = "eks" | "gke";

export interface SupportWindow {
  /** Last day of standard support (YYYY-MM-DD, UTC); the day after, the version is in extended support. */
  readonly endOfStandard: string;
  /** Last day of extended support; after it the cloud upgrades or refuses the version. */
  readonly endOfExtended: string;
  /** True when the date is derived from the cloud's stated policy, not read off its calendar. */
  readonly estimated?: boolean;
}

export interface KubernetesVersion {
  /** Minor version, e.g. `1.35`. */
  readonly version: string;
  /** Upstream release date. */
  readonly released: string;
  readonly eks: SupportWindow;
  readonly gke: SupportWindow;
}

export const VERSION_SOURCES: Readonly<Record<SupportCloud, string>> = {
  eks: "https://docs.aws.amazon.com/eks/latest/userguide/kubernetes-versions.html",
  // GKE: about 14 months of standard and 24 months in all from availability in the Regular
  // channel; dates are that policy applied to a Regular availability about two months after
  // the upstream release (the release schedule page gives the exact day).
  gke: "https://cloud.google.com/kubernetes-engine/docs/release-schedule",
};

/** Looked up 2026-12-01 (EKS calendar as published; GKE estimated from its policy, see VERSION_SOURCES). */
export const KUBERNETES_VERSIONS: readonly KubernetesVersion[] = [
  {
    version: "1.30",
    released: "2024-04-17",
    eks: { endOfStandard: "2025-07-23", endOfExtended: "2026-07-23" },
    gke: { endOfStandard: "2025-08-31", endOfExtended: "2026-06-30", estimated: true },
  },
  {
    version: "1.31",
    released: "2024-08-13",
    eks: { endOfStandard: "2025-11-26", endOfExtended: "2026-11-26" },
    gke: { endOfStandard: "2025-12-31", endOfExtended: "2026-10-31", estimated: true },
  },
  {
    version: "1.32",
    released: "2024-12-11",
    eks: { endOfStandard: "2026-03-23", endOfExtended: "2027-03-23" },
    gke: { endOfStandard: "2026-04-30", endOfExtended: "2027-02-28", estimated: true },
  },
  {
    version: "1.33",
    released: "2025-04-23",
    eks: { endOfStandard: "2026-07-29", endOfExtended: "2027-07-29" },
    gke: { endOfStandard: "2026-08-31", endOfExtended: "2027-06-30", estimated: true },
  },
  {
    version: "1.34",
    released: "2025-08-27",
    eks: { endOfStandard: "2026-12-02", endOfExtended: "2027-12-02" },
    gke: { endOfStandard: "2026-12-31", endOfExtended: "2027-10-31", estimated: true },
  },
  {
    version: "1.35",
    released: "2025-12-17",
    eks: { endOfStandard: "2027-03-27", endOfExtended: "2028-03-27" },
    gke: { endOfStandard: "2027-04-30", endOfExtended: "2028-02-29", estimated: true },
  },
  {
    version: "1.36",
    released: "2026-04-22",
    eks: { endOfStandard: "2027-08-02", endOfExtended: "2028-08-02" },
    gke: { endOfStandard: "2027-08-31", endOfExtended: "2028-06-30", estimated: true },
  },
];

/** The default control-plane version: in standard support on EKS and GKE on 2026-12-01. */
export const DEFAULT_KUBERNETES_VERSION = "1.36";

/** "1.31", "v1.31.2", "1.31.2-gke.1200" -> "1.31"; undefined when not a version. */
export function minorVersion(v: string): string | undefined {
  const m = /^v?(\d+)\.(\d+)(?:[.-].*)?$/.exec(v.trim());
  return m ? `${m[1]}.${m[2]}` : undefined;
}

export function kubernetesVersion(v: string): KubernetesVersion | undefined {
  const minor = minorVersion(v);
  return KUBERNETES_VERSIONS.find((k) => k.version === minor);
}

export type SupportStatus = "standard" | "extended" | "unsupported";

/** Where a version stands on a cloud on a day (YYYY-MM-DD); undefined when not in the table. */
export function supportStatus(v: string, cloud: SupportCloud, day: string): SupportStatus | undefined {
  const k = kubernetesVersion(v);
  if (!k) return undefined;
  const w = k[cloud];
  if (day <= w.endOfStandard) return "standard";
  if (day <= w.endOfExtended) return "extended";
  return "unsupported";
}

/** Today in UTC as YYYY-MM-DD. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** True for a real calendar day written YYYY-MM-DD. */
export function isIsoDay(s: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}
