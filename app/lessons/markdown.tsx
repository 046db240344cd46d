// Lesson Markdown as React elements. marked (MIT) only tokenizes; every token becomes an element
// here, and every piece of text reaches the DOM as a text node. Raw HTML in a lesson is shown as the
// text it is, never parsed; links open only for http(s) addresses. Nothing uses innerHTML.

import { Fragment, memo, type ReactNode } from 'react';
import { Lexer, type Token, type Tokens } from 'marked';
import { MAX_MARKDOWN_DEPTH, markdownDepth } from './markdown-depth.ts';

function safeHref(href: string): string | undefined {
  try {
    const url = new URL(href, 'https://invalid.example/');
    return url.protocol === 'https:' || url.protocol === 'http:' ? href : undefined;
  } catch {
    return undefined;
  }
}

function inline(tokens: Token[] | undefined, key = ''): ReactNode[] {
  return (tokens ?? []).map((t, i) => {
    const k = `${key}${i}`;
    switch (t.type) {
      case 'strong':
        return <strong key={k}>{inline((t as Tokens.Strong).tokens, k)}</strong>;
      case 'em':
        return <em key={k}>{inline((t as Tokens.Em).tokens, k)}</em>;
      case 'del':
        return <del key={k}>{inline((t as Tokens.Del).tokens, k)}</del>;
      case 'codespan':
        return (
          <code key={k} className="rounded bg-slate-100 px-1 text-[0.9em]">
            {(t as Tokens.Codespan).text}
          </code>
        );
      case 'br':
        return <br key={k} />;
      case 'link': {
        const link = t as Tokens.Link;
        const href = safeHref(link.href);
        const children = inline(link.tokens, k);
        return href ? (
          <a key={k} href={href} target="_blank" rel="noopener noreferrer" className="underline">
            {children}
          </a>
        ) : (
          <Fragment key={k}>{children}</Fragment>
        );
      }
      case 'text': {
        const text = t as Tokens.Text;
        return text.tokens ? (
          <Fragment key={k}>{inline(text.tokens, k)}</Fragment>
        ) : (
          <Fragment key={k}>{decode(text.text)}</Fragment>
        );
      }
      case 'escape':
        return <Fragment key={k}>{(t as Tokens.Escape).text}</Fragment>;
      default:
        // html, images and anything else: the source text, as text.
        return <Fragment key={k}>{t.raw}</Fragment>;
    }
  });
}

/** marked escapes &, <, >, " and ' in text tokens for HTML output; React escapes again, so undo. */
function decode(text: string): string {
  return text
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&');
}

function block(tokens: Token[], key = ''): ReactNode[] {
  return tokens.map((t, i) => {
    const k = `${key}${i}`;
    switch (t.type) {
      case 'paragraph':
        return <p key={k}>{inline((t as Tokens.Paragraph).tokens, k)}</p>;
      case 'heading':
        return (
          <p key={k} className="font-semibold">
            {inline((t as Tokens.Heading).tokens, k)}
          </p>
        );
      case 'list': {
        const list = t as Tokens.List;
        const items = list.items.map((item, j) => (
          <li key={j}>{block(item.tokens, `${k}.${j}`)}</li>
        ));
        return list.ordered ? (
          <ol key={k} className="ml-5 list-decimal">
            {items}
          </ol>
        ) : (
          <ul key={k} className="ml-5 list-disc">
            {items}
          </ul>
        );
      }
      case 'blockquote':
        return (
          <blockquote key={k} className="border-l-4 border-slate-300 pl-2">
            {block((t as Tokens.Blockquote).tokens, k)}
          </blockquote>
        );
      case 'code':
        return (
          <pre key={k} className="overflow-x-auto rounded bg-slate-100 p-2 text-[0.9em]">
            <code>{(t as Tokens.Code).text}</code>
          </pre>
        );
      case 'hr':
        return <hr key={k} />;
      case 'space':
        return null;
      case 'text': {
        const text = t as Tokens.Text;
        return <p key={k}>{text.tokens ? inline(text.tokens, k) : decode(text.text)}</p>;
      }
      default:
        return <p key={k}>{t.raw}</p>;
    }
  });
}

/** Tokens of `text`, or undefined when it nests too deep for the lexer and the renderer (their
 * recursion overflows the stack: markdown-depth.ts) or the lexer fails. */
function lex(text: string): Token[] | undefined {
  if (markdownDepth(text) > MAX_MARKDOWN_DEPTH) return undefined;
  try {
    return Lexer.lex(text);
  } catch {
    return undefined;
  }
}

/** Markdown text as elements (memoized on the text); text nested too deep shows as plain text. */
export const Markdown = memo(function Markdown(props: { text: string; className?: string }) {
  const tokens = lex(props.text);
  return (
    <div className={props.className ?? 'lesson-md flex flex-col gap-2'}>
      {tokens ? block(tokens) : <p className="whitespace-pre-wrap break-words">{props.text}</p>}
    </div>
  );
});
