// What the docs promise, checked against the tree: README.md and docs/*.md are read as Markdown
// (marked's lexer), and every relative link or picture must name a file that exists (a `#anchor`, a
// heading of that page, slugged as GitHub does), every `npm run X` a script of package.json, every
// `node`/`npx` command a file or tool that is there, every path quoted in code a file or folder of
// the repository, and every flag quoted for a command one that command accepts: the strict option
// specs the CLI itself parses with (cli/io/options.ts) where the command has them, else a flag the
// script's source reads. docs-check.test.ts runs it in `npm test`.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, normalize } from 'node:path';
import GithubSlugger from 'github-slugger';
import { marked, type Token, type Tokens } from 'marked';
import { OptionError, parseOptions, type OptionSpec } from '../cli/io/options.ts';
import { OPTIONS as AUTOSCALE_COMPARE_OPTIONS } from '../cli/autoscale-compare.ts';
import { OPTIONS as COMPARE_OPTIONS } from '../cli/compare.ts';
import { OPTIONS as LOADTEST_OPTIONS } from '../cli/loadtest.ts';
import { PROFILE_OPTIONS } from '../cli/profile-options.ts';
import { OPTIONS as SIM_OPTIONS } from '../cli/run-sim.ts';
import { MERGE_OPTIONS, SWEEP_OPTIONS } from '../cli/sweep/options.ts';
import {
  LLM_OPTIONS as VALIDATE_LLM_OPTIONS,
  OPTIONS as VALIDATE_OPTIONS,
} from '../cli/validate/args.ts';

type Specs = Record<string, OptionSpec>;

/** The CLI commands with strict option specs, by npm script and by `node cli/launch.mjs` name. */
const STRICT: Record<string, { specs: Specs; positionals?: boolean }> = {
  sim: { specs: SIM_OPTIONS },
  sweep: { specs: SWEEP_OPTIONS },
  'sweep:merge': { specs: MERGE_OPTIONS, positionals: true },
  'sweep-merge': { specs: MERGE_OPTIONS, positionals: true },
  'sim:compare': { specs: COMPARE_OPTIONS },
  validate: { specs: VALIDATE_OPTIONS },
  // `npm run validate -- --llm ...` is parsed with its own options (cli/validate.ts dispatches).
  'validate --llm': { specs: VALIDATE_LLM_OPTIONS },
  profile: { specs: PROFILE_OPTIONS },
  loadtest: { specs: LOADTEST_OPTIONS },
  'compare:autoscalers': { specs: AUTOSCALE_COMPARE_OPTIONS },
};

/** Flags of other programs that the docs quote on their own (not SchedLab's commands). */
const OTHER_PROGRAMS = new Set([
  // Chromium's, for headless WebGPU on SwiftShader (docs/live-mode.md).
  '--enable-unsafe-webgpu',
  '--use-webgpu-adapter',
]);

/** Top-level folders whose quoted paths must exist (what a fresh clone holds, plus .github). */
const TREE_ROOTS = [
  'app',
  'src',
  'cli',
  'e2e',
  'scripts',
  'bench',
  'examples',
  'deploy',
  'fuzz',
  'docs',
  '.ci',
  '.github',
];

/** Paths under these are made by a command (not in a fresh clone): quoted, they need not exist. */
const GENERATED = ['public/models/', 'dist/', 'dist-cli/', 'out/'];

export interface Problem {
  file: string;
  line: number;
  message: string;
}

export interface Page {
  /** Relative to the repository root, with forward slashes. */
  path: string;
  text: string;
}

/** A heading's text as rendered (code spans, emphasis and links reduced to their text). */
function plainText(tokens: readonly Token[] | undefined, fallback: string): string {
  if (tokens === undefined) return fallback;
  return tokens
    .map((t) => {
      if ('tokens' in t && Array.isArray(t.tokens)) return plainText(t.tokens, '');
      return 'text' in t && typeof t.text === 'string' ? t.text : '';
    })
    .join('');
}

/** The anchors GitHub gives a page's headings (`#set-up`, a repeated heading `-1`, `-2`, ...). */
export function anchorsOf(text: string): Set<string> {
  const slugger = new GithubSlugger();
  const anchors = new Set<string>();
  marked.walkTokens(marked.lexer(text), (t) => {
    if (t.type === 'heading') {
      const h = t as Tokens.Heading;
      anchors.add(slugger.slug(plainText(h.tokens, h.text)));
    }
  });
  return anchors;
}

/** The line of `text` on which `raw` first occurs at or after `from` (1 when it is not found). */
function lineOf(text: string, raw: string): number {
  const at = text.indexOf(raw);
  return at < 0 ? 1 : text.slice(0, at).split('\n').length;
}

/** Split a shell command line into words (single and double quotes kept together, unquoted). */
export function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /'([^']*)'|"([^"]*)"|(\S+)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(line)) !== null) words.push(m[1] ?? m[2] ?? m[3]!);
  return words;
}

/**
 * The commands a code block or code span holds: continuation lines joined, comments dropped, each
 * line split at `&&`, `;` and `|`, leading `VAR=value` assignments dropped. Only commands that start
 * with `npm`, `node` or `npx` are returned (other programs are not SchedLab's to check).
 */
export function commandsIn(code: string): string[][] {
  const joined = code.replace(/\\\n/g, ' ');
  const out: string[][] = [];
  for (const rawLine of joined.split('\n')) {
    const line = rawLine.replace(/(^|\s)#.*$/, '');
    for (const part of line.split(/&&|;|\|/)) {
      const words = shellWords(part.trim());
      while (words.length > 0 && /^[A-Z_][A-Z0-9_]*=/.test(words[0]!)) words.shift();
      if (words[0] === 'npm' || words[0] === 'node' || words[0] === 'npx') out.push(words);
    }
  }
  return out;
}

/**
 * Whether a script without strict specs reads `flag`: its source quotes `'--flag'`, or the bare
 * name (`flag('dist')`, `get('--rounds')`) as a string.
 */
function reads(source: string, flag: string): boolean {
  return source.includes(`'${flag}'`) || source.includes(`'${flag.slice(2)}'`);
}

/** The script file an npm script runs (`tsx bench/ui.ts` -> bench/ui.ts), if it runs one. */
function scriptFile(command: string): string | undefined {
  return /(?:^|\s)(?:tsx|node)\s+(\S+\.(?:ts|mjs|js))/.exec(command)?.[1];
}

export class DocsChecker {
  private readonly scripts: Record<string, string>;
  private readonly anchors = new Map<string, Set<string>>();

  constructor(private readonly root: string) {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as {
      scripts: Record<string, string>;
    };
    this.scripts = pkg.scripts;
  }

  /** The npm scripts of package.json. */
  get scriptNames(): string[] {
    return Object.keys(this.scripts);
  }

  private anchorsIn(path: string): Set<string> {
    let a = this.anchors.get(path);
    if (a === undefined) {
      a = anchorsOf(readFileSync(join(this.root, path), 'utf8'));
      this.anchors.set(path, a);
    }
    return a;
  }

  /** A link's target (`hosting.md#load-times`, `../README.md`, `#set-up`) from `page`. */
  checkLink(page: string, href: string): string | undefined {
    if (/^[a-z][a-z0-9+.-]*:/i.test(href)) return undefined; // http(s), mailto: not ours
    const [pathPart, anchor] = href.split('#', 2) as [string, string | undefined];
    const target = pathPart === '' ? page : normalize(join(dirname(page), decodeURI(pathPart)));
    if (target.startsWith('..')) return `${href}: points outside the repository`;
    if (!existsSync(join(this.root, target))) return `${href}: no file ${target}`;
    if (anchor !== undefined && anchor !== '') {
      if (!target.endsWith('.md')) return `${href}: an anchor into a file that is not Markdown`;
      if (!this.anchorsIn(target).has(anchor))
        return `${href}: ${target} has no heading #${anchor}`;
    }
    return undefined;
  }

  /** A path quoted in code (`e2e/hosted.spec.ts`, `examples/policies/`): must exist. */
  checkPath(quoted: string): string | undefined {
    const path = quoted.replace(/[),.:;]+$/, '');
    if (!/^[\w.-]+\/[\w./-]*$/.test(path)) return undefined;
    if (!TREE_ROOTS.includes(path.split('/')[0]!)) return undefined;
    if (GENERATED.some((g) => path.startsWith(g))) return undefined;
    if (!existsSync(join(this.root, path))) return `${path}: no such file or folder`;
    if (path.endsWith('/') && !statSync(join(this.root, path)).isDirectory())
      return `${path}: not a folder`;
    return undefined;
  }

  /** The flags of `args` that `command`'s options refuse, or the problems its parser names. */
  private checkArgs(command: string, args: string[], label: string): string[] {
    const strict =
      STRICT[args.includes('--llm') && STRICT[`${command} --llm`] ? `${command} --llm` : command];
    if (strict !== undefined) {
      try {
        parseOptions(args, strict.specs, { positionals: strict.positionals === true });
        return [];
      } catch (e) {
        if (!(e instanceof OptionError)) throw e;
        return e.problems.map((p) => `${label}: ${p}`);
      }
    }
    const file = scriptFile(this.scripts[command] ?? '');
    const flags = args.filter((a) => a.startsWith('--')).map((a) => a.split('=')[0]!);
    if (flags.length === 0) return [];
    if (file === undefined) return [`${label}: takes no options (${flags.join(' ')})`];
    const source = readFileSync(join(this.root, file), 'utf8');
    return flags.filter((f) => !reads(source, f)).map((f) => `${label}: ${file} reads no ${f}`);
  }

  /** One command (`npm run sim -- --config x`, `node cli/launch.mjs sim`, `npx vitest run p`). */
  checkCommand(words: string[]): string[] {
    const label = words.join(' ');
    const [tool, verb, ...rest] = words;
    if (tool === 'npm') {
      if (verb === 'ci' || verb === 'install') return [];
      const name = verb === 'run' ? rest[0] : verb;
      if (name === undefined) return []; // `npm run` named, as a tool
      // `npm run bench…`, `npm run bench:*`: the family of scripts, at least one of them.
      const family = /^([\w:-]+)(?:…|\*)$/.exec(name)?.[1];
      if (family !== undefined)
        return this.scriptNames.some((s) => s.startsWith(family))
          ? []
          : [`${label}: package.json has no script starting "${family}"`];
      if (!(name in this.scripts)) return [`${label}: package.json has no script "${name}"`];
      const after = verb === 'run' ? rest.slice(1) : rest;
      if (after.length === 0) return [];
      if (after[0] !== '--') return [`${label}: options to a script go after --`];
      return this.checkArgs(name, after.slice(1), label);
    }
    if (tool === 'node') {
      if (verb === undefined || verb.startsWith('-')) return [];
      if (!existsSync(join(this.root, verb))) return [`${label}: no file ${verb}`];
      if (verb === 'cli/launch.mjs' && rest[0] !== undefined) {
        if (STRICT[rest[0]] === undefined)
          return [`${label}: the launcher has no command ${rest[0]}`];
        return this.checkArgs(rest[0], rest.slice(1), label);
      }
      return [];
    }
    if (tool === 'npx') {
      if (verb === undefined) return []; // `npx` named, as a tool
      if (!existsSync(join(this.root, 'node_modules/.bin', verb)))
        return [`${label}: no ${verb} in node_modules/.bin`];
      if (verb === 'vitest' || verb === 'playwright') {
        const paths = rest.filter((w) => w.includes('/') && !w.startsWith('-'));
        return paths.flatMap((p) =>
          existsSync(join(this.root, p)) ? [] : [`${label}: no file or folder ${p}`],
        );
      }
      return [];
    }
    return [];
  }

  /** A flag quoted on its own (`--seed`, `--max-events N`): some SchedLab command must take it. */
  checkBareFlag(code: string): string | undefined {
    const flag = /^(--[a-z][a-z0-9-]*)/.exec(code)?.[1];
    if (flag === undefined || OTHER_PROGRAMS.has(flag)) return undefined;
    const name = flag.slice(2);
    if (name === 'help' || Object.values(STRICT).some((s) => name in s.specs)) return undefined;
    for (const command of Object.values(this.scripts)) {
      const file = scriptFile(command);
      if (file !== undefined && reads(readFileSync(join(this.root, file), 'utf8'), flag))
        return undefined;
    }
    return `${code}: no command takes ${flag}`;
  }

  /** Every problem of one page. */
  checkPage(page: Page): Problem[] {
    const problems: Problem[] = [];
    const add = (raw: string, message: string | undefined): void => {
      if (message !== undefined)
        problems.push({ file: page.path, line: lineOf(page.text, raw), message });
    };
    marked.walkTokens(marked.lexer(page.text), (t) => {
      if (t.type === 'link' || t.type === 'image') {
        const l = t as Tokens.Link | Tokens.Image;
        add(l.raw, this.checkLink(page.path, l.href));
      } else if (t.type === 'codespan') {
        const code = (t as Tokens.Codespan).text;
        const commands = commandsIn(code);
        for (const words of commands) for (const m of this.checkCommand(words)) add(t.raw, m);
        if (code.startsWith('--')) add(t.raw, this.checkBareFlag(code));
        if (commands.length === 0)
          for (const word of code.split(/\s+/)) add(t.raw, this.checkPath(word));
      } else if (t.type === 'code') {
        const c = t as Tokens.Code;
        if (c.lang === 'sh' || c.lang === 'bash')
          for (const words of commandsIn(c.text))
            for (const m of this.checkCommand(words)) add(c.raw, m);
      }
    });
    return problems;
  }

  /** README.md and docs/*.md as pages. */
  pages(paths: readonly string[]): Page[] {
    return paths.map((path) => ({ path, text: readFileSync(join(this.root, path), 'utf8') }));
  }
}
