// Every LLM-serving term the LLM mode shows, explained in a sentence or two, and `Term`: the term
// with a dotted underline whose explanation is its tooltip and, for keyboard and touch users, a
// toggle that shows it in place (a button, so it is reachable with Tab and read by screen readers).

import { useId, useState, type ReactNode } from 'react';

export const GLOSSARY = {
  llmMode:
    'Serving a language model: each request has a prompt (read in one pass, the prefill) and an answer generated one token per step (decode). The engine forms one step at a time per replica.',
  ttft: 'Time to first token: from arrival to the first generated token. Waiting in the queue plus the prefill of the prompt.',
  tpot: 'Time per output token: the mean gap between a request’s generated tokens after the first, (end − first token) / (tokens − 1). Every step that includes a long prefill stretches it.',
  goodput:
    'Completed requests per second that met both SLOs, TTFT and TPOT. Throughput that misses its SLO does not count.',
  slo: 'Service-level objective: the TTFT and TPOT a request must meet to count as good. Dashed lines on the CDFs.',
  kvCache:
    'The attention keys and values of every token a request has seen, kept on the GPU so that each new token reads them instead of recomputing them. It grows by one token per step per request and is what runs out first.',
  block:
    'The KV cache is paged (PagedAttention): memory is cut into blocks of a fixed number of tokens, and a request holds only the blocks its tokens fill, anywhere in memory.',
  blockMap:
    'Every cell is one KV-cache block of a replica. A colour is one request (its blocks are scattered: paging needs no contiguous run); gold cells are shared prefix blocks; grey cells are cached prefix blocks nobody uses now; red cells were just taken from a preempted request; empty cells are free.',
  preemption:
    'When a running request needs a new block and none is free, the scheduler takes all blocks of the lowest-priority running request (the newest, for FCFS). Recompute: its tokens are computed again when it returns. Swap: its blocks are copied to host memory and back.',
  maxNumSeqs:
    'max_num_seqs: the most requests one step may hold (vLLM’s limit on the running batch).',
  tokenBudget:
    'max_num_batched_tokens: the most tokens one step may compute, prompt chunks plus one per decoding request. A small budget splits long prompts into chunks (with chunked prefill).',
  scheduler:
    'The iteration-level scheduler decides, each step, which requests run and how many tokens each computes. It switches live: requests keep their places.',
  rate: 'Mean requests arriving per second. A trace keeps its own pattern of arrivals, compressed or stretched to this mean.',
  continuousBatching:
    'Continuous batching: a finished request leaves the batch at the end of its step and a waiting one joins at the next, instead of the whole batch waiting for its longest answer.',
  kvInUse: 'KV-cache blocks held by requests now, over all replicas, and the share of all blocks.',
  preemptions:
    'Requests that lost their KV cache to make room since the run began; each one is work thrown away (recompute) or copied (swap), and a stall for that request.',
  tokensPerS: 'Generated tokens per simulated second over the last five seconds.',
  batch: 'Mean requests in one step since the run began.',
  replica:
    'A replica (lane) is one copy of the model on one GPU-class device with its own KV cache; requests are routed to one and stay there.',
  ledger:
    'Every request is accounted for: arrived = completed + rejected + queued + running. Rejected: too long to ever fit the KV cache.',
  speed: 'Simulated seconds per wall-clock second.',
  stepGantt:
    'Each replica runs one step at a time: one forward pass over every request in the batch. A step computes prompt tokens (prefill, possibly a chunk of a long prompt) and one new token for each decoding request; it lasts as long as its slowest part, so a long prefill delays every decoding request’s next token.',
  promptLength:
    'Prompt tokens per request, drawn from a lognormal distribution with this mean. Each prompt is read in one prefill (or in chunks) and fills KV blocks before the first token.',
  outputLength:
    'Generated tokens per request (the answer), drawn from a lognormal distribution with this mean. Each costs one decode step and one more KV slot; the engine does not know it in advance.',
  cv: 'Coefficient of variation: the standard deviation over the mean. 0 makes every request the same length; 1 is typical of chat traces (a few very long ones); above 1 is heavy-tailed.',
  prefixShare:
    'The share of requests that open with a shared prefix (one of four system prompts of this length). Prefix caching computes each prefix once and shares its KV blocks (gold on the block map); 0 turns both off.',
  router:
    'How arriving requests are spread over replicas: round_robin in turn; least_outstanding to the one with the fewest requests; least_kv to the one with the most free KV blocks; prefix_affinity keeps requests with the same prefix on one replica (so its cached blocks are reused).',
  itl: 'Inter-token latency: every gap between two consecutive tokens of a request, all counted (TPOT is their mean per request). A step with a long prefill shows as a tail of long gaps.',
  timeline:
    'Over simulated time: goodput (requests per second meeting both SLOs), generated tokens per second, KV-cache blocks in use (share of all) and requests per step. Red ticks: steps that preempted; dashed lines: a rate or scheduler change.',
  requestView:
    'Each request a row, oldest at the top: grey while it waits, orange while its prompt is computed (prefill chunks), a blue tick for each generated token, red where it was preempted until it runs again.',
  llmCompare:
    'Compare mode runs two configurations, A (your settings) and B (the same with the differences you pick), on the identical requests: the same seed gives both the same arrivals, prompts and answers, so a difference is the configuration’s, not luck’s. It runs in a worker of its own, over several seeds, each to its end.',
  pairedInterval:
    'A 95 % confidence interval over the seeds, paired: for each seed the difference B − A (for latencies the ratio B / A, on a log scale), then a Student t-interval on those differences. An interval that does not contain zero is a clear difference; one that does means the seeds cannot tell.',
  userPolicy:
    'Your own step scheduler in JavaScript: rank(request) orders admission (lower first) and preemption (highest first), chunk(request, remaining, budget) sizes prefill chunks, continuous: false makes it request-level batching. It runs in the engine worker with a time limit per decision; an error falls back to continuous batching’s answer and is shown with its line.',
} as const;

export type GlossaryKey = keyof typeof GLOSSARY;

/**
 * A term with its explanation: `children` underlined with the explanation as tooltip, then a "?"
 * that shows it in place; without children only the "?" (beside a control's own label). `name`
 * names the term for screen readers (default: the children's text).
 */
export function Term(props: { k: GlossaryKey; children?: ReactNode; name?: string }) {
  const [open, setOpen] = useState(false);
  const id = useId();
  const text = GLOSSARY[props.k];
  return (
    <span className="relative inline">
      {props.children !== undefined && (
        <span className="cursor-help underline decoration-slate-400 decoration-dotted" title={text}>
          {props.children}
        </span>
      )}
      <button
        type="button"
        className="ml-0.5 inline-flex h-3.5 w-3.5 items-center justify-center rounded-full border border-slate-300 align-middle text-[9px] leading-none text-slate-500 hover:bg-slate-100"
        aria-expanded={open}
        aria-controls={id}
        aria-label={`What is ${props.name ?? (typeof props.children === 'string' ? props.children : props.k)}?`}
        title={text}
        onClick={() => setOpen((o) => !o)}
      >
        ?
      </button>
      {open && (
        <span
          id={id}
          role="note"
          className="absolute top-full left-0 z-30 mt-1 block w-64 rounded border border-slate-300 bg-white p-2 text-left text-[11px] leading-snug font-normal text-slate-700 shadow-lg"
        >
          {text}
        </span>
      )}
    </span>
  );
}
