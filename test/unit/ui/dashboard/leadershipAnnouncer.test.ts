// What the dashboard says out loud when the selected lock changes hands (the aria-live region's text).
import { strict as assert } from 'node:assert';
import type { LockRow } from '../../../../src/protocol';
import { leadershipChangeText } from '../../../../webview/leadershipText';

const A = 'payment-gateway-84f6c9d7b-x2k4q_0b6f2e1c-7a3d-4f5e-9c8b-1d2e3f4a5b6c';
const B = 'payment-gateway-84f6c9d7b-m7p2z_5e4d3c2b-1a09-4f8e-b7c6-d5e4f3a2b1c0';

function row(holder: string | null, overrides: Partial<LockRow> = {}): LockRow {
  return { key: 'ctx/Lease/shop/payment-gateway', name: 'payment-gateway', holder, ...overrides } as LockRow;
}

describe('the dashboard announcing a leadership change of the selected lock', () => {
  it('names the new holder and the one before, shortened as the table shows them', () => {
    assert.equal(
      leadershipChangeText(row(A), row(B)),
      'Leadership of payment-gateway changed: now held by payment-gateway-84f6c9d7b-m7p2z_5e4d…b1c0, was payment-gateway-84f6c9d7b-x2k4q_0b6f…5b6c.',
    );
  });

  it('says a release and an unreadable holder in words', () => {
    assert.match(leadershipChangeText(row(A), row('')) ?? '', /changed: released, nobody holds it, was payment-/);
    assert.match(leadershipChangeText(row(''), row(null)) ?? '', /changed: its holder cannot be read, was nobody\.$/);
  });

  it('says nothing for a renewal, or for another lock', () => {
    assert.equal(leadershipChangeText(row(A), row(A, { renewTime: 5 })), undefined);
    assert.equal(leadershipChangeText(row(A), row(B, { key: 'ctx/Lease/shop/other' })), undefined);
  });
});
