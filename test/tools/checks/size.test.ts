// The size check of `npm run check` (tools/checks/size.ts): how it counts a file's lines and a function's, and
// what it names an offender.
import { describe, expect, it } from 'vitest';
import { findOffenders, lineCount, measureFunctions, report } from '../../../tools/checks/size.js';

const lines = (count: number, text = 'x;') => Array.from({ length: count }, () => text).join('\n');

describe('lineCount', () => {
  it('counts lines as an editor numbers them', () => {
    expect(lineCount('')).toBe(0);
    expect(lineCount('a')).toBe(1);
    expect(lineCount('a\n')).toBe(1);
    expect(lineCount('a\nb')).toBe(2);
    expect(lineCount('a\nb\n')).toBe(2);
  });
});

describe('measureFunctions', () => {
  it('measures every kind of function from its first token to its closing brace, nested ones too', () => {
    const text = [
      'export function outer(a: number) {', // 1
      '  const inner = (b: number) => {', // 2
      '    return b;', // 3
      '  };', // 4
      '  return inner(a);', // 5
      '}', // 6
      'class K {', // 7
      '  constructor() {}', // 8
      '  method() {', // 9
      '    return 1;', // 10
      '  }', // 11
      '  get value() { return 2; }', // 12
      '}', // 13
      'export const plugin = fp(async (app) => {', // 14
      '  app.ready();', // 15
      '});', // 16
      'const table = { pick: function () { return 3; } };', // 17
      'declare function ambient(): void;', // 18: no body, not measured
    ].join('\n');
    expect(measureFunctions('x.ts', text)).toEqual([
      { name: 'outer', line: 1, lines: 6 },
      { name: 'inner', line: 2, lines: 3 },
      { name: 'constructor', line: 8, lines: 1 },
      { name: 'method', line: 9, lines: 3 },
      { name: 'value', line: 12, lines: 1 },
      { name: 'plugin (callback of fp)', line: 14, lines: 3 },
      { name: 'pick', line: 17, lines: 1 },
    ]);
  });

  it('names a callback by what it is passed to', () => {
    const [callback] = measureFunctions('x.ts', 'server.registerTool("t", {}, async () => {\n  return 1;\n});');
    expect(callback).toEqual({ name: '(callback of server.registerTool)', line: 1, lines: 3 });
  });
});

describe('findOffenders', () => {
  const limits = { fileLines: 10, functionLines: 4 };

  it('lists files over the file limit and functions over the function limit, in path order', () => {
    const long = `function long() {\n${lines(4)}\n}\n`;
    const short = `function short() {\n${lines(2)}\n}\n`;
    const offenders = findOffenders(
      [
        { file: 'src/b.ts', text: `${short}${lines(8)}\n` },
        { file: 'src/a.ts', text: long },
      ],
      limits,
    );
    expect(offenders).toEqual({
      files: [{ file: 'src/b.ts', lines: 12 }],
      functions: [{ file: 'src/a.ts', name: 'long', line: 1, lines: 6 }],
    });
    expect(report(offenders, limits)).toEqual([
      'src/b.ts: 12 lines (a file has at most 10)',
      'src/a.ts:1 long: 6 lines (a function has at most 4)',
    ]);
  });

  it('finds nothing at the limits themselves', () => {
    const atLimit = `function f() {\n${lines(2)}\n}\n${lines(6)}\n`;
    expect(findOffenders([{ file: 'src/a.ts', text: atLimit }], limits)).toEqual({ files: [], functions: [] });
  });
});
