import { readFileSync } from 'node:fs';
import { parseConfig } from './src/engine/config.ts';
import { Engine } from './src/engine/engine.ts';
import { parseAzureLlmTrace } from './src/engine/llm/azure-trace.ts';
import { LlmCsvSink, LlmTraceCsv, StepsCsv } from './src/engine/llm/csv-writers.ts';
const data = readFileSync('examples/llm/AzureLLMInferenceTrace_conv.csv', 'utf8');
const config = parseConfig({ seed: 1, arrivals: { process: 'trace', format: 'azure_llm', data }, mix: { interactive_ratio: 1 }, lanes: [{ kind: 'gpu', count: 1 }], llm: {} });
for (let k = 0; k < 4; k++) {
  let t = performance.now();
  const tr = parseAzureLlmTrace(data);
  const parse = performance.now() - t;
  t = performance.now();
  const e = new Engine(config, { llmTrace: tr });
  e.runToEnd();
  const run = performance.now() - t;
  t = performance.now();
  let bytes = 0;
  const sink = new LlmCsvSink(new LlmTraceCsv((c) => (bytes += c.length), ['gpu0'], 1 << 20), new StepsCsv((c) => (bytes += c.length), ['gpu0'], 1 << 20));
  const e2 = new Engine(config, { llmTrace: tr, llmSink: sink });
  e2.runToEnd();
  const runSink = performance.now() - t;
  t = performance.now();
  e2.summary();
  const sum = performance.now() - t;
  console.log(`parse ${parse.toFixed(0)} run ${run.toFixed(0)} run+csv ${runSink.toFixed(0)} summary ${sum.toFixed(0)} bytes ${bytes}`);
}
