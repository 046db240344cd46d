// Every token id of both decoders has its own word, and the word leads back to the id.
import { describe, expect, it } from 'vitest';
import { tokensText, tokenWord, wordToken } from './vocabulary.ts';

describe('the synthetic vocabulary', () => {
  it('gives each of GPT-2 small’s 50257 ids a distinct word that maps back to it', () => {
    const ids = Array.from({ length: 50257 }, (_, id) => id);
    const words = ids.map(tokenWord);
    expect(words.map(wordToken)).toEqual(ids);
    expect(new Set(words).size).toBe(50257);
  });

  it('spells the tiny decoder’s 2048 words with two syllables', () => {
    expect(tokenWord(0)).toBe('baba');
    expect(tokenWord(2047).length).toBe(4);
    expect(tokenWord(6400).length).toBe(6);
    expect(tokensText([0, 1, 5])).toBe('baba babe bada');
  });

  it('refuses what is not a token id or one of its words', () => {
    expect(() => tokenWord(-1)).toThrow(/not a non-negative integer/);
    expect(() => tokenWord(1.5)).toThrow(/not a non-negative integer/);
    expect(wordToken('bababa')).toBeUndefined();
    expect(wordToken('hello')).toBeUndefined();
    expect(wordToken('xa')).toBeUndefined();
  });
});
