// Instrument a policy's source so that a runaway decision always ends, the loop-protect way: parse it
// (acorn) and insert, without adding a line, a guard at the top of every loop body (`__g`: once the
// decision's time is up the loop breaks) and at every function entry (`__f`: once the time is up
// the call throws), plus `__r` around every returned value (to name the line a decision came from).
// A synchronous infinite loop cannot be interrupted from outside its thread, so the check has to be
// in the code; this works the same in Node and in a worker, with no SharedArrayBuffer. Recursion
// without end overflows the stack and is caught as an exception.
//
// The module's exports become assignments to `__exports` (import and re-exports are refused: a
// policy runs on its own). Inserted text holds no newline, so line numbers stay those of the
// source.

import { parse, type Node } from 'acorn';
import { fullAncestor } from 'acorn-walk';

export interface CompileProblem {
  message: string;
  line: number;
  column: number;
}

export type Instrumented = { ok: true; code: string } | { ok: false; error: CompileProblem };

/** Names of the guard hooks and the exports object inside the instrumented code. */
export const HOOKS = ['__g', '__f', '__r', '__exports'] as const;

interface Insertion {
  pos: number;
  text: string;
  /** Closing text goes before opening text at one position; inner closers first, outer openers. */
  closing: boolean;
  depth: number;
}

/** Node shapes the instrumenter reads (acorn's ESTree nodes, loosely typed). */
type AnyNode = Node & {
  body?: AnyNode | AnyNode[];
  argument?: AnyNode | null;
  declaration?: AnyNode | null;
  declarations?: (AnyNode & { id: AnyNode & { name?: string } })[];
  id?: (AnyNode & { name?: string }) | null;
  name?: string;
  source?: AnyNode | null;
  specifiers?: (AnyNode & {
    local: AnyNode & { name?: string; value?: string };
    exported: AnyNode & { name?: string; value?: string };
  })[];
  expression?: boolean;
  loc?: { start: { line: number; column: number } } | null;
};

const LOOPS = new Set([
  'ForStatement',
  'ForInStatement',
  'ForOfStatement',
  'WhileStatement',
  'DoWhileStatement',
]);
const FUNCTIONS = new Set(['FunctionDeclaration', 'FunctionExpression', 'ArrowFunctionExpression']);

export function instrument(source: string): Instrumented {
  let ast: AnyNode;
  try {
    ast = parse(source, {
      ecmaVersion: 'latest',
      sourceType: 'module',
      locations: true,
      preserveParens: true,
    }) as AnyNode;
  } catch (e) {
    const err = e as { message?: string; loc?: { line: number; column: number } };
    const message = String(err.message ?? e).replace(/ \(\d+:\d+\)$/, '');
    return {
      ok: false,
      error: {
        message: `SyntaxError: ${message}`,
        line: err.loc?.line ?? 1,
        column: (err.loc?.column ?? 0) + 1,
      },
    };
  }

  const ins: Insertion[] = [];
  const tail: string[] = [];
  let problem: CompileProblem | undefined;
  const seen = new Set<Node>();
  const fail = (node: AnyNode, message: string): void => {
    problem ??= {
      message,
      line: node.loc?.start.line ?? 1,
      column: (node.loc?.start.column ?? 0) + 1,
    };
  };
  const add = (pos: number, text: string, closing: boolean, depth: number): void => {
    ins.push({ pos, text, closing, depth });
  };

  fullAncestor(ast, (n, _state, ancestors) => {
    const node = n as AnyNode;
    if (seen.has(node)) return;
    seen.add(node);
    const depth = ancestors.length;
    const line = node.loc?.start.line ?? 0;
    const type = node.type;
    if (LOOPS.has(type)) {
      const body = node.body as AnyNode;
      if (body.type === 'BlockStatement') {
        add(body.start + 1, `if(!__g(${line}))break;`, false, depth + 1);
      } else {
        add(body.start, `{if(!__g(${line}))break;`, false, depth);
        add(body.end, '}', true, depth);
      }
    } else if (FUNCTIONS.has(type)) {
      const body = node.body as AnyNode;
      if (body.type === 'BlockStatement') {
        add(body.start + 1, `__f(${line});`, false, depth + 1);
      } else {
        // An arrow's expression body: a block that guards, then returns it.
        add(body.start, `{__f(${line});return __r(${body.loc?.start.line ?? line},(`, false, depth);
        add(body.end, '));}', true, depth);
      }
    } else if (type === 'ReturnStatement' && node.argument) {
      add(node.argument.start, `__r(${line},(`, false, depth + 1);
      add(node.argument.end, '))', true, depth + 1);
    } else if (type === 'ImportDeclaration' || type === 'ImportExpression') {
      fail(node, 'a policy cannot import modules: it runs on its own, in the engine worker');
    } else if (type === 'ExportAllDeclaration') {
      fail(node, 'a policy cannot re-export another module');
    } else if (type === 'Identifier' && node.name === 'eval' && !isPropertyName(node, ancestors)) {
      // Code run by eval would escape the guards.
      fail(node, 'eval is not available to policies');
    } else if (type === 'MetaProperty') {
      fail(node, 'import.meta is not available to policies');
    } else if (type === 'ExportDefaultDeclaration') {
      const decl = node.declaration!;
      const named =
        (decl.type === 'FunctionDeclaration' || decl.type === 'ClassDeclaration') && decl.id;
      if (named) {
        replace(ins, node.start, decl.start, depth);
        tail.push(`__exports.default=${decl.id!.name};`);
      } else {
        replace(ins, node.start, decl.start, depth, '__exports.default=');
        add(decl.end, ';', true, depth);
      }
    } else if (type === 'ExportNamedDeclaration') {
      if (node.source) {
        fail(node, 'a policy cannot re-export another module');
        return;
      }
      const decl = node.declaration;
      if (decl) {
        replace(ins, node.start, decl.start, depth);
        const ids =
          decl.type === 'VariableDeclaration'
            ? (decl.declarations ?? []).map((d) => d.id)
            : decl.id
              ? [decl.id]
              : [];
        for (const id of ids) {
          if (id.type !== 'Identifier') {
            fail(id, 'export plain names (export const decide = ...), not destructuring patterns');
            return;
          }
          tail.push(`__exports.${id.name}=${id.name};`);
        }
      } else {
        replace(ins, node.start, node.end, depth);
        for (const s of node.specifiers ?? []) {
          const local = s.local.name ?? s.local.value;
          const exported = s.exported.name ?? s.exported.value;
          tail.push(`__exports[${JSON.stringify(exported)}]=${local};`);
        }
      }
    }
  });
  if (problem) return { ok: false, error: problem };

  // Apply insertions (and removals, marked by a negative-length text) from the end backwards.
  ins.sort(
    (a, b) =>
      a.pos - b.pos ||
      (a.closing === b.closing
        ? a.closing
          ? b.depth - a.depth
          : a.depth - b.depth
        : a.closing
          ? -1
          : 1),
  );
  let out = '';
  let at = 0;
  for (const i of ins) {
    if (i.pos < at) continue;
    out += source.slice(at, i.pos);
    const cut = CUTS.get(i);
    if (cut !== undefined) {
      out += i.text;
      at = cut;
    } else {
      out += i.text;
      at = i.pos;
    }
  }
  out += source.slice(at);
  return { ok: true, code: `${out}\n;${tail.join('')}` };
}

/** `a.eval` or `{ eval: 1 }`: a property name, not the global. */
function isPropertyName(node: Node, ancestors: Node[]): boolean {
  const parent = ancestors[ancestors.length - 2] as
    (Node & { property?: Node; key?: Node; computed?: boolean; shorthand?: boolean }) | undefined;
  if (!parent || parent.computed) return false;
  if (parent.type === 'MemberExpression') return parent.property === node;
  if (
    parent.type === 'Property' ||
    parent.type === 'MethodDefinition' ||
    parent.type === 'PropertyDefinition'
  ) {
    return parent.key === node && parent.shorthand !== true;
  }
  return false;
}

/** Removals: an insertion whose source from `pos` to the mapped end is replaced by its text. */
const CUTS = new WeakMap<Insertion, number>();

function replace(ins: Insertion[], start: number, end: number, depth: number, text = ''): void {
  const i: Insertion = { pos: start, text, closing: false, depth };
  CUTS.set(i, end);
  ins.push(i);
}
