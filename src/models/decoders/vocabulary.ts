// What a person sees for a generated token: a fixed vocabulary of made-up words, one per token id,
// so a stream of ids reads as a stream of words one can follow ("kotu bema rilo ..."). The words
// are pronounceable syllables and nothing more: the decoders' weights are synthetic, so the words
// they pick mean nothing, and the UI says so (SYNTHETIC_DECODER_NOTE).
//
// A word is the token id written in base 80 with consonant-vowel syllables as digits (16 x 5),
// at least two syllables: ids 0..6399 (the tiny decoder's 2048) take two, GPT-2's 50257 three.

const CONSONANTS = 'bdfghjklmnprstvz';
const VOWELS = 'aeiou';
const SYLLABLES = CONSONANTS.length * VOWELS.length;

/** The word of token `id` (a non-negative integer). */
export function tokenWord(id: number): string {
  if (!Number.isInteger(id) || id < 0)
    throw new Error(`token id ${id} is not a non-negative integer`);
  let n = id;
  let word = '';
  for (let k = 0; k < 2 || n > 0; k++) {
    const s = n % SYLLABLES;
    word = CONSONANTS[Math.floor(s / VOWELS.length)]! + VOWELS[s % VOWELS.length]! + word;
    n = Math.floor(n / SYLLABLES);
  }
  return word;
}

/** The token id of a word made by tokenWord (undefined for anything else). */
export function wordToken(word: string): number | undefined {
  if (word.length < 4 || word.length % 2 !== 0) return undefined;
  let id = 0;
  for (let i = 0; i < word.length; i += 2) {
    const c = CONSONANTS.indexOf(word[i]!);
    const v = VOWELS.indexOf(word[i + 1]!);
    if (c < 0 || v < 0) return undefined;
    id = id * SYLLABLES + c * VOWELS.length + v;
  }
  return tokenWord(id) === word ? id : undefined;
}

/** Token ids as text, one word each. */
export const tokensText = (ids: readonly number[]): string => ids.map(tokenWord).join(' ');
