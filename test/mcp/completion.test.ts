// The order of concept://{id} completions over search hits (pure: no app, no database).
import { describe, expect, it } from 'vitest';
import { type CompletionCandidate, rankIdCompletions } from '../../src/mcp/completion.js';

const hit = (id: string, en = id, ko = id): CompletionCandidate => ({ id, name: { en, ko } });

describe('concept id completion', () => {
  // Search's own order for "cont": a name or alias word that starts with it scores alike, wherever it is.
  const searchOrder = [
    hit('container', 'Container', '컨테이너'),
    hit('cgroups', 'Control groups', 'cgroups'),
    hit('cri', 'Container Runtime Interface', 'CRI'),
    hit('containerd'),
    hit('kata-containers', 'Kata Containers', 'Kata Containers'),
    hit('image-digest', 'Image digest', '이미지 다이제스트'),
    hit('container-runtime', 'Container runtime', '컨테이너 런타임'),
  ];

  it('puts ids that start with the text first, then ids with a part that does, then names, then the rest', () => {
    expect(rankIdCompletions('cont', searchOrder, 10)).toEqual([
      'container',
      'containerd',
      'container-runtime',
      'kata-containers',
      'cgroups',
      'cri',
      'image-digest',
    ]);
  });

  it('keeps search order within a group, ignores case and spaces, and stops at the limit', () => {
    expect(rankIdCompletions(' CONT ', searchOrder, 2)).toEqual(['container', 'containerd']);
  });

  it('ranks by the Korean name when that is what was typed', () => {
    expect(rankIdCompletions('컨테', [hit('cgroups'), hit('container-runtime', 'Container runtime', '컨테이너 런타임')], 10)).toEqual([
      'container-runtime',
      'cgroups',
    ]);
  });

  it('offers an id once even when search returns it twice', () => {
    expect(rankIdCompletions('run', [hit('runc'), hit('runc'), hit('crun')], 10)).toEqual(['runc', 'crun']);
  });
});
