import { describe, expect, it } from 'vitest';
import { alignTable } from '../../src/text/alignTable.ts';
import { clip } from '../../src/text/clip.ts';
import { ECHO_MAX, echo, stripBidiControls, stripStoredControls } from '../../src/text/echo.ts';
import { editDistance } from '../../src/text/editDistance.ts';
import { fold } from '../../src/text/fold.ts';
import { formatCell } from '../../src/text/formatCell.ts';
import { numericValue } from '../../src/text/numericValue.ts';
import { paginate } from '../../src/text/paginate.ts';
import { sourceLine } from '../../src/text/sourceLine.ts';

describe('clip', () => {
  it('leaves text at or under the limit alone, and cuts one over to exactly the limit, ellipsis included', () => {
    expect(clip('', 5)).toBe('');
    expect(clip('hello', 5)).toBe('hello');
    expect(clip('Japan: Strategic Risk Level Low.', 32)).toBe('Japan: Strategic Risk Level Low.');
    expect(clip('hello!', 5)).toBe('hell…');
    expect(clip('hello world foo', 12)).toBe('hello world…');
    expect(clip('abcdefghij', 1)).toBe('…');
  });

  it('prefers a word boundary in the last 40% and drops punctuation before the ellipsis', () => {
    expect(clip('a b c d e f g h', 8)).toBe('a b c…');
    expect(clip('alpha beta, gamma delta', 12)).toBe('alpha beta…');
    // The only space (index 7) is not past 60% of 12, so the cut falls mid-word.
    expect(clip('Myanmar rebels', 12)).toBe('Myanmar reb…');
  });

  // Was a bug: clip counted UTF-16 code units and sliced through a surrogate pair, leaving a lone
  // high surrogate ("😀\ud83d…") that Discord rejects or shows as a replacement character.
  it('never splits an emoji in half', () => {
    expect(clip('😀😀😀😀', 4)).toBe('😀…');
    expect(clip('ab😀😀', 4)).toBe('ab…');
    expect(clip('a😀b', 3)).toBe('a…');
  });
});

describe('fold', () => {
  it('lowercases, strips accents, folds quotes, dashes and compatibility forms, and keeps bidi controls', () => {
    expect(fold('Myanmar’s “Kachin” région — KIA–China')).toBe('myanmar\'s "kachin" region - kia-china');
    expect(fold('Café NAÏVE İstanbul')).toBe('cafe naive istanbul');
    expect(fold('ﬁ ² Ⅳ')).toBe('fi 2 iv');
    expect(fold('')).toBe('');
    expect(fold('\u202eABC\u202c')).toBe('\u202eabc\u202c');
  });
});

describe('alignTable', () => {
  it('pads every column to its widest cell and trims the line end; no rows leaves header and rule', () => {
    const market = {
      columns: ['Region', 'Market Share (%)'],
      rows: [
        ['China', '85'],
        ['Myanmar (KIA)', '<1'],
      ],
    };
    expect(alignTable(market)).toBe(
      [
        'Region        │ Market Share (%)',
        '──────────────┼─────────────────',
        'China         │ 85',
        'Myanmar (KIA) │ <1',
      ].join('\n'),
    );
    expect(alignTable({ columns: ['Date', 'Event'], rows: [] })).toBe('Date │ Event\n─────┼──────');
  });

  it('shortens a cell over maxCell to exactly maxCell with an ellipsis', () => {
    expect(alignTable({ columns: ['A', 'B'], rows: [['x'.repeat(45), 'y']] }, 10)).toBe(
      'A          │ B\n───────────┼──\nxxxxxxxxx… │ y',
    );
  });
});

describe('sourceLine and formatCell', () => {
  it('joins document and section with a chevron, and moves a percent unit onto numeric values only', () => {
    expect(sourceLine({ document: 'India Myanmar Rare Earths', section: 'Why Myanmar Matters' })).toBe(
      'India Myanmar Rare Earths › Why Myanmar Matters',
    );
    expect(sourceLine({ document: '', section: '' })).toBe(' › ');
    expect(formatCell('Market Share (%)', '85')).toBe('Market Share 85%');
    expect(formatCell('Market Share (%)', '<1')).toBe('Market Share <1%');
    expect(formatCell('Production Share (percent)', '24')).toBe('Production Share 24%');
    expect(formatCell('Market Share (%)', 'n/a')).toBe('Market Share n/a');
    expect(formatCell('Key Players', 'MP Materials')).toBe('Key Players MP Materials');
  });

  // Was a bug: the unit was removed together with the spaces on both sides, gluing the words around it.
  it('keeps the words around a unit in the middle of a column name apart', () => {
    expect(formatCell('Share (%) 2024', '4')).toBe('Share 2024 4%');
  });
});

describe('numericValue', () => {
  it('reads plain, decimal, percent and bounded figures, and nothing else', () => {
    expect(['85', ' 2.5 ', '10%', '85 %'].map(numericValue)).toEqual([85, 2.5, 10, 85]);
    expect(['<1', '>5', '~3', '≈3'].map(numericValue)).toEqual([0.5, 5.5, 3, 3]);
    for (const value of ['', 'High', 'Moderate (Heavy REEs)', '1,000', '-3', '.5', '3.']) {
      expect(numericValue(value), value).toBeUndefined();
    }
  });
});

describe('paginate', () => {
  it('keeps short text whole; breaks between paragraphs, then sentences, then words with an ellipsis', () => {
    expect(paginate('', 10)).toEqual(['']);
    expect(paginate('abc', 3)).toEqual(['abc']);
    expect(paginate('First para.\n\nSecond para here.', 20)).toEqual(['First para.', 'Second para here.']);
    expect(paginate('One. Two three four. Five six seven eight.', 25)).toEqual([
      'One. Two three four.',
      'Five six seven eight.',
    ]);
    expect(paginate('word word word word word word', 12)).toEqual(['word word…', 'word word…', 'word word']);
  });

  it('hard-cuts a word longer than a page, keeping every page within the size', () => {
    const pages = paginate('x'.repeat(25), 10);
    expect(pages).toEqual(['xxxxxxxxx…', 'xxxxxxxxx…', 'xxxxxxx']);
    expect(Math.max(...pages.map((p) => p.length))).toBe(10);
  });
});

describe('editDistance', () => {
  it('counts an adjacent transposition as one edit; empty against anything is its length', () => {
    const pairs: Array<[string, string]> = [
      ['', ''],
      ['', 'abc'],
      ['abc', ''],
      ['kia', 'kia'],
    ];
    expect(pairs.map(([a, b]) => editDistance(a, b))).toEqual([0, 3, 3, 0]);
    expect(editDistance('Lodnon', 'London')).toBe(1);
    expect(editDistance('ab', 'ba')).toBe(1);
    expect(editDistance('comapre', 'compare')).toBe(1);
    expect(editDistance('teh', 'the')).toBe(1);
    expect(editDistance('abcdef', 'badcfe')).toBe(3);
  });

  it('counts substitutions, insertions and case, and never edits a substring twice (optimal string alignment)', () => {
    expect(editDistance('kitten', 'sitting')).toBe(3);
    expect(editDistance('Myanmar', 'myanmar')).toBe(1);
    // True Damerau–Levenshtein gives 2 here; OSA may not insert between a swapped pair.
    expect(editDistance('ca', 'abc')).toBe(3);
    expect(editDistance('abc', 'cab')).toBe(2);
  });
});

describe('echo and stripBidiControls', () => {
  const EVERY_BIDI_CONTROL = '\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c';

  it('strips every bidi control and nothing else', () => {
    expect(stripBidiControls(`a${EVERY_BIDI_CONTROL}b`)).toBe('ab');
    expect(stripBidiControls('\u202eJapan\u202c')).toBe('Japan');
    // Zero-width joiners hold emoji together and Arabic letters are text: both stay.
    expect(stripBidiControls('👩‍👩‍👧 العربية')).toBe('👩‍👩‍👧 العربية');
  });

  it('stored text loses NUL and other C0 controls, and keeps tabs, newlines and all other text', () => {
    expect(stripStoredControls('a\u0000b\u0001c\u001fd\u007fe')).toBe('abcde');
    expect(stripStoredControls('line\nnext\tcell 👩‍👩‍👧 العربية')).toBe('line\nnext\tcell 👩‍👩‍👧 العربية');
  });

  it('quotes typed text on one line, clipped to 80 characters', () => {
    expect(echo(' Sept\n\t2025 ')).toBe('Sept 2025');
    expect(echo('\u202etxet')).toBe('txet');
    const long = echo('word '.repeat(1000));
    expect(long.length).toBeLessThanOrEqual(ECHO_MAX);
    expect(long.endsWith(' word…')).toBe(true);
    expect(echo('x'.repeat(5000), 10)).toBe(`${'x'.repeat(9)}…`);
  });
});
