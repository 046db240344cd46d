// The LLM mode's actions: connect to the LLM host in the engine worker (two ports handed over with
// `connectLlm`: Comlink calls on one, frames on the other), enter and leave the mode (the request
// run is paused meanwhile and resumed after if it was playing), and the controls. Rate and
// scheduler apply to the running engine; the other settings start a new run of the same seed.
// Exports replay the run in the worker (a live run's come from what it recorded) and come back as
// CSV chunks.

import * as Comlink from 'comlink';
import { engineClient, type EngineClient } from '../engine-client.ts';
import { downloadBlob } from '../export/download.ts';
import { appStore } from '../state/app-store.ts';
import { pause as pauseRequests, play as playRequests } from '../state/actions.ts';
import {
  LLM_PROTOCOL_VERSION,
  type LlmApi,
  type LlmExportKind,
  type LlmFrame,
  type LlmPolicyResult,
} from '../../src/workers/llm-protocol.ts';
import type { LlmSchedulerName } from '../../src/engine/schedulers/registry.ts';
import { llmFrames, llmStore } from './llm-store.ts';
import { llmConfig, presetSettings, type LlmPresetId, type LlmSettings } from './llm-settings.ts';

/** The LLM host of the engine worker `client` (a worker the watchdog replaced has none). */
let api: { client: EngineClient; remote: Promise<Comlink.Remote<LlmApi>> } | undefined;
let requestsWerePlaying = false;

function isLlmFrame(data: unknown): data is LlmFrame {
  return (
    typeof data === 'object' &&
    data !== null &&
    (data as LlmFrame).kind === 'llm-frame' &&
    (data as LlmFrame).v === LLM_PROTOCOL_VERSION
  );
}

/** The LLM host, connected on first use and again once the watchdog replaced the engine worker
 * (the run then starts again, simulated, from the same settings). */
export async function connect(): Promise<Comlink.Remote<LlmApi>> {
  const client = await engineClient();
  if (api?.client !== client) {
    const restore = api !== undefined && llmStore.getState().connected;
    api = { client, remote: open(client, restore) };
  }
  return api.remote;
}

function open(client: EngineClient, restore: boolean): Promise<Comlink.Remote<LlmApi>> {
  return (async () => {
    const rpc = new MessageChannel();
    const frames = new MessageChannel();
    frames.port1.onmessage = (e: MessageEvent<unknown>) => {
      if (isLlmFrame(e.data)) {
        llmFrames.receive(e.data);
        if (llmStore.getState().playing !== e.data.playing)
          llmStore.setState({ playing: e.data.playing });
      }
    };
    await client.api.connectLlm(
      Comlink.transfer(rpc.port2, [rpc.port2]),
      Comlink.transfer(frames.port2, [frames.port2]),
    );
    const remote = Comlink.wrap<LlmApi>(rpc.port1);
    const v = await remote.version();
    if (v !== LLM_PROTOCOL_VERSION)
      throw new Error(
        `the engine worker speaks LLM protocol ${v}, the page ${LLM_PROTOCOL_VERSION}`,
      );
    if (restore) {
      const { settings, playing } = llmStore.getState();
      await remote.reset(llmConfig(settings), playing);
      await remote.setSpeed(settings.speed);
    }
    return remote;
  })();
}

/** Start a run of `settings`; false (and the problems shown) when the host refuses it. */
async function startRun(settings: LlmSettings, play: boolean): Promise<boolean> {
  const remote = await connect();
  const config = llmConfig(settings);
  const extra = llmStore.getState().lessonEngine;
  const result = await remote.reset(
    extra ? { ...config, llm: { ...config.llm, ...extra } } : config,
    play,
  );
  if (!result.ok) {
    llmStore.setState({ problems: result.problems });
    return false;
  }
  await remote.setSpeed(settings.speed);
  llmFrames.dropRunsBefore(result.runId);
  llmStore.setState({ settings, problems: [], playing: play, connected: true });
  return true;
}

/** Switch the page to LLM mode (starting a run the first time) or back to request mode. */
export async function setPageMode(mode: 'requests' | 'llm'): Promise<void> {
  const state = llmStore.getState();
  if (state.mode === mode) return;
  llmStore.setState({ mode });
  if (mode === 'llm') {
    requestsWerePlaying = appStore.getState().playing;
    if (requestsWerePlaying) await pauseRequests();
    if (!state.connected) await startRun(state.settings, true);
    else {
      // connect() also reconnects (and restores the run) after the watchdog replaced the worker.
      const remote = await connect();
      if (state.playing) await remote.play();
    }
  } else {
    if (state.connected) await (await connect()).pause();
    if (requestsWerePlaying) await playRequests();
  }
}

export async function llmPlay(): Promise<void> {
  llmStore.setState({ playing: true });
  await (await connect()).play();
}

export async function llmPause(): Promise<void> {
  llmStore.setState({ playing: false });
  await (await connect()).pause();
}

export function llmTogglePlay(): Promise<void> {
  return llmStore.getState().playing ? llmPause() : llmPlay();
}

function patch(p: Partial<LlmSettings>): LlmSettings {
  const settings = { ...llmStore.getState().settings, ...p };
  llmStore.setState({ settings });
  return settings;
}

export async function llmSetRate(rate: number): Promise<void> {
  patch({ rate });
  await (await connect()).setRate(rate);
}

export async function llmSetScheduler(name: LlmSchedulerName): Promise<void> {
  const result = await (await connect()).setScheduler(name);
  if (result.ok) {
    patch({ scheduler: name });
    llmStore.setState({ problems: [] });
  } else llmStore.setState({ problems: [result.problem] });
}

export async function llmSetSpeed(speed: number): Promise<void> {
  patch({ speed });
  await (await connect()).setSpeed(speed);
}

/** Settings that shape the engine (KV blocks, limits, preemption, lanes, SLOs): a new run. */
export async function llmRestartWith(p: Partial<LlmSettings>): Promise<boolean> {
  const next = { ...llmStore.getState().settings, ...p };
  return startRun(next, llmStore.getState().playing || !llmStore.getState().connected);
}

export async function llmLoadPreset(id: LlmPresetId): Promise<boolean> {
  const s = llmStore.getState().settings;
  return startRun({ ...presetSettings(id, { speed: s.speed }), scheduler: s.scheduler }, true);
}

/** The file each export downloads as (`npm run sim`'s names for the same content). */
export const LLM_EXPORT_FILES: Record<LlmExportKind, { name: string; type: string }> = {
  requests: { name: 'llm-requests.csv', type: 'text/csv' },
  steps: { name: 'llm-steps.csv', type: 'text/csv' },
  chrome: { name: 'llm-steps.trace.json', type: 'application/json' },
  summary: { name: 'llm-summary.json', type: 'application/json' },
};

/** Export the LLM run so far as a download (a simulated run replayed in the worker, a live one
 * from what it recorded); resolves with its rows. */
export async function llmExport(kind: LlmExportKind): Promise<number> {
  const live = llmFrames.latest?.live !== undefined;
  const parts: Uint8Array<ArrayBuffer>[] = [];
  const result = await (
    await connect()
  ).exportCsv(
    kind,
    Comlink.proxy((chunk: Uint8Array) => {
      parts.push(new Uint8Array(chunk));
    }),
  );
  const file = LLM_EXPORT_FILES[kind];
  downloadBlob(file.name, new Blob(parts, { type: file.type }));
  llmStore.setState({ lastExport: { kind, rows: result.rows, until: result.until, live } });
  return result.rows;
}

/** Put a user LLM policy in place of the scheduler from now on (compiled and guarded in the engine
 * worker; a compile error leaves the run as it was). `llmSetScheduler` goes back to a built-in. */
export async function llmSetPolicy(source: string): Promise<LlmPolicyResult> {
  return (await connect()).setPolicy(source);
}
