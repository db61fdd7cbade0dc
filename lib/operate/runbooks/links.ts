import type { Blueprint } from "../../blueprint/model";
import { type RunbookId, runbookFile } from "./catalogue";

/**
 * Where an alert's runbook is. The synth writes the runbooks to
 * `<manifests>/runbooks/` (`dist/runbooks/`), beside `k8s/` and `gitops/`,
 * and the GitOps repository holds that folder at the same place as the
 * manifests Argo CD reads (`spec.gitops.path`, default `dist/k8s`, so
 * `dist/runbooks`). With `spec.gitops.repoURL` a link is a web URL into that
 * repository at `spec.gitops.revision`:
 * `https://github.com/acme/shop-deploy/blob/main/dist/runbooks/F2-replication-lag.md`;
 * without one it is the path relative to the manifests folder,
 * `runbooks/F2-replication-lag.md`. docs/operate.md documents the scheme.
 */
export function runbookUrl(b: Blueprint, id: RunbookId): string {
  const file = runbookFile(id);
  const web = repositoryWebUrl(b.gitops?.repoURL);
  if (web === undefined) return `runbooks/${file}`;
  return `${web}/blob/${b.gitops?.revision ?? "main"}/${runbooksRepoPath(b)}/${file}`;
}

/** The folder the runbooks sit in inside the GitOps repository: beside the manifests folder. */
export function runbooksRepoPath(b: Blueprint): string {
  const manifests = b.gitops?.path ?? "dist/k8s";
  const parent = manifests.includes("/") ? manifests.slice(0, manifests.lastIndexOf("/")) : "";
  return parent === "" ? "runbooks" : `${parent}/runbooks`;
}

/**
 * The browsable address of a Git remote: `https://host/org/repo(.git)` and
 * `git@host:org/repo(.git)` become `https://host/org/repo`; anything else
 * (a file path, an unknown scheme) has none, and links stay relative.
 */
function repositoryWebUrl(repoURL: string | undefined): string | undefined {
  if (repoURL === undefined) return undefined;
  const https = /^https:\/\/([^/]+)\/(.+?)(?:\.git)?\/?$/.exec(repoURL);
  if (https) return `https://${https[1]}/${https[2]}`;
  const ssh = /^(?:ssh:\/\/)?git@([^:/]+)[:/](.+?)(?:\.git)?\/?$/.exec(repoURL);
  if (ssh) return `https://${ssh[1]}/${ssh[2]}`;
  return undefined;
}

/** CloudWatch caps `alarm_description` at 1024 characters. */
const ALARM_DESCRIPTION_MAX = 1024;

/**
 * The one way an alert text carries its runbook: CloudWatch alarm
 * descriptions (plain text) end with ` Runbook: <link>`. Every alarm
 * construct calls this with the link its stack passes; without one the text
 * is unchanged. The runbook link is kept whole when the text must be cut.
 */
export function describeWithRunbook(text: string, url: string | undefined): string {
  if (url === undefined) return text;
  const suffix = ` Runbook: ${url}`;
  const room = ALARM_DESCRIPTION_MAX - suffix.length;
  const body = text.length > room ? `${text.slice(0, Math.max(0, room - 1))}…` : text;
  return `${body}${suffix}`;
}

/** The same for Cloud Monitoring alert documentation (Markdown): a link line after the text. */
export function documentWithRunbook(markdown: string, url: string | undefined): string {
  if (url === undefined) return markdown;
  return `${markdown}\n\nRunbook: [${url.slice(url.lastIndexOf("/") + 1)}](${url})`;
}
