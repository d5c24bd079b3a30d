import assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { decodeJson, locateJsonError } from '../../../src/core/jsonText';

describe('locating JSON syntax errors', () => {
  const cases: [string, number, RegExp][] = [
    ['', 0, /unexpected end/],
    ['{', 1, /unexpected end, expected a property name/],
    ['{"a":}', 5, /expected a value/],
    ['{"a":1,}', 7, /property name/],
    ['{"a" 1}', 5, /expected ':'/],
    ['{"a":1 "b":2}', 7, /expected ',' or '}'/],
    ["{'a':1}", 1, /double quotes/],
    ['[1,2', 4, /unexpected end, expected ',' or '\]'/],
    ['{"a":tru}', 8, /expected a value/],
    ['{"a":01}', 6, /expected ',' or '}'/],
    ['{"a":-}', 6, /expected a digit/],
    ['{"a":"x\\q"}', 8, /bad escape/],
    ['{"a":"x\ny"}', 7, /control character/],
    ['{"a":1} x', 8, /after the JSON value/],
  ];
  for (const [text, position, detail] of cases) {
    it(`${JSON.stringify(text)} fails at ${position}`, () => {
      const found = locateJsonError(text);
      assert.equal(found?.position, position);
      assert.match(found?.detail ?? '', detail);
      const decoded = decodeJson(text);
      assert.equal(decoded.ok, false);
    });
  }

  it('finds nothing wrong in valid JSON', () => {
    for (const text of ['{}', '[]', '{"a":[1,-2.5e3,true,false,null,"\\u00e9\\n"]}', ' 1 ']) {
      assert.equal(locateJsonError(text), undefined, text);
      assert.equal(decodeJson(text).ok, true);
    }
  });

  it('does not overflow on absurd nesting', () => {
    const text = '['.repeat(200_000);
    const decoded = decodeJson(text);
    assert.equal(decoded.ok, false);
  });
});
