// A lane in a Node worker thread runs the browser's lane code (LaneService) on onnxruntime-web's
// WASM backend: it loads, warms up (a run count, then a run time), serves runs with real outputs,
// and times calibration requests.

import { describe, expect, it } from 'vitest';
import { nodeLaneClient } from './node-lane.ts';

describe('Node lane worker', () => {
  it('reads the direction of a text line and times runs like a browser lane', async () => {
    const outputs: string[] = [];
    const lane = nodeLaneClient(
      {
        name: 'cpu0',
        provider: 'wasm',
        threads: 1,
        models: ['ppocr_cls', 'silero_vad'],
        allowSoftwareAdapter: true,
        warmupRuns: 2,
      },
      { done: (_id, _ms, output) => outputs.push(output) },
    );
    try {
      const ready = await lane.ready();
      expect(ready.info.provider).toBe('wasm');
      expect(ready.info.files?.map((f) => f.key)).toEqual([
        'models/ppocr_cls.onnx',
        'models/silero_vad.onnx',
      ]);
      lane.run(1, 'ppocr_cls', 1);
      lane.run(2, 'silero_vad', 1);
      const timed = await lane.timedRun('ppocr_cls', 1);
      // The bitmap-font line is upright: the classifier says 0°.
      expect(outputs[0]).toMatch(/^0° \((0\.[5-9]\d|1\.00)\)$/);
      expect(outputs[1]).toMatch(/^speech p=0\.\d\d$/);
      expect(timed.laneMs).toBeGreaterThan(0);
      expect(timed.roundtripMs).toBeGreaterThanOrEqual(timed.laneMs);
      const profile = await lane.profileRuns('ppocr_cls', [1, 2], 3, 5000);
      expect(profile.times?.['1']).toHaveLength(3);
      expect(profile.times?.['2']).toHaveLength(3);
      expect(profile.ms['2']).toBeGreaterThan(0);
    } finally {
      lane.terminate();
    }
  }, 120_000);

  it('warms each model for its run count and then for its run time before it is ready', async () => {
    const seen: { at: number; health: string; detail: string }[] = [];
    const lane = nodeLaneClient(
      {
        name: 'cpu0',
        provider: 'wasm',
        threads: 1,
        models: ['silero_vad'],
        allowSoftwareAdapter: true,
        warmupRuns: 2,
        warmupMs: 1500,
      },
      { status: (s) => seen.push({ at: performance.now(), health: s.health, detail: s.detail }) },
    );
    try {
      await lane.ready();
      const warming = seen.filter((s) => s.health === 'warming');
      const details = warming.map((s) => s.detail);
      expect(details.slice(0, 2)).toEqual([
        'warming up silero_vad 1/2',
        'warming up silero_vad 2/2',
      ]);
      // A silero_vad run takes about a millisecond: two runs are not 1.5 s of run time, so the lane
      // kept warming (and said how far it was) before it was ready.
      expect(details.slice(2).length).toBeGreaterThan(0);
      for (const d of details.slice(2)) expect(d).toMatch(/^warming up silero_vad \d+\/1500 ms$/);
      const ready = seen.find((s) => s.health === 'ready')!;
      expect(ready.at - warming[0]!.at).toBeGreaterThanOrEqual(1500);
    } finally {
      lane.terminate();
    }
  }, 120_000);

  it('goes down with the reason when asked for a GPU-class lane (Node has no WebGPU)', async () => {
    const lane = nodeLaneClient({
      name: 'gpu0',
      provider: 'webgpu',
      threads: 1,
      models: ['ppocr_cls'],
      allowSoftwareAdapter: true,
      warmupRuns: 1,
    });
    try {
      await expect(lane.ready()).rejects.toThrow(/Node has no WebGPU/);
    } finally {
      lane.terminate();
    }
  });
});
