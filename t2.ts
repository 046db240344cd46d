import { readFileSync } from 'node:fs';
import { parseConfig } from './src/engine/config.ts';
import { Engine } from './src/engine/engine.ts';
import { parseAzureLlmTrace } from './src/engine/llm/azure-trace.ts';
const data = readFileSync('examples/llm/AzureLLMInferenceTrace_conv.csv', 'utf8');
const config = parseConfig({ seed: 1, arrivals: { process: 'trace', format: 'azure_llm', data }, mix: { interactive_ratio: 1 }, lanes: [{ kind: 'gpu', count: 1 }], llm: {} });
const tr = parseAzureLlmTrace(data);
for (let k = 0; k < 5; k++) { const e = new Engine(config, { llmTrace: tr }); e.runToEnd(); }
