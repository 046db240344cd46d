// `--emit k8s`: the manifests that run a sweep on a Kubernetes cluster as an Indexed Job. Pod i runs
// shard i of n (deploy/sweep/run-shard.sh reads $JOB_COMPLETION_INDEX) from a ConfigMap holding the
// base config (a trace inlined) and the grid, and writes its sweep folder to a shared volume;
// `npm run sweep:merge` joins the folders. Every object is built with the Kubernetes API types of
// kubernetes-models and validated against its schema before anything is written.

import { quote } from '../../src/engine/echo.ts';
import type { OutputFolder } from '../io/output-folder.ts';
import { stringify } from 'yaml';
import { ConfigMap } from 'kubernetes-models/v1/ConfigMap';
import { PersistentVolumeClaim } from 'kubernetes-models/v1/PersistentVolumeClaim';
import { Pod } from 'kubernetes-models/v1/Pod';
import { Job } from 'kubernetes-models/batch/v1/Job';
import type { SweepPlan } from './plan.ts';

export interface K8sOptions {
  shards: number;
  /** Pods at once (default: all shards). */
  parallelism: number;
  image: string;
  /** Job name (DNS-1123 label): also names the ConfigMap and the results folder. */
  name: string;
  /** PersistentVolumeClaim the shards write to (ReadWriteMany: pods may land on any node). */
  pvc: string;
  /** Storage requested by the emitted claim. */
  storage: string;
  /** CPUs per pod; each pod runs that many workers. */
  cpus: number;
  memory: string;
  /** `--max-events` for every run (part of the run keys), when the sweep sets one. */
  maxEvents?: number;
}

export class K8sError extends Error {
  override name = 'K8sError';
}

/** Kubernetes caps a ConfigMap at 1 MiB. */
export const CONFIGMAP_LIMIT = 1024 * 1024;

/** DNS-1123 label (RFC 1123): what Kubernetes requires of Job and ConfigMap names' parts. */
const DNS_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
/** DNS-1123 subdomain: labels joined by dots, at most 253 characters (a claim's name). */
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
/** A resource quantity as Kubernetes reads it (`512Mi`, `1.5Gi`, `2`). */
const QUANTITY = /^(\d+(\.\d+)?|\.\d+)(Ki|Mi|Gi|Ti|Pi|Ei|k|M|G|T|P|E)?$/;
/** A container image reference: registry/path:tag or @digest, no spaces or control characters. */
const IMAGE = /^[A-Za-z0-9][A-Za-z0-9._\-/:@+]*$/;

/**
 * What Kubernetes would refuse in the options (`kubectl apply` fails on them while the YAML stays
 * well-formed), one line each; empty when all is well. (JavaScript's `$` ends the input, so a name
 * with a line break never matches.)
 */
export function k8sProblems(o: K8sOptions): string[] {
  const problems: string[] = [];
  const shown = (v: string): string => quote(v, 60);
  if (!DNS_LABEL.test(o.name) || o.name.length > 52) {
    problems.push(
      `--name: ${shown(o.name)} must be a DNS-1123 label: lower-case letters, digits and "-", starting and ending with a letter or digit, at most 52 characters (the pods' names add to it)`,
    );
  }
  if (!DNS_SUBDOMAIN.test(o.pvc) || o.pvc.length > 253) {
    problems.push(
      `--pvc: ${shown(o.pvc)} must be a DNS-1123 subdomain: lower-case letters, digits, "-" and ".", at most 253 characters`,
    );
  }
  if (!IMAGE.test(o.image) || o.image.length > 512) {
    problems.push(`--image: ${shown(o.image)} is not an image reference such as registry/name:tag`);
  }
  for (const [flag, value] of [
    ['--storage', o.storage],
    ['--memory', o.memory],
  ] as const) {
    if (!QUANTITY.test(value) || value.length > 32) {
      problems.push(`${flag}: ${shown(value)} is not a Kubernetes quantity such as 512Mi or 2Gi`);
    }
  }
  return problems;
}

export function defaultJobName(plan: SweepPlan): string {
  return `schedlab-sweep-${plan.id.slice(0, 8)}`;
}

/** The manifests as objects, validated (throws K8sError naming the first schema problem). */
export function buildManifests(
  plan: SweepPlan,
  base: Record<string, unknown>,
  grid: Record<string, unknown[]>,
  o: K8sOptions,
): { configMap: ConfigMap; pvc: PersistentVolumeClaim; job: Job; fetch: Pod } {
  const problems = k8sProblems(o);
  if (problems.length > 0) throw new K8sError(problems.join('\nsweep: '));
  if (o.shards > plan.runs.length) {
    throw new K8sError(
      `--shards: ${o.shards} shards for ${plan.runs.length} runs; some would be empty`,
    );
  }
  const data = {
    'base.json': JSON.stringify(base, null, 1) + '\n',
    'grid.json': JSON.stringify(grid, null, 1) + '\n',
  };
  const bytes = Buffer.byteLength(data['base.json']) + Buffer.byteLength(data['grid.json']);
  if (bytes > CONFIGMAP_LIMIT * 0.95) {
    throw new K8sError(
      `the ConfigMap would hold ${(bytes / 1048576).toFixed(1)} MiB, over Kubernetes' 1 MiB limit (a long trace inlined?): put the trace file in the image and point arrivals.file at its path there`,
    );
  }
  const labels = { 'app.kubernetes.io/name': 'schedlab-sweep', 'schedlab/sweep': plan.id };
  const configMap = new ConfigMap({
    metadata: { name: `${o.name}-input`, labels },
    data,
  });
  const pvc = new PersistentVolumeClaim({
    metadata: { name: o.pvc, labels: { 'app.kubernetes.io/name': 'schedlab-sweep' } },
    spec: {
      accessModes: ['ReadWriteMany'],
      resources: { requests: { storage: o.storage } },
    },
  });
  const volumes = [
    { name: 'input', configMap: { name: `${o.name}-input` } },
    { name: 'results', persistentVolumeClaim: { claimName: o.pvc } },
  ];
  const securityContext = { runAsNonRoot: true, runAsUser: 1000, runAsGroup: 1000, fsGroup: 1000 };
  const job = new Job({
    metadata: { name: o.name, labels },
    spec: {
      completionMode: 'Indexed',
      completions: o.shards,
      parallelism: Math.min(o.parallelism, o.shards),
      // A failed pod is retried on its own index; it resumes from the runs it had finished.
      backoffLimitPerIndex: 3,
      template: {
        metadata: { labels },
        spec: {
          restartPolicy: 'Never',
          securityContext,
          containers: [
            {
              name: 'sweep',
              image: o.image,
              env: [
                { name: 'SWEEP_SHARDS', value: String(o.shards) },
                { name: 'SWEEP_WORKERS', value: String(o.cpus) },
                { name: 'SWEEP_CONFIG', value: '/sweep/base.json' },
                { name: 'SWEEP_GRID', value: '/sweep/grid.json' },
                { name: 'SWEEP_OUT', value: `/results/${o.name}` },
                ...(o.maxEvents !== undefined
                  ? [{ name: 'SWEEP_MAX_EVENTS', value: String(o.maxEvents) }]
                  : []),
              ],
              resources: {
                requests: { cpu: String(o.cpus), memory: o.memory },
                limits: { memory: o.memory },
              },
              volumeMounts: [
                { name: 'input', mountPath: '/sweep', readOnly: true },
                { name: 'results', mountPath: '/results' },
              ],
            },
          ],
          volumes,
        },
      },
    },
  });
  const fetch = new Pod({
    metadata: { name: `${o.name}-fetch`, labels },
    spec: {
      restartPolicy: 'Never',
      securityContext,
      containers: [
        {
          name: 'fetch',
          image: o.image,
          command: ['sleep', '3600'],
          volumeMounts: [{ name: 'results', mountPath: '/results', readOnly: true }],
        },
      ],
      volumes: [volumes[1]!],
    },
  });
  for (const [what, object] of [
    ['ConfigMap', configMap],
    ['PersistentVolumeClaim', pvc],
    ['Job', job],
    ['Pod', fetch],
  ] as const) {
    try {
      object.validate();
    } catch (e) {
      throw new K8sError(`the emitted ${what} does not validate: ${(e as Error).message}`);
    }
  }
  return { configMap, pvc, job, fetch };
}

/** Write the manifests into `out` as YAML, one object a file. Returns the file names. */
export function writeManifests(
  out: OutputFolder,
  manifests: ReturnType<typeof buildManifests>,
): string[] {
  const files: [string, { toJSON(): unknown }][] = [
    ['configmap.yaml', manifests.configMap],
    ['pvc.yaml', manifests.pvc],
    ['job.yaml', manifests.job],
    ['fetch-pod.yaml', manifests.fetch],
  ];
  for (const [file, object] of files) {
    out.write(file, stringify(object.toJSON(), { lineWidth: 0 }));
  }
  return files.map(([f]) => f);
}
