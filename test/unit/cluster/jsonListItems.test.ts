import assert from 'node:assert/strict';
import fc from 'fast-check';
import { describe, it } from 'mocha';
import { JsonListItems } from '../../../src/cluster/jsonListItems';

/** Feeds `text` cut at `cuts` (byte offsets) and returns the parsed items and envelope. */
function split(text: string, cuts: readonly number[] = []): { items: unknown[]; envelope: unknown } {
  const bytes = Buffer.from(text, 'utf8');
  const items: unknown[] = [];
  const splitter = new JsonListItems((t) => items.push(JSON.parse(t)));
  let from = 0;
  for (const cut of [...cuts].sort((a, b) => a - b)) {
    const at = Math.min(bytes.length, cut);
    splitter.write(bytes.subarray(from, at));
    from = at;
  }
  splitter.write(bytes.subarray(from));
  return { items, envelope: splitter.end() };
}

const lease = (name: string) => ({
  metadata: { name, namespace: 'kube-node-lease', resourceVersion: '12', managedFields: [{ manager: 'kubelet' }] },
  spec: { holderIdentity: name, renewTime: '2026-12-02T10:00:00.000000Z' },
});

describe('JsonListItems: a list response split into its items as it arrives', () => {
  it('hands over every item, and the envelope with its metadata and no items', () => {
    const list = {
      kind: 'LeaseList',
      apiVersion: 'coordination.k8s.io/v1',
      metadata: { resourceVersion: '99', continue: 'abc' },
      items: [lease('a'), lease('b')],
    };
    const { items, envelope } = split(JSON.stringify(list));
    assert.deepEqual(items, list.items);
    assert.deepEqual(envelope, { ...list, items: [] });
  });

  it('gives the same result whatever the chunks, one byte at a time included', () => {
    const text = JSON.stringify(
      { metadata: { resourceVersion: '7' }, items: [lease('x'), lease('y'), lease('z')] },
      null,
      1,
    );
    const every = Array.from({ length: text.length }, (_, i) => i);
    assert.deepEqual(split(text, every), split(text));
  });

  it('is not fooled by brackets, quotes, backslashes and an "items" key inside strings and nested objects', () => {
    const tricky = {
      metadata: { name: 'items', items: [1, 2], note: 'a "quoted" ] } [ { , : \\ "items":[' },
      items: [{ a: '\\', b: '"', c: ']}', items: [{ d: 1 }] }, 'text, with ] and "quotes"', 42, null, [1, [2]]],
      after: { items: 'not these' },
    };
    const text = JSON.stringify(tricky);
    const { items, envelope } = split(text, [3, 17, 40, 41, 90]);
    assert.deepEqual(items, tricky.items);
    assert.deepEqual(envelope, { ...tricky, items: [] });
  });

  it('keeps multi-byte UTF-8 characters cut between chunks whole', () => {
    const list = { items: [{ holder: 'nœud-été-日本-🚀' }, { holder: 'ℵ' }] };
    const text = JSON.stringify(list);
    const bytes = Buffer.byteLength(text);
    const { items } = split(
      text,
      Array.from({ length: bytes }, (_, i) => i),
    );
    assert.deepEqual(items, list.items);
  });

  it('handles a list without items, with an empty items array and with items null', () => {
    assert.deepEqual(split('{"metadata":{"resourceVersion":"1"}}'), {
      items: [],
      envelope: { metadata: { resourceVersion: '1' } },
    });
    assert.deepEqual(split('{"items":[],"metadata":{}}'), { items: [], envelope: { items: [], metadata: {} } });
    assert.deepEqual(split('{"items":null}'), { items: [], envelope: { items: null } });
  });

  it('refuses a response cut short or that is not JSON, naming the problem', () => {
    assert.throws(() => split('{"items":[{"a":1},{"b":'), /ended in the middle/);
    assert.throws(() => split('{"items":[{"a":1}],"metadata":'), SyntaxError);
    assert.throws(() => split('<html>502 Bad Gateway</html>'), SyntaxError);
  });

  it('property: any JSON list, cut anywhere, gives JSON.parse’s items and envelope', () => {
    const value = fc.jsonValue({ maxDepth: 3 });
    fc.assert(
      fc.property(
        fc.record({
          metadata: fc.dictionary(fc.string(), value, { maxKeys: 3 }),
          items: fc.array(value, { maxLength: 8 }),
          extra: value,
        }),
        fc.array(fc.nat(), { maxLength: 12 }),
        fc.boolean(),
        (list, cuts, pretty) => {
          const text = JSON.stringify(list, null, pretty ? 2 : undefined);
          const expected = JSON.parse(text) as { items: unknown[] };
          const { items, envelope } = split(text, cuts);
          assert.deepEqual(items, expected.items);
          assert.deepEqual(envelope, { ...expected, items: [] });
        },
      ),
      { numRuns: 300 },
    );
  });
});
